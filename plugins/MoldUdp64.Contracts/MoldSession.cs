using System.Buffers.Binary;
using System.Text;

namespace HftHost.MoldUdp64;

/// <summary>
/// A MoldUDP64 session: the 10 ASCII bytes at the start of every packet, held in two
/// integers so it compares and hashes without allocating.
/// Threading: immutable.
/// </summary>
public readonly record struct MoldSession(ulong High, ushort Low)
{
    /// <summary>Length of the session field on the wire.</summary>
    public const int Length = 10;

    /// <summary>Reads the session from the first 10 bytes of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">At least 10 bytes.</param>
    public static MoldSession Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]));

    /// <summary>A session from its text, padded with spaces to 10 characters (as NASDAQ does).</summary>
    /// <param name="text">Up to 10 ASCII characters.</param>
    public static MoldSession FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Length || !Ascii.IsValid(text))
        {
            throw new ArgumentException($"a MoldUDP64 session is at most {Length} ASCII characters: '{text}'", nameof(text));
        }
        Span<byte> bytes = stackalloc byte[Length];
        bytes.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text, bytes);
        return Read(bytes);
    }

    /// <summary>Writes the 10 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 10 bytes.</param>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], Low);
    }

    /// <summary>Writes the 10 bytes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Any writer.</param>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes);
        writer.Write(bytes);
    }

    /// <summary>The session as text, trailing spaces removed.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes);
        return Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0');
    }
}
