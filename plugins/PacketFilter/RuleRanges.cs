using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The rules as value ranges per field: each rule holds one or two ranges per field (a negated
/// CIDR block is the two ranges around it); a rule with one range repeats it as the second, so
/// a match test is always "in the first or in the second", with no special case.
/// Layout: <c>[rule][field][lo1, hi1, lo2, hi2]</c>, flat, for cache-friendly leaf scans.
/// </summary>
internal sealed class RuleRanges
{
    private const int Stride = FlowField.Count * 4;

    public RuleRanges(IReadOnlyList<FilterRule> rules)
    {
        Count = rules.Count;
        Bounds = new uint[Count * Stride];
        for (int r = 0; r < Count; r++)
        {
            FilterRule rule = rules[r];
            Set(r, FlowField.Protocol, rule.Protocol is { } p ? ((uint)p, (uint)p) : (0, 255), null);
            SetAddress(r, FlowField.Source, rule.Source);
            SetAddress(r, FlowField.Destination, rule.Destination);
            Set(r, FlowField.SourcePort, ((uint)rule.SourcePorts.First, (uint)rule.SourcePorts.Last), null);
            Set(r, FlowField.DestinationPort, ((uint)rule.DestinationPorts.First, (uint)rule.DestinationPorts.Last), null);
            Set(r, FlowField.Vlan, rule.Vlan is { } v ? ((uint)v, (uint)v) : (0, 4095), null);
        }
    }

    public int Count { get; }

    public uint[] Bounds { get; }

    /// <summary>True when rule <paramref name="rule"/> matches <paramref name="key"/>.</summary>
    public bool Matches(int rule, ref FlowKey key)
    {
        int at = rule * Stride;
        uint[] b = Bounds;
        for (int f = 0; f < FlowField.Count; f++, at += 4)
        {
            uint v = key[f];
            // Unsigned "lo <= v <= hi" in one comparison per range.
            if (v - b[at] > b[at + 1] - b[at] && v - b[at + 2] > b[at + 3] - b[at + 2])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>False when some field of the rule admits no value ("!0.0.0.0/0"): the rule never matches.</summary>
    public bool CanMatch(int rule)
    {
        for (int at = rule * Stride; at < (rule + 1) * Stride; at += 4)
        {
            if (Bounds[at] > Bounds[at + 1] && Bounds[at + 2] > Bounds[at + 3])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The ranges of <paramref name="rule"/> in <paramref name="field"/> (one or two).</summary>
    public int Ranges(int rule, int field, Span<(uint Lo, uint Hi)> ranges)
    {
        int at = rule * Stride + field * 4;
        ranges[0] = (Bounds[at], Bounds[at + 1]);
        if (Bounds[at + 2] == Bounds[at] && Bounds[at + 3] == Bounds[at + 1])
        {
            return 1;
        }
        ranges[1] = (Bounds[at + 2], Bounds[at + 3]);
        return 2;
    }

    private void SetAddress(int rule, int field, AddressMatch match)
    {
        if (!match.Negated)
        {
            Set(rule, field, (match.Network, match.Last), null);
        }
        else if (match.PrefixLength == 0)
        {
            Set(rule, field, (1, 0), null); // "!0.0.0.0/0" matches nothing: an empty range
        }
        else if (match.Network == 0)
        {
            Set(rule, field, (match.Last + 1, uint.MaxValue), null);
        }
        else if (match.Last == uint.MaxValue)
        {
            Set(rule, field, (0, match.Network - 1), null);
        }
        else
        {
            Set(rule, field, (0, match.Network - 1), (match.Last + 1, uint.MaxValue));
        }
    }

    private void Set(int rule, int field, (uint Lo, uint Hi) first, (uint Lo, uint Hi)? second)
    {
        int at = rule * Stride + field * 4;
        (uint lo2, uint hi2) = second ?? first;
        Bounds[at] = first.Lo;
        Bounds[at + 1] = first.Hi;
        Bounds[at + 2] = lo2;
        Bounds[at + 3] = hi2;
    }
}
