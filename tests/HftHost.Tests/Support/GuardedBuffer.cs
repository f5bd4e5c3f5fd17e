using System.Runtime.InteropServices;

namespace HftHost.Tests.Support;

/// <summary>
/// Bytes placed so that they end exactly where an inaccessible page begins: a parser
/// that reads even one byte past the end crashes the test instead of reading garbage.
/// </summary>
internal sealed unsafe partial class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int PageSize = 4096;

    private readonly byte* _map;
    private readonly int _length;

    public GuardedBuffer(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > PageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "at most one page");
        }
        _map = (byte*)mmap(null, 2 * PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (_map == (byte*)-1)
        {
            throw new InvalidOperationException("mmap failed");
        }
        if (mprotect(_map + PageSize, PageSize, ProtNone) != 0)
        {
            throw new InvalidOperationException("mprotect failed");
        }
        _length = bytes.Length;
        bytes.CopyTo(new Span<byte>(_map + PageSize - bytes.Length, bytes.Length));
    }

    public ReadOnlySpan<byte> Span => new(_map + PageSize - _length, _length);

    public void Dispose() => munmap(_map, 2 * PageSize);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* addr, nuint length);
}
