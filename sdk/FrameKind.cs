namespace HftHost.Sdk;

/// <summary>
/// What the host's single parse of a frame found at layers 3 and 4. Exactly one
/// kind per frame, so the per-kind counters of a run add up to its frame count.
/// </summary>
public enum FrameKind : byte
{
    /// <summary>IPv4 carrying UDP with a complete UDP header.</summary>
    Udp,

    /// <summary>IPv4 carrying TCP with a complete TCP header.</summary>
    Tcp,

    /// <summary>IPv4 carrying another protocol (ICMP, IGMP, ...) or a non-first fragment.</summary>
    OtherIpv4,

    /// <summary>Not IPv4: ARP, IPv6, LLDP, ... or a link type other than Ethernet.</summary>
    NotIpv4,

    /// <summary>
    /// A header is cut short or inconsistent (runt Ethernet frame, IHL below 5, IP total
    /// length below its header or beyond the captured bytes, UDP length out of range,
    /// TCP data offset below 5). Counted as an error; its offsets are not to be trusted.
    /// </summary>
    Malformed,
}
