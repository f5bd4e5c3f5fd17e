using System.Buffers.Binary;
using System.Text;

namespace SamplePlugin;

/// <summary>
/// A MoldUDP64 session name (10 bytes) as two numbers, so looking a session up per packet
/// needs no string.
/// </summary>
internal readonly record struct SessionKey(ulong High, ushort Low)
{
    public const int Length = 10;

    public static SessionKey Read(ReadOnlySpan<byte> name) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(name), BinaryPrimitives.ReadUInt16BigEndian(name[8..]));

    /// <summary>The name as sent, trailing spaces included (the protocol pads it with spaces).</summary>
    public override string ToString()
    {
        Span<byte> name = stackalloc byte[Length];
        BinaryPrimitives.WriteUInt64BigEndian(name, High);
        BinaryPrimitives.WriteUInt16BigEndian(name[8..], Low);
        return Encoding.ASCII.GetString(name);
    }
}
