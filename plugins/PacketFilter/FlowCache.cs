using System.Numerics;
using System.Runtime.CompilerServices;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The rule each recent flow (protocol, addresses, ports, VLAN) matched, in a direct-mapped
/// table allocated up front: market-data traffic is a few flows repeated millions of times, so
/// most frames are one hash and one compare. A miss classifies through the trees and takes
/// the slot (the previous flow in it is forgotten). Bounded; no allocation.
/// Threading: the owning poll thread only.
/// </summary>
internal sealed class FlowCache
{
    private readonly Entry[] _entries;
    private readonly int _shift;

    /// <param name="size">Slots, rounded up to a power of two (at least 2).</param>
    public FlowCache(int size)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, size));
        _entries = new Entry[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    public int Size => _entries.Length;

    public long Hits;
    public long Misses;

    /// <summary>The rule of the flow, classifying it through <paramref name="matcher"/> on a miss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ref FlowKey key, RuleMatcher matcher)
    {
        ulong addresses = (ulong)key[FlowField.Source] << 32 | key[FlowField.Destination];
        // Bit 63 marks a used slot: an empty slot (all zero) never equals a real key.
        ulong rest = 1UL << 63 | (ulong)key[FlowField.Protocol] << 40 | (ulong)key[FlowField.Vlan] << 32
            | key[FlowField.SourcePort] << 16 | key[FlowField.DestinationPort];
        ulong hash = (addresses * 0x9E3779B97F4A7C15UL) ^ (rest * 0xC2B2AE3D27D4EB4FUL);
        ref Entry entry = ref _entries[(int)(hash >> _shift)];
        if (entry.Addresses == addresses && entry.Rest == rest)
        {
            Hits++;
            return entry.Rule;
        }
        return Miss(ref entry, addresses, rest, ref key, matcher);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Miss(ref Entry entry, ulong addresses, ulong rest, ref FlowKey key, RuleMatcher matcher)
    {
        Misses++;
        int rule = matcher.Find(ref key);
        entry.Addresses = addresses;
        entry.Rest = rest;
        entry.Rule = rule;
        return rule;
    }

    private struct Entry
    {
        public ulong Addresses;
        public ulong Rest;
        public int Rule;
    }
}
