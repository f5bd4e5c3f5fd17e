using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Rule sets for the benchmark and the tests: rules that never match market-data traffic
/// (UDP from 192.0.2.0/24 to 233.54.12.0/24 ports 26400-26499, untagged) ahead of a catch-all,
/// so a first-match classifier must rule every one of them out. They vary in the fields they
/// are specific in (destination and port, source and source port, VLAN), as real rule sets do.
/// </summary>
internal static class SyntheticRuleSets
{
    /// <summary><paramref name="count"/> rules: count-1 that miss market-data traffic, then "catch-all" (count).</summary>
    public static List<FilterRule> NonMatching(int count)
    {
        var rules = new List<FilterRule>(count);
        for (int i = 0; i < count - 1; i++)
        {
            uint low = (uint)(i >> 8 & 255) << 8 | (uint)(i & 255);
            rules.Add((i % 4) switch
            {
                0 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Drop, Protocol = 17,
                    Destination = new AddressMatch(0xC6120000 | low, 32, false), DestinationPorts = new PortRange(26400, 26500),
                },
                1 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Count,
                    Source = new AddressMatch(0xAC100000 | low, 32, false), SourcePorts = new PortRange(1000 + i % 30000, 1000 + i % 30000),
                },
                2 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Log, Vlan = i % 4000 + 1,
                    Destination = new AddressMatch(0xE9360C00, 24, false),
                },
                _ => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Drop, Protocol = 17,
                    Destination = new AddressMatch(0xE9360C00, 24, false), DestinationPorts = new PortRange(30000 + i % 30000, 30000 + i % 30000),
                },
            });
        }
        rules.Add(new FilterRule { Name = "catch-all", Action = FilterAction.Count });
        return rules;
    }
}
