using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Arrays on the pinned heap (never moved by the GC) for the book's per-message storage, reached
/// through a pointer: an access is then one load and an index, not the array object, an offset
/// and a null check (hosted market-data benchmark: 0.962 and 0.983 of array access, README
/// "Market data"). The caller keeps the array in a field: that keeps the memory alive.
/// </summary>
internal static unsafe class PinnedMemory
{
    private const int CacheLine = 64;

    /// <summary>A zeroed pinned array of <paramref name="length"/> elements; returns its first.</summary>
    public static T* Allocate<T>(int length, out T[] array)
        where T : unmanaged
    {
        array = GC.AllocateArray<T>(length, pinned: true);
        return (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
    }

    /// <summary>
    /// Room for <paramref name="length"/> elements starting on a cache-line boundary (an array's
    /// data is only 8-byte aligned); returns that start. The element size must divide 64.
    /// </summary>
    public static T* LineAligned<T>(int length, out T[] array)
        where T : unmanaged
    {
        T* first = Allocate(length + CacheLine / sizeof(T), out array);
        nint misalignment = (nint)first & (CacheLine - 1);
        return (T*)((byte*)first + ((CacheLine - misalignment) & (CacheLine - 1)));
    }
}
