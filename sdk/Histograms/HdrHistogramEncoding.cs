using System.Buffers.Binary;
using System.IO.Compression;

namespace HftHost.Sdk.Histograms;

/// <summary>
/// The HdrHistogram V2 binary encoding, as written by the reference implementations: a
/// 40-byte big-endian header (cookie, payload length, normalizing index offset, significant
/// digits, lowest discernible value, highest trackable value, integer-to-double ratio) followed
/// by the counts as ZigZag LEB128 varints, a run of zeros written as one negative length; and
/// its compressed form (cookie, compressed length, zlib DEFLATE of the former), which is what
/// .hlog lines carry in base64.
/// Threading: stateless; any thread, provided the histogram passed in is not being recorded into.
/// </summary>
public static class HdrHistogramEncoding
{
    /// <summary>Cookie base of the uncompressed V2 encoding (bits 0xf0 of the last byte are flags, set to 0x10 when writing and ignored when reading). Threading: a constant.</summary>
    public const int V2EncodingCookieBase = 0x1c849303;

    /// <summary>Cookie base of the DEFLATE-compressed V2 encoding. Threading: a constant.</summary>
    public const int V2CompressedEncodingCookieBase = 0x1c849304;

    // The reference sets 0x10 in every cookie it writes (word size 8) and masks 0xf0 away when
    // reading; writing the same bits keeps byte-for-byte compatible output.
    private const int CookieFlags = 0x10;
    private const int CookieFlagMask = 0xf0;
    private const int HeaderSize = 40;
    private const int CompressedHeaderSize = 8;
    private const int MaxVarintSize = 9;

    /// <summary>
    /// Encodes <paramref name="histogram"/> in the uncompressed V2 encoding.
    /// Threading: see the type; allocates the result (never call it on a hot path).
    /// </summary>
    /// <param name="histogram">The histogram; unchanged. <see cref="HdrHistogram.OutOfRangeCount"/> is not encoded.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] Encode(HdrHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        int countsLimit = histogram.TotalCount == 0 ? 0 : histogram.CountsIndexFor(histogram.Max) + 1;
        countsLimit = Math.Min(countsLimit, histogram.CountsLength);
        byte[] buffer = new byte[HeaderSize + (countsLimit * MaxVarintSize)];
        int position = HeaderSize;
        int index = 0;
        while (index < countsLimit)
        {
            long count = histogram.GetCountAtIndex(index++);
            if (count == 0)
            {
                int zeros = 1;
                while (index < countsLimit && histogram.GetCountAtIndex(index) == 0)
                {
                    zeros++;
                    index++;
                }
                // A lone zero is written as itself: -1 would be no shorter.
                position += WriteZigZag(buffer.AsSpan(position), zeros > 1 ? -zeros : 0);
            }
            else
            {
                position += WriteZigZag(buffer.AsSpan(position), count);
            }
        }

        Span<byte> header = buffer.AsSpan(0, HeaderSize);
        BinaryPrimitives.WriteInt32BigEndian(header, V2EncodingCookieBase | CookieFlags);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], position - HeaderSize);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], histogram.SignificantDigits);
        BinaryPrimitives.WriteInt64BigEndian(header[16..], histogram.LowestDiscernibleValue);
        BinaryPrimitives.WriteInt64BigEndian(header[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(header[32..], 1.0);
        return buffer.AsSpan(0, position).ToArray();
    }

    /// <summary>
    /// Encodes <paramref name="histogram"/> in the compressed V2 encoding (the form .hlog lines carry).
    /// Threading: see the type; allocates the result (never call it on a hot path).
    /// </summary>
    /// <param name="histogram">The histogram; unchanged.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] EncodeCompressed(HdrHistogram histogram)
    {
        byte[] plain = Encode(histogram);
        using var output = new MemoryStream(CompressedHeaderSize + plain.Length / 2 + 64);
        Span<byte> placeholder = stackalloc byte[CompressedHeaderSize];
        placeholder.Clear(); // SkipLocalsInit: stackalloc is not zeroed
        output.Write(placeholder);
        // zlib framing (RFC 1950), as java.util.zip.Deflater writes by default.
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(plain);
        }
        byte[] result = output.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(result, V2CompressedEncodingCookieBase | CookieFlags);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(4), result.Length - CompressedHeaderSize);
        return result;
    }

    /// <summary>
    /// Decodes a V2 encoding, compressed or not, into a new histogram with the encoded range and
    /// precision. Threading: see the type; allocates the result.
    /// </summary>
    /// <param name="encoded">The bytes of one encoded histogram.</param>
    /// <returns>The decoded histogram.</returns>
    /// <exception cref="FormatException">Not a V2 encoding, truncated, or counts outside the encoded range.</exception>
    public static HdrHistogram Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < CompressedHeaderSize)
        {
            throw new FormatException("Encoded histogram is shorter than its header.");
        }
        int cookieBase = BinaryPrimitives.ReadInt32BigEndian(encoded) & ~CookieFlagMask;
        if (cookieBase == V2CompressedEncodingCookieBase)
        {
            int compressedLength = BinaryPrimitives.ReadInt32BigEndian(encoded[4..]);
            if (compressedLength < 0 || compressedLength > encoded.Length - CompressedHeaderSize)
            {
                throw new FormatException("Compressed length exceeds the encoded bytes.");
            }
            byte[] plain = Inflate(encoded.Slice(CompressedHeaderSize, compressedLength));
            return DecodeUncompressed(plain);
        }
        return DecodeUncompressed(encoded);
    }

    /// <summary>
    /// Decodes base64 text (an .hlog interval's last field) holding a V2 encoding.
    /// Threading: see the type; allocates the result.
    /// </summary>
    /// <param name="base64">The base64 text.</param>
    /// <returns>The decoded histogram.</returns>
    /// <exception cref="FormatException">Not base64 or not a V2 encoding.</exception>
    public static HdrHistogram DecodeBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return Decode(Convert.FromBase64String(base64));
    }

    /// <summary>
    /// The compressed V2 encoding of <paramref name="histogram"/> in base64, as an .hlog line carries it.
    /// Threading: see the type; allocates the result.
    /// </summary>
    /// <param name="histogram">The histogram; unchanged.</param>
    /// <returns>Base64 text.</returns>
    public static string EncodeCompressedBase64(HdrHistogram histogram) => Convert.ToBase64String(EncodeCompressed(histogram));

    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FormatException("Compressed histogram is not valid zlib data.", ex);
        }
    }

    private static HdrHistogram DecodeUncompressed(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < HeaderSize)
        {
            throw new FormatException("Encoded histogram is shorter than its header.");
        }
        int cookieBase = BinaryPrimitives.ReadInt32BigEndian(encoded) & ~CookieFlagMask;
        if (cookieBase != V2EncodingCookieBase)
        {
            throw new FormatException($"Not an HdrHistogram V2 encoding (cookie 0x{BinaryPrimitives.ReadInt32BigEndian(encoded):x8}).");
        }
        int payloadLength = BinaryPrimitives.ReadInt32BigEndian(encoded[4..]);
        int normalizingIndexOffset = BinaryPrimitives.ReadInt32BigEndian(encoded[8..]);
        int significantDigits = BinaryPrimitives.ReadInt32BigEndian(encoded[12..]);
        long lowest = BinaryPrimitives.ReadInt64BigEndian(encoded[16..]);
        long highest = BinaryPrimitives.ReadInt64BigEndian(encoded[24..]);
        if (payloadLength < 0 || payloadLength > encoded.Length - HeaderSize)
        {
            throw new FormatException("Payload length exceeds the encoded bytes.");
        }
        // Only shifted (auto-normalised) reference histograms use this; nothing HftHost reads does.
        if (normalizingIndexOffset != 0)
        {
            throw new FormatException("Histograms with a normalizing index offset are not supported.");
        }
        if (significantDigits is < 0 or > 5 || lowest < 1 || highest < 2 * lowest)
        {
            throw new FormatException("Encoded histogram parameters are out of range.");
        }

        var histogram = new HdrHistogram(lowest, highest, significantDigits);
        ReadOnlySpan<byte> payload = encoded.Slice(HeaderSize, payloadLength);
        int position = 0;
        int index = 0;
        while (position < payload.Length)
        {
            long count = ReadZigZag(payload, ref position);
            if (count < 0)
            {
                long zeros = -count;
                if (zeros > histogram.CountsLength - index)
                {
                    throw new FormatException("Zero run passes the end of the counts array.");
                }
                index += (int)zeros;
                continue;
            }
            if (index >= histogram.CountsLength)
            {
                throw new FormatException("Counts pass the end of the encoded range.");
            }
            histogram.SetCountAtIndex(index++, count);
        }
        histogram.RecomputeAfterDecode();
        return histogram;
    }

    // ZigZag then LEB128, with the reference's 64-bit variant: at most 9 bytes, the ninth
    // carrying a full 8 bits (no continuation bit), so values up to 2^64 fit.
    private static int WriteZigZag(Span<byte> destination, long value)
    {
        ulong v = (ulong)((value << 1) ^ (value >> 63));
        int i = 0;
        while (i < 8)
        {
            if (v < 0x80)
            {
                destination[i++] = (byte)v;
                return i;
            }
            destination[i++] = (byte)((v & 0x7f) | 0x80);
            v >>= 7;
        }
        destination[i++] = (byte)v;
        return i;
    }

    private static long ReadZigZag(ReadOnlySpan<byte> source, ref int position)
    {
        ulong v = 0;
        for (int shift = 0; shift < 56; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new FormatException("Truncated varint in histogram payload.");
            }
            byte b = source[position++];
            v |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(v >> 1) ^ -(long)(v & 1);
            }
        }
        if (position >= source.Length)
        {
            throw new FormatException("Truncated varint in histogram payload.");
        }
        v |= (ulong)source[position++] << 56;
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
