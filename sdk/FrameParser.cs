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

    // The fast path's shape, as little-endian loads: bytes 12-13 EtherType 0x0800 and byte
    // 14 version 4 with a 20-byte header (0x45), from the load at 8; from the load at 16,
    // flags and fragment offset (bytes 20-21, the don't-fragment bit aside) zero and byte
    // 23, the protocol, UDP.
    private const ulong FastEtherMask = 0x00FF_FFFF_0000_0000;
    private const ulong FastEtherValue = 0x0045_0008_0000_0000;
    private const ulong FastIpv4Mask = 0xFF00_FF3F_0000_0000;
    private const ulong FastIpv4Value = 0x1100_0000_0000_0000;
    private const int FastL4Offset = EthernetHeaderLength + Ipv4MinHeaderLength;
    private const int FastPayloadOffset = FastL4Offset + UdpHeaderLength;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FrameView Parse(
        ReadOnlySpan<byte> frame, long rxTimestampNs, int wireLength, ushort port, ushort queue,
        bool isEthernet = true)
    {
        // Fast paths, inlined into the caller's loop: what nearly every market-data frame is,
        // untagged Ethernet carrying an option-less, unfragmented IPv4 UDP datagram
        // (recognised by two 8-byte loads and masks), and untagged frames that are not IPv4.
        // Their results are exactly the general parser's (FrameParserTests compares the two
        // on mutated frames); anything else, or any bad length, takes the general path.
        // Why: the general parser keeps ~20 values live across its steps and spilled most of
        // them; on a memif receive it took 10 ns of a frame's ~50. Inlined, the poll loop's
        // per-frame cost (RingReadBenchmarks.PollLoopDoWork) went from 12.7 to 3.6 ns.
        int length = frame.Length;
        if (isEthernet && length >= EthernetHeaderLength)
        {
            ref byte f = ref MemoryMarshal.GetReference(frame);
            if (length >= FastPayloadOffset && BitConverter.IsLittleEndian
                && (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref f, 8)) & FastEtherMask) == FastEtherValue
                && (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref f, 16)) & FastIpv4Mask) == FastIpv4Value)
            {
                int totalLength = ReadBigEndian16(ref f, 16);
                int udpLength = ReadBigEndian16(ref f, 38);
                if (totalLength >= Ipv4MinHeaderLength + UdpHeaderLength
                    && (EthernetHeaderLength + totalLength <= length || length < wireLength)
                    && udpLength >= UdpHeaderLength && udpLength <= totalLength - Ipv4MinHeaderLength)
                {
                    return new FrameView(
                        frame, rxTimestampNs, wireLength, port, queue, FrameKind.Udp, 0, 0, 0, EtherTypeIpv4, ProtocolUdp,
                        EthernetHeaderLength, FastL4Offset, FastPayloadOffset,
                        Math.Min(FastL4Offset + udpLength, length) - FastPayloadOffset,
                        ReadBigEndian32(ref f, 26), ReadBigEndian32(ref f, 30), ReadBigEndian16(ref f, 34), ReadBigEndian16(ref f, 36));
                }
            }
            // Untagged and not IPv4 (ARP, IPv6, LLDP, ...): nothing more to parse.
            ushort etherType = ReadBigEndian16(ref f, 12);
            if (etherType is not (EtherTypeIpv4 or EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQLegacy))
            {
                return new FrameView(
                    frame, rxTimestampNs, wireLength, port, queue, FrameKind.NotIpv4, 0, 0, 0, etherType, 0, -1, -1, -1, 0, 0, 0, 0, 0);
            }
        }
        return ParseAny(frame, rxTimestampNs, wireLength, port, queue, isEthernet);
    }

    /// <summary>The general parser: every frame <see cref="Parse"/> has no fast path for.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static FrameView ParseAny(
        ReadOnlySpan<byte> frame, long rxTimestampNs, int wireLength, ushort port, ushort queue, bool isEthernet)
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
