using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HftHost.Sdk;

/// <summary>
/// Parses Ethernet (with 802.1Q, 802.1ad and QinQ tags), IPv4, UDP and TCP headers in
/// one pass, without allocating. Lengths come from the headers, not from the capture:
/// the IPv4 total length bounds the packet, so Ethernet trailers (padding of short
/// frames, appliance trailers) are not taken for payload.
/// Threading: stateless; safe from any thread.
/// </summary>
public static class FrameParser
{
    private const int EthernetHeaderLength = 14;
    private const int VlanTagLength = 4;
    private const int Ipv4MinHeaderLength = 20;
    private const int UdpHeaderLength = 8;
    private const int TcpMinHeaderLength = 20;
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88A8;
    private const ushort EtherTypeQinQLegacy = 0x9100;
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;

    /// <summary>
    /// Parses <paramref name="frame"/> into a <see cref="FrameView"/>. Never throws: a frame
    /// whose headers are cut short or inconsistent is returned with <see cref="FrameKind.Malformed"/>.
    /// </summary>
    /// <param name="frame">The captured bytes, from the Ethernet header on.</param>
    /// <param name="rxTimestampNs">Receive time, ns since the Unix epoch.</param>
    /// <param name="wireLength">Length on the wire (at least <c>frame.Length</c>).</param>
    /// <param name="port">Port id.</param>
    /// <param name="queue">Queue index.</param>
    /// <param name="isEthernet">False for link types other than Ethernet: nothing is parsed.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FrameView Parse(
        ReadOnlySpan<byte> frame, long rxTimestampNs, int wireLength, ushort port, ushort queue,
        bool isEthernet = true)
    {
        int length = frame.Length;
        ref byte b = ref MemoryMarshal.GetReference(frame);
        FrameKind kind;
        byte vlanCount = 0;
        ushort outerVlan = 0, innerVlan = 0, etherType = 0;
        byte protocol = 0;
        int l3 = -1, l4 = -1, payload = -1, payloadLength = 0;
        uint source = 0, destination = 0;
        ushort sourcePort = 0, destinationPort = 0;

        // Each step checks the bytes it reads are captured before reading them, so
        // the unchecked reads below never leave the frame.
        if (!isEthernet)
        {
            kind = FrameKind.NotIpv4;
            goto Done;
        }
        if (length < EthernetHeaderLength)
        {
            kind = FrameKind.Malformed;
            goto Done;
        }
        etherType = ReadBigEndian16(ref b, 12);
        int offset = EthernetHeaderLength;
        while (etherType is EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQLegacy)
        {
            if (length < offset + VlanTagLength)
            {
                kind = FrameKind.Malformed;
                goto Done;
            }
            ushort vlanId = (ushort)(ReadBigEndian16(ref b, offset) & 0x0FFF);
            if (vlanCount == 0)
            {
                outerVlan = vlanId;
            }
            else if (vlanCount == 1)
            {
                innerVlan = vlanId;
            }
            // Saturates: a frame can carry hundreds of tags (garbage), none may wrap to 0.
            if (vlanCount < byte.MaxValue)
            {
                vlanCount++;
            }
            etherType = ReadBigEndian16(ref b, offset + 2);
            offset += VlanTagLength;
        }
        if (etherType != EtherTypeIpv4)
        {
            kind = FrameKind.NotIpv4;
            goto Done;
        }

        l3 = offset;
        if (length < l3 + Ipv4MinHeaderLength)
        {
            kind = FrameKind.Malformed;
            goto Done;
        }
        byte versionAndLength = Unsafe.Add(ref b, l3);
        int headerLength = (versionAndLength & 0x0F) * 4;
        int totalLength = ReadBigEndian16(ref b, l3 + 2);
        // A total length beyond the captured bytes is an error unless the capture cut
        // the frame (snaplen), in which case the payload ends where the capture does.
        if (versionAndLength >> 4 != 4 || headerLength < Ipv4MinHeaderLength || totalLength < headerLength
            || (l3 + totalLength > length && length >= wireLength))
        {
            kind = FrameKind.Malformed;
            goto Done;
        }
        int packetEnd = Math.Min(l3 + totalLength, length);
        protocol = Unsafe.Add(ref b, l3 + 9);
        source = ReadBigEndian32(ref b, l3 + 12);
        destination = ReadBigEndian32(ref b, l3 + 16);
        // Fragments (more-fragments flag or a non-zero offset) carry no complete
        // L4 datagram: counted as other IPv4, never half-parsed.
        if ((ReadBigEndian16(ref b, l3 + 6) & 0x3FFF) != 0)
        {
            kind = FrameKind.OtherIpv4;
            goto Done;
        }

        int l4Start = l3 + headerLength;
        if (protocol == ProtocolUdp)
        {
            if (packetEnd < l4Start + UdpHeaderLength)
            {
                kind = FrameKind.Malformed;
                goto Done;
            }
            int udpLength = ReadBigEndian16(ref b, l4Start + 4);
            if (udpLength < UdpHeaderLength || l4Start + udpLength > l3 + totalLength)
            {
                kind = FrameKind.Malformed;
                goto Done;
            }
            kind = FrameKind.Udp;
            l4 = l4Start;
            payload = l4 + UdpHeaderLength;
            payloadLength = Math.Min(l4 + udpLength, length) - payload;
        }
        else if (protocol == ProtocolTcp)
        {
            if (packetEnd < l4Start + TcpMinHeaderLength)
            {
                kind = FrameKind.Malformed;
                goto Done;
            }
            int dataOffset = (Unsafe.Add(ref b, l4Start + 12) >> 4) * 4;
            if (dataOffset < TcpMinHeaderLength || l4Start + dataOffset > packetEnd)
            {
                kind = FrameKind.Malformed;
                goto Done;
            }
            kind = FrameKind.Tcp;
            l4 = l4Start;
            payload = l4 + dataOffset;
            payloadLength = packetEnd - payload;
        }
        else
        {
            kind = FrameKind.OtherIpv4;
            goto Done;
        }
        sourcePort = ReadBigEndian16(ref b, l4);
        destinationPort = ReadBigEndian16(ref b, l4 + 2);

    Done:
        return new FrameView(
            frame, rxTimestampNs, wireLength, port, queue, kind, vlanCount, outerVlan, innerVlan, etherType,
            protocol, l3, l4, payload, payloadLength, source, destination, sourcePort, destinationPort);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort ReadBigEndian16(ref byte b, int offset) =>
        BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadBigEndian32(ref byte b, int offset) =>
        BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, offset)));
}
