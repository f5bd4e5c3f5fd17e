using System.Buffers.Binary;

namespace HftHost.Benchmarks;

/// <summary>
/// Ethernet/IPv4/UDP frames to 239.1.1.1:30001 (the generator's destination) laid one after
/// the other in one buffer, as a feed's frames lie in a ring: each payload starts with a
/// little-endian u64 sequence number, as the generator's do, so the counting decoder does
/// its real work. Payload lengths vary (16..271 bytes) like market-data packets carrying a
/// few messages each.
/// </summary>
internal sealed class FrameSet
{
    private const int EthernetLength = 14;
    private const int Ipv4Length = 20;
    private const int UdpLength = 8;
    private const int HeadersLength = EthernetLength + Ipv4Length + UdpLength;

    private FrameSet(byte[] buffer, int[] offsets, int[] lengths)
    {
        Buffer = buffer;
        Offsets = offsets;
        Lengths = lengths;
    }

    public byte[] Buffer { get; }

    public int[] Offsets { get; }

    public int[] Lengths { get; }

    public int Count => Offsets.Length;

    public static FrameSet Build(int count)
    {
        var offsets = new int[count];
        var lengths = new int[count];
        int size = 0;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = size;
            // A fixed mix of sizes, no random generator: every run sees the same frames.
            lengths[i] = HeadersLength + 16 + (i * 37 % 256);
            size += (lengths[i] + 63) & ~63; // each frame starts on a cache line, like ring slots
        }
        var buffer = new byte[size];
        for (int i = 0; i < count; i++)
        {
            Write(buffer.AsSpan(offsets[i], lengths[i]), (ulong)i);
        }
        return new FrameSet(buffer, offsets, lengths);
    }

    private static void Write(Span<byte> frame, ulong sequence)
    {
        // Ethernet: the multicast MAC of 239.1.1.1, a locally administered source, IPv4.
        ReadOnlySpan<byte> macs = [0x01, 0x00, 0x5e, 0x01, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
        macs.CopyTo(frame);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x0800);

        Span<byte> ip = frame.Slice(EthernetLength, Ipv4Length);
        int ipTotal = frame.Length - EthernetLength;
        ip[0] = 0x45; // version 4, 5 words of header
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipTotal);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // don't fragment
        ip[8] = 32;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], 0x0A000001);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0xEF010101);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));

        Span<byte> udp = frame.Slice(EthernetLength + Ipv4Length, UdpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 30001);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(ipTotal - Ipv4Length));

        Span<byte> payload = frame[HeadersLength..];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, sequence);
        for (int i = sizeof(ulong); i < payload.Length; i++)
        {
            payload[i] = (byte)(i ^ (int)sequence);
        }
    }

    // The one's-complement sum of the header's 16-bit words (checksum field zero while summing).
    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum += sum >> 16;
        return (ushort)~sum;
    }
}
