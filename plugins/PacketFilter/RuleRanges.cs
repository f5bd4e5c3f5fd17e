using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The rules as value ranges per field: each rule holds one or two ranges per field (a negated
/// CIDR block is the two ranges around it); a rule with one range repeats it as the second, so
/// a match test is always "in the first or in the second", with no special case.
/// Layout: <c>[rule][field][lo1, hi1, lo2, hi2]</c>, flat, for the tree builder; and for the
/// lookup, per rule four vectors of <see cref="FlowField.Lanes"/> lanes (first lows, first
/// widths, second lows, second widths; the padding lanes match anything), so a rule's test is
/// two subtractions, two comparisons and one "all lanes" check.
/// </summary>
internal sealed class RuleRanges
{
    private const int Stride = FlowField.Count * 4;
    private const int VectorStride = FlowField.Lanes * 4;

    private readonly uint[] _vectors;

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
        _vectors = new uint[Count * VectorStride];
        for (int r = 0; r < Count; r++)
        {
            for (int lane = 0; lane < FlowField.Lanes; lane++)
            {
                int at = r * Stride + lane * 4, to = r * VectorStride + lane;
                bool field = lane < FlowField.Count;
                // An empty range ("!0.0.0.0/0") has no width that works: such rules are never looked up (CanMatch).
                _vectors[to] = field ? Bounds[at] : 0;
                _vectors[to + FlowField.Lanes] = field ? Bounds[at + 1] - Bounds[at] : uint.MaxValue;
                _vectors[to + 2 * FlowField.Lanes] = field ? Bounds[at + 2] : 0;
                _vectors[to + 3 * FlowField.Lanes] = field ? Bounds[at + 3] - Bounds[at + 2] : uint.MaxValue;
            }
        }
    }

    public int Count { get; }

    public uint[] Bounds { get; }

    /// <summary>True when rule <paramref name="rule"/> (one that <see cref="CanMatch"/>) matches the key's <paramref name="fields"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(int rule, Vector256<uint> fields)
    {
        Debug.Assert((uint)rule < (uint)Count);
        // The index comes from the trees, which hold only rules of this set: no bounds check here.
        ref uint at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_vectors), rule * VectorStride);
        // Unsigned "lo <= v <= hi" as "v - lo <= hi - lo", every field at once.
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<uint> first = Vector256.LessThanOrEqual(fields - Vector256.LoadUnsafe(ref at), Vector256.LoadUnsafe(ref at, FlowField.Lanes));
            Vector256<uint> second = Vector256.LessThanOrEqual(fields - Vector256.LoadUnsafe(ref at, 2 * FlowField.Lanes), Vector256.LoadUnsafe(ref at, 3 * FlowField.Lanes));
            return (first | second) == Vector256<uint>.AllBitsSet;
        }
        // Without 256-bit vectors (Arm64's are 128 bits wide): the two halves of the lanes.
        return Half(fields.GetLower(), ref at) && Half(fields.GetUpper(), ref Unsafe.Add(ref at, FlowField.Lanes / 2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Half(Vector128<uint> fields, ref uint at)
    {
        Vector128<uint> first = Vector128.LessThanOrEqual(fields - Vector128.LoadUnsafe(ref at), Vector128.LoadUnsafe(ref at, FlowField.Lanes));
        Vector128<uint> second = Vector128.LessThanOrEqual(fields - Vector128.LoadUnsafe(ref at, 2 * FlowField.Lanes), Vector128.LoadUnsafe(ref at, 3 * FlowField.Lanes));
        return (first | second) == Vector128<uint>.AllBitsSet;
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
