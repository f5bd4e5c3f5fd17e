using HftHost.PacketFilter;

namespace HftHost.Tests.Filter;

/// <summary>Rule sets and flows drawn at random (seeded), with flows that sit on and around rule edges.</summary>
internal static class RandomRules
{
    private static readonly FilterAction[] Actions = [FilterAction.Allow, FilterAction.Drop, FilterAction.Log, FilterAction.Count];

    public static List<FilterRule> Rules(Random random, int count)
    {
        var rules = new List<FilterRule>(count);
        for (int i = 0; i < count; i++)
        {
            rules.Add(new FilterRule
            {
                Name = $"r{i}",
                Action = Actions[random.Next(Actions.Length)],
                Protocol = random.Next(3) switch { 0 => null, 1 => 17, _ => 6 },
                Source = Address(random),
                Destination = Address(random),
                SourcePorts = Ports(random),
                DestinationPorts = Ports(random),
                Vlan = random.Next(4) == 0 ? random.Next(0, 8) : null,
            });
        }
        return rules;
    }

    /// <summary>A flow built from the edges of a random rule (its first or last address, port), nudged by -1, 0 or +1.</summary>
    public static (int Protocol, uint Source, uint Destination, int SourcePort, int DestinationPort, int Vlan) Flow(Random random, List<FilterRule> rules)
    {
        FilterRule a = rules[random.Next(rules.Count)], b = rules[random.Next(rules.Count)];
        return (
            random.Next(4) switch { 0 => 17, 1 => 6, 2 => a.Protocol ?? 17, _ => random.Next(256) },
            Near(random, a.Source), Near(random, b.Destination),
            (int)Math.Clamp(Edge(random, a.SourcePorts.First, a.SourcePorts.Last) + random.Next(-1, 2), 0, 65535),
            (int)Math.Clamp(Edge(random, b.DestinationPorts.First, b.DestinationPorts.Last) + random.Next(-1, 2), 0, 65535),
            random.Next(5) == 0 ? random.Next(0, 4096) : random.Next(0, 8));
    }

    /// <summary>
    /// Rules as real rule files have them: many exact values on a regular step (hosts of one
    /// network, ports of one feed, VLANs), so the classifier cuts on low bits and checks common
    /// prefixes, mixed with wider blocks, ranges and negations, in random order, then a catch-all.
    /// </summary>
    public static List<FilterRule> Clustered(Random random, int count)
    {
        var rules = new List<FilterRule>(count);
        for (int i = 0; i < count; i++)
        {
            int step = 1 << random.Next(0, 4);
            rules.Add(random.Next(6) switch
            {
                0 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Drop, Protocol = 17,
                    Destination = new AddressMatch(0xC6120000u + (uint)(random.Next(4096) * step), 32, false),
                    DestinationPorts = new PortRange(26400, 26500),
                },
                1 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Count,
                    Source = new AddressMatch(0xAC100000u + (uint)(random.Next(4096) * step), 32, random.Next(8) == 0),
                    SourcePorts = Exact(30000 + random.Next(2000) * step),
                },
                2 => new FilterRule { Name = $"r{i}", Action = FilterAction.Log, Vlan = random.Next(1, 1000) * step % 4096 },
                3 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Allow, Protocol = random.Next(2) == 0 ? 6 : 17,
                    Destination = new AddressMatch(0xE9360C00u, 24, false), DestinationPorts = Exact(26400 + random.Next(200) * step),
                },
                4 => new FilterRule
                {
                    Name = $"r{i}", Action = FilterAction.Drop, Source = Address(random),
                    Destination = new AddressMatch(0x0A000000u | (uint)random.Next(1 << 16) << 8, 24, false), DestinationPorts = Ports(random),
                },
                _ => new FilterRule { Name = $"r{i}", Action = FilterAction.Count, Vlan = random.Next(4096), SourcePorts = Ports(random) },
            });
        }
        rules.Add(new FilterRule { Name = "catch-all", Action = FilterAction.Count });
        return rules;
    }

    /// <summary>A flow drawn uniformly from every field's whole range (mostly far from every rule).</summary>
    public static (int Protocol, uint Source, uint Destination, int SourcePort, int DestinationPort, int Vlan) Anywhere(Random random) =>
        (random.Next(256), (uint)random.NextInt64(1L << 32), (uint)random.NextInt64(1L << 32), random.Next(65536), random.Next(65536), random.Next(4096));

    private static PortRange Exact(int port) => new(Math.Min(port, 65535), Math.Min(port, 65535));

    public static int FirstMatch(List<FilterRule> rules, (int Protocol, uint Source, uint Destination, int SourcePort, int DestinationPort, int Vlan) f)
    {
        for (int i = 0; i < rules.Count; i++)
        {
            if (rules[i].Matches(f.Protocol, f.Source, f.Destination, f.SourcePort, f.DestinationPort, f.Vlan))
            {
                return i;
            }
        }
        return -1;
    }

    private static AddressMatch Address(Random random)
    {
        if (random.Next(3) == 0)
        {
            return AddressMatch.Any;
        }
        // Few distinct networks, so that rules overlap, nest and share edges.
        int prefix = random.Next(4) switch { 0 => 8, 1 => 16, 2 => 24, _ => 32 };
        uint network = (uint)(10 + random.Next(3)) << 24 | (uint)random.Next(3) << 16 | (uint)random.Next(4) << 8 | (uint)random.Next(6);
        network &= prefix == 32 ? uint.MaxValue : ~(uint.MaxValue >> prefix);
        return new AddressMatch(network, prefix, random.Next(5) == 0);
    }

    private static PortRange Ports(Random random)
    {
        if (random.Next(2) == 0)
        {
            return PortRange.Any;
        }
        int first = random.Next(0, 2000);
        return new PortRange(first, Math.Min(65535, first + random.Next(0, random.Next(2) == 0 ? 3 : 3000)));
    }

    private static uint Near(Random random, AddressMatch match)
    {
        uint edge = random.Next(2) == 0 ? match.Network : match.Last;
        return (uint)(edge + random.Next(-1, 2));
    }

    private static long Edge(Random random, int first, int last) => random.Next(2) == 0 ? first : last;
}
