using System.Buffers.Binary;

namespace HftHost.Generator;

/// <summary>
/// Writes a classic pcap file (nanosecond magic a1b23c4d, little-endian, Ethernet) of
/// UDP datagrams. The caller builds each datagram's payload in a buffer that leaves
/// <see cref="HeadRoom"/> bytes free in front, and this writer fills them with the record
/// header and the Ethernet/IPv4/UDP headers, so a packet reaches the stream in one write
/// and no byte of it is copied.
/// Threading: one thread at a time.
/// </summary>
internal sealed class PcapFrameWriter
{
    public const int RecordHeaderLength = 16;
    public const int EthernetLength = 14;
    public const int Ipv4Length = 20;
    public const int UdpLength = 8;

    /// <summary>Bytes in front of a payload: pcap record, Ethernet, IPv4 and UDP headers.</summary>
    public const int HeadRoom = RecordHeaderLength + EthernetLength + Ipv4Length + UdpLength;

    /// <summary>Largest UDP payload in an IPv4 datagram.</summary>
    public const int MaxPayload = 65_535 - Ipv4Length - UdpLength;

    private const uint NanosecondMagic = 0xA1B23C4D;
    private const uint LinkTypeEthernet = 1;
    private const uint Snaplen = 65_535;
    private const long NsPerSecond = 1_000_000_000;

    // Multicast feeds rarely leave the data centre: a TTL that says so.
    private const byte MulticastTtl = 32;

    private readonly Stream _out;
    private readonly ushort[] _ipIdentification;
    private long _lastTimestampNs;

    public PcapFrameWriter(Stream output, int venues)
    {
        _out = output;
        _ipIdentification = new ushort[venues + 1];
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, NanosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);  // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Snaplen);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        _out.Write(header);
    }

    /// <summary>Frames written so far.</summary>
    public long Frames { get; private set; }

    /// <summary>
    /// Writes the datagram whose payload is <paramref name="buffer"/>[HeadRoom..HeadRoom+payloadLength]
    /// from <paramref name="venue"/>, stamped <paramref name="timestampNs"/> (ns since the
    /// Unix epoch; never earlier than the frame before it, so the file stays in time order).
    /// </summary>
    public void Write(VenueEndpoint venue, Span<byte> buffer, int payloadLength, long timestampNs)
    {
        timestampNs = Math.Max(timestampNs, _lastTimestampNs);
        _lastTimestampNs = timestampNs;
        int frameLength = EthernetLength + Ipv4Length + UdpLength + payloadLength;

        Span<byte> record = buffer[..RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(timestampNs / NsPerSecond));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(timestampNs % NsPerSecond));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frameLength);

        // Ethernet: the group's multicast MAC (01:00:5e + low 23 bits of the group) from a
        // locally administered address that names the venue.
        Span<byte> eth = buffer.Slice(RecordHeaderLength, EthernetLength);
        eth[0] = 0x01;
        eth[1] = 0x00;
        eth[2] = 0x5E;
        eth[3] = (byte)((venue.Group >> 16) & 0x7F);
        eth[4] = (byte)(venue.Group >> 8);
        eth[5] = (byte)venue.Group;
        eth[6] = 0x02;
        eth[7] = 0x00;
        eth[8] = 0x00;
        eth[9] = 0x36;
        eth[10] = 0x0C;
        eth[11] = (byte)venue.Number;
        BinaryPrimitives.WriteUInt16BigEndian(eth[12..], 0x0800);

        Span<byte> ip = buffer.Slice(RecordHeaderLength + EthernetLength, Ipv4Length);
        ip[0] = 0x45; // version 4, 5 words
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4Length + UdpLength + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], _ipIdentification[venue.Number]++);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0); // no fragments, DF clear as multicast senders leave it
        ip[8] = MulticastTtl;
        ip[9] = 17; // UDP
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], venue.Source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], venue.Group);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Ipv4Checksum(ip));

        // UDP checksum 0: "not computed", which IPv4 allows.
        Span<byte> udp = buffer.Slice(RecordHeaderLength + EthernetLength + Ipv4Length, UdpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, venue.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], venue.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpLength + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);

        _out.Write(buffer[..(RecordHeaderLength + frameLength)]);
        Frames++;
    }

    /// <summary>RFC 791 header checksum: one's complement of the one's complement sum of the
    /// header's 16-bit words, with the checksum field zero.</summary>
    public static ushort Ipv4Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
