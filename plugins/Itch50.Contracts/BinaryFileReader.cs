using System.Buffers.Binary;

namespace HftHost.Itch50;

/// <summary>
/// Iterates NASDAQ's BinaryFILE framing, the layout of its ITCH sample files: records of a
/// 2-byte big-endian length followed by that many bytes of message, back to back. Each
/// message is a slice of the input (no copy, no allocation). A damaged tail is not an
/// exception: <see cref="TryRead"/> returns false and <see cref="Truncation"/> and
/// <see cref="Offset"/> say what and where.
/// <code>
/// var reader = new BinaryFileReader(bytes);
/// while (reader.TryRead(out ReadOnlySpan&lt;byte&gt; message)) { ItchParser.Parse(message, ref visitor); }
/// if (reader.Truncation != BinaryFileTruncation.None) { /* reader.Offset: where the damaged record starts */ }
/// </code>
/// Threading: a reader is used by one thread.
/// </summary>
public ref struct BinaryFileReader
{
    /// <summary>Bytes of the length prefix of each record.</summary>
    public const int PrefixLength = 2;

    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Starts at the beginning of <paramref name="data"/>.</summary>
    /// <param name="data">A whole file (or a prefix of one); must stay unchanged while read.</param>
    public BinaryFileReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>Bytes consumed by the records read so far: where the next record (or the damaged tail) starts.</summary>
    public int Offset { get; private set; }

    /// <summary>Messages read so far.</summary>
    public long Messages { get; private set; }

    /// <summary>Why reading stopped short of the end; <see cref="BinaryFileTruncation.None"/> until it does.</summary>
    public BinaryFileTruncation Truncation { get; private set; }

    /// <summary>True once every byte has been read as whole records.</summary>
    public readonly bool IsAtEnd => Offset == _data.Length;

    /// <summary>Bytes not consumed (0 at a clean end; the damaged tail's size otherwise).</summary>
    public readonly int Remaining => _data.Length - Offset;

    /// <summary>Reads the next record.</summary>
    /// <param name="message">The message bytes (may be empty for a zero-length record); a slice of the input.</param>
    /// <returns>False at the end of the input, or at a truncated record (see <see cref="Truncation"/>).</returns>
    public bool TryRead(out ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> rest = _data[Offset..];
        message = default;
        if (rest.IsEmpty)
        {
            return false;
        }
        if (rest.Length < PrefixLength)
        {
            Truncation = BinaryFileTruncation.PartialLengthPrefix;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (rest.Length - PrefixLength < length)
        {
            Truncation = BinaryFileTruncation.PartialMessage;
            return false;
        }
        message = rest.Slice(PrefixLength, length);
        Offset += PrefixLength + length;
        Messages++;
        return true;
    }

    /// <summary>Where and why reading stopped, for a report ("truncated at offset 35570: ..."); null when nothing is wrong.</summary>
    public readonly string? Describe() => Truncation switch
    {
        BinaryFileTruncation.PartialLengthPrefix => $"truncated at offset {Offset}: 1 byte where a 2-byte length prefix should be",
        BinaryFileTruncation.PartialMessage =>
            $"truncated at offset {Offset}: a {BinaryPrimitives.ReadUInt16BigEndian(_data[Offset..])}-byte message with {Remaining - PrefixLength} bytes left",
        _ => null,
    };
}
