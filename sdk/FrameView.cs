using System.Runtime.CompilerServices;

namespace HftHost.Sdk;

/// <summary>
/// One received frame as the host parsed it, once, before any handler sees it: the
/// bytes where they lie (in the backend's ring, file mapping or kernel block, never
/// copied) and the offsets of each layer. Lives on the stack for one handler call.
/// Threading: valid only during the call that receives it, on that poll thread; the
/// bytes may be reused by the source as soon as the call returns.
/// </summary>
public readonly ref struct FrameView
{
    /// <summary>The frame as captured, from the first byte of the Ethernet header.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>Receive time in ns since the Unix epoch (the capture time on replay).</summary>
    public long RxTimestampNs { get; }

    /// <summary>Length of the frame on the wire; larger than <see cref="Bytes"/> when the capture cut it.</summary>
    public int WireLength { get; }

    /// <summary>Port id from the port's configuration.</summary>
    public ushort Port { get; }

    /// <summary>Queue of the port the frame arrived on.</summary>
    public ushort Queue { get; }

    /// <summary>What layers 3 and 4 hold (see <see cref="FrameKind"/>).</summary>
    public FrameKind Kind { get; }

    /// <summary>Number of 802.1Q/802.1ad tags (0, 1 or 2 for QinQ; more are skipped, counted up to 255).</summary>
    public byte VlanCount { get; }

    /// <summary>VLAN id of the outer tag, 0 when untagged.</summary>
    public ushort OuterVlanId { get; }

    /// <summary>VLAN id of the inner tag of a QinQ frame, 0 otherwise.</summary>
    public ushort InnerVlanId { get; }

    /// <summary>EtherType after the VLAN tags (0x0800 for IPv4); 0 for non-Ethernet link types.</summary>
    public ushort EtherType { get; }

    /// <summary>IPv4 protocol number (17 UDP, 6 TCP); 0 when not IPv4.</summary>
    public byte IpProtocol { get; }

    /// <summary>Offset of the IPv4 header in <see cref="Bytes"/>; -1 when not IPv4.</summary>
    public int L3Offset { get; }

    /// <summary>Offset of the UDP/TCP header; -1 when neither.</summary>
    public int L4Offset { get; }

    /// <summary>Offset of the UDP/TCP payload; -1 when neither.</summary>
    public int PayloadOffset { get; }

    /// <summary>
    /// Payload length as the IP and UDP headers declare it, limited to the captured bytes.
    /// Ethernet trailers after the IP packet are excluded.
    /// </summary>
    public int PayloadLength { get; }

    /// <summary>IPv4 source address in network byte order as a big-endian number (10.0.0.1 = 0x0A000001).</summary>
    public uint SourceAddress { get; }

    /// <summary>IPv4 destination address, as <see cref="SourceAddress"/>.</summary>
    public uint DestinationAddress { get; }

    /// <summary>UDP/TCP source port; 0 when neither.</summary>
    public ushort SourcePort { get; }

    /// <summary>UDP/TCP destination port; 0 when neither.</summary>
    public ushort DestinationPort { get; }

    /// <summary>Creates a view; <see cref="FrameParser"/> fills every parsed field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FrameView(
        ReadOnlySpan<byte> bytes, long rxTimestampNs, int wireLength, ushort port, ushort queue,
        FrameKind kind, byte vlanCount, ushort outerVlanId, ushort innerVlanId, ushort etherType,
        byte ipProtocol, int l3Offset, int l4Offset, int payloadOffset, int payloadLength,
        uint sourceAddress, uint destinationAddress, ushort sourcePort, ushort destinationPort)
    {
        Bytes = bytes;
        RxTimestampNs = rxTimestampNs;
        WireLength = wireLength;
        Port = port;
        Queue = queue;
        Kind = kind;
        VlanCount = vlanCount;
        OuterVlanId = outerVlanId;
        InnerVlanId = innerVlanId;
        EtherType = etherType;
        IpProtocol = ipProtocol;
        L3Offset = l3Offset;
        L4Offset = l4Offset;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
        SourceAddress = sourceAddress;
        DestinationAddress = destinationAddress;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
    }

    /// <summary>The UDP/TCP payload (without Ethernet trailer); empty when neither.</summary>
    public ReadOnlySpan<byte> Payload => PayloadOffset < 0 ? default : Bytes.Slice(PayloadOffset, PayloadLength);

    /// <summary>True when the capture holds fewer bytes than were on the wire.</summary>
    public bool IsSnaplenCut => Bytes.Length < WireLength;
}
