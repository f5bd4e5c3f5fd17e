using HftHost.PacketFilter;
using HftHost.Sdk;

namespace HftHost.Tests.Filter;

/// <summary>The rules the mix tests use, and what a plain first-match scan of them makes of a capture.</summary>
internal static class FilterMix
{
    public const string Rules = """
        rules:
          - { name: drop-venue-2, action: drop, protocol: udp, dst: 233.54.12.2, dst-port: 26402 }
          - { name: count-tagged, action: count, vlan: 100 }
          - { name: log-private-tcp, action: log, protocol: tcp, src: 10.0.0.0/8, dst-port: 1-1023 }
          - { name: allow-feed, action: allow, protocol: udp, src: "!192.168.0.0/16", dst: 233.54.12.0/24, dst-port: 26400-26500 }
          - { name: drop-rest, action: drop, audit: true }
        """;

    /// <summary>Frames per rule name ("" = no rule) by a linear first-match over the rules, frame by frame.</summary>
    public static Dictionary<string, long> Expected(FilterRuleSet set, string pcap)
    {
        var counts = set.Rules.ToDictionary(r => r.Name, _ => 0L);
        counts[""] = 0;
        FilterTraffic.Each(pcap, (in FrameView frame) =>
        {
            (int protocol, uint source, uint destination, int sourcePort, int destinationPort, int vlan) =
                (frame.IpProtocol, frame.SourceAddress, frame.DestinationAddress, frame.SourcePort, frame.DestinationPort, frame.OuterVlanId);
            FilterRule? rule = set.Rules.FirstOrDefault(r => r.Matches(protocol, source, destination, sourcePort, destinationPort, vlan));
            counts[rule?.Name ?? ""]++;
        });
        return counts;
    }
}
