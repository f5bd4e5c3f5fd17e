using System.Numerics;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Builds <see cref="RuleTrees"/>, one tree per group of rules. At each node: drop the rules
/// shadowed by an earlier rule that covers the node's whole box; stop at <see cref="LeafSize"/>
/// rules; otherwise cut on k bits of one field (2^k parts), choosing the field, k and which bits
/// so that the largest part holds the fewest rules, with k limited by the space measure of
/// HiCuts: the rules copied into the parts plus the parts themselves stay within
/// <see cref="SpaceFactor"/> times the node's rules. The bits are either the top k of the
/// node's box (equal cuts: each part is a smaller box) or the k from the lowest bit in which
/// the rules' values differ (ports 30003, 30007, 30011... part by bits 2 and up), where values
/// that differ only above those bits share a part; a part then holds every rule that may
/// match one of its values, and the leaf's full test decides. Big fan-outs keep trees shallow
/// (a lookup costs one step per level); the space measure keeps a wildcard rule from being
/// copied into thousands of parts. A rule's two ranges in a field (a negated block) count as
/// the one range that spans both when placing it. A budget per tree on its copies and slots keeps a pathological rule set from
/// exhausting memory: past it, the tree's nodes become (longer, still correct) leaves; each tree
/// has its own, so one costly group does not leave the groups after it uncut.
/// Threading: one builder per build, on the compiling thread.
/// </summary>
internal sealed class RuleTreeBuilder
{
    public const int LeafSize = 4;

    /// <summary>At most 2^16 parts per node (a port in one step).</summary>
    public const int MaxCutBits = 16;

    /// <summary>Copies plus parts a node may make, per rule it holds.</summary>
    public const int SpaceFactor = 8;

    private const int MaxDepth = 24;

    /// <summary>Width in bits of each field's values (its root box): 8, 32, 32, 16, 16, 12.</summary>
    private static readonly int[] FieldBits = [.. FlowField.Max.Select(max => 32 - BitOperations.LeadingZeroCount(max))];

    private readonly RuleRanges _ranges;
    private readonly long _budgetPerRule;
    private readonly long _minimumBudget;
    private long _budgetEnd;
    private readonly List<RuleTrees.Tree> _trees = [];
    private readonly List<RuleTrees.Node> _nodes = [];
    private readonly List<int> _children = [];
    private readonly List<RuleTrees.Leaf> _leaves = [new RuleTrees.Leaf(0, 0)];
    private readonly List<int> _leafRules = [];
    private readonly long[] _perPart = new long[(1 << MaxCutBits) + 1];
    private int _depth;

    /// <param name="ranges">The rules.</param>
    /// <param name="budgetPerRule">Child slots plus leaf entries a tree may make per rule it holds.</param>
    /// <param name="minimumBudget">The least a tree may make, however few rules it holds.</param>
    public RuleTreeBuilder(RuleRanges ranges, long budgetPerRule, long minimumBudget)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        _ranges = ranges;
        _budgetPerRule = budgetPerRule;
        _minimumBudget = minimumBudget;
    }

    /// <summary>Adds a tree over <paramref name="rules"/> (ascending indices into the ranges).</summary>
    public void Add(int[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Length == 0)
        {
            return;
        }
        _depth = 0;
        _budgetEnd = Made + Math.Max(_minimumBudget, _budgetPerRule * rules.Length);
        uint[] lo = new uint[FlowField.Count];
        int[] bits = (int[])FieldBits.Clone();
        int root = BuildEntry(rules, lo, bits, 0);
        _trees.Add(new RuleTrees.Tree(root, rules[0], _depth, root >= 0 ? _nodes[root] : default));
    }

    /// <summary>The trees added so far, ordered by their first rule.</summary>
    public RuleTrees Build()
    {
        RuleTrees.Tree[] trees = [.. _trees];
        Array.Sort(trees, (a, b) => a.MinRule.CompareTo(b.MinRule));
        return new RuleTrees(trees, [.. _nodes], [.. _children], [.. _leaves], [.. _leafRules]);
    }

    /// <summary>Child slots and leaf entries made so far, by all trees.</summary>
    private long Made => (long)_children.Count + _leafRules.Count;

    private int BuildEntry(int[] rules, uint[] lo, int[] bits, int depth)
    {
        _depth = Math.Max(_depth, depth);
        rules = Unshadowed(rules, lo, bits);
        if (rules.Length <= LeafSize || depth >= MaxDepth || Made > _budgetEnd
            || !TryChooseCut(rules, lo, bits, out Cut cut))
        {
            return Leaf(rules);
        }
        int self = _nodes.Count;
        int field = cut.Field;
        int parts = 1 << cut.Bits;
        int childStart = _children.Count;
        (uint sharedMask, uint sharedBits) = SharedBits(rules, field, lo[field], bits[field]);
        _nodes.Add(new RuleTrees.Node(field, cut.Shift, (uint)(parts - 1), childStart, sharedMask, sharedBits));
        List<int>[] partRules = Assign(rules, cut, lo[field], bits[field]);
        for (int c = 0; c < parts; c++)
        {
            _children.Add(RuleTrees.Empty);
        }
        uint fieldLo = lo[field];
        int fieldBits = bits[field];
        bool topBits = cut.Shift + cut.Bits == fieldBits; // else the parts share the box
        for (int c = 0; c < parts; c++)
        {
            if (partRules[c].Count > 0)
            {
                if (topBits)
                {
                    lo[field] = fieldLo + ((uint)c << cut.Shift);
                    bits[field] = cut.Shift;
                }
                _children[childStart + c] = BuildEntry([.. partRules[c]], lo, bits, depth + 1);
            }
        }
        lo[field] = fieldLo;
        bits[field] = fieldBits;
        return self;
    }

    // Neighbouring parts often end with the same rules: they share one leaf.
    private int Leaf(int[] rules)
    {
        if (rules.Length == 0)
        {
            return RuleTrees.Empty;
        }
        RuleTrees.Leaf last = _leaves[^1];
        if (last.Count == rules.Length && _leafRules.GetRange(last.Start, last.Count).SequenceEqual(rules))
        {
            return ~(_leaves.Count - 1);
        }
        _leaves.Add(new RuleTrees.Leaf(_leafRules.Count, rules.Length));
        _leafRules.AddRange(rules);
        return ~(_leaves.Count - 1);
    }

    // Rules after one that covers the whole box can never be the first match inside it.
    private int[] Unshadowed(int[] rules, uint[] lo, int[] bits)
    {
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        for (int i = 0; i < rules.Length; i++)
        {
            bool covers = true;
            for (int f = 0; f < FlowField.Count && covers; f++)
            {
                uint hi = Last(lo[f], bits[f]);
                int n = _ranges.Ranges(rules[i], f, ranges);
                covers = false;
                for (int r = 0; r < n; r++)
                {
                    covers |= ranges[r].Lo <= lo[f] && ranges[r].Hi >= hi;
                }
            }
            if (covers)
            {
                return rules[..(i + 1)];
            }
        }
        return rules;
    }

    // For each field and each of its two ways of picking bits, k grows while the space measure
    // allows. The cut whose largest part holds the fewest rules wins (the longest leaf scan);
    // ties go to the fewest rules per part on average (copies / parts: how many rules a value
    // drawn at random meets, so a fine cut that leaves most values an empty part beats a coarse
    // one that puts them beside a rule), then to the smaller table. No cut that leaves some part
    // with every rule is taken: where every rule spans the middle of every field, the node stays
    // a (long) leaf.
    private bool TryChooseCut(int[] rules, uint[] lo, int[] bits, out Cut best)
    {
        best = default;
        long bestMax = rules.Length, bestSpace = long.MaxValue;
        double bestMean = double.MaxValue;
        long allowed = (long)SpaceFactor * rules.Length;
        for (int f = 0; f < FlowField.Count; f++)
        {
            int lowest = LowestDifferingBit(rules, f, lo[f], bits[f]);
            for (int way = 0; way < 2; way++)
            {
                for (int k = 1; k <= Math.Min(bits[f], MaxCutBits); k++)
                {
                    var cut = new Cut(f, way == 0 ? bits[f] - k : lowest, k);
                    if (cut.Shift < 0 || cut.Shift + k > bits[f] || (way == 1 && cut.Shift + k == bits[f]))
                    {
                        break; // the low bits run into the top: the first way has this cut
                    }
                    (long max, long copies) = Measure(rules, cut, lo[f], bits[f]);
                    long space = copies + (1L << k);
                    if (space > allowed && k > 1)
                    {
                        break;
                    }
                    double mean = (double)copies / (1L << k);
                    if (max < bestMax || (max == bestMax && best.Bits > 0 && (mean < bestMean || mean == bestMean && space < bestSpace)))
                    {
                        (best, bestMax, bestMean, bestSpace) = (cut, max, mean, space);
                    }
                }
            }
        }
        return best.Bits > 0;
    }

    // The bits in which every value of every rule (inside the box) agrees: a rule's values
    // [a, b] agree in the bits above the highest bit where a and b differ, and the rules agree
    // where their first values do.
    private (uint Mask, uint Bits) SharedBits(int[] rules, int field, uint lo, int bits)
    {
        uint first = 0, varying = 0;
        bool any = false;
        foreach (int rule in rules)
        {
            if (!TryClip(rule, field, lo, bits, out uint a, out uint b))
            {
                continue;
            }
            uint within = a ^ b;
            varying |= within == 0 ? 0 : uint.MaxValue >> BitOperations.LeadingZeroCount(within);
            if (any)
            {
                varying |= a ^ first;
            }
            else
            {
                (first, any) = (a, true);
            }
        }
        return any ? (~varying, first & ~varying) : (0, 0); // a node always holds a rule; no mask checks nothing
    }

    // The lowest bit in which the rules' ranges inside the box start at different values
    // (ranges as wide as the box left out); the field's width when they all start alike.
    private int LowestDifferingBit(int[] rules, int field, uint lo, int bits)
    {
        uint first = 0, differ = 0, hi = Last(lo, bits);
        bool any = false;
        foreach (int rule in rules)
        {
            if (!TryClip(rule, field, lo, bits, out uint start, out uint end) || (start == lo && end == hi))
            {
                continue;
            }
            if (any)
            {
                differ |= start ^ first;
            }
            else
            {
                (first, any) = (start, true);
            }
        }
        return differ == 0 ? bits : BitOperations.TrailingZeroCount(differ);
    }

    // The most rules in one part, and the copies of rules in all parts.
    private (long Max, long Copies) Measure(int[] rules, Cut cut, uint lo, int bits)
    {
        int parts = 1 << cut.Bits;
        Span<long> perPart = _perPart.AsSpan(0, parts + 1);
        perPart.Clear();
        foreach (int rule in rules)
        {
            if (Parts(Hull(rule, cut.Field), cut, lo, bits) is not (int first, int count))
            {
                continue;
            }
            int end = first + count; // exclusive; past the last part when the run wraps round
            perPart[first]++;
            perPart[Math.Min(end, parts)]--;
            if (end > parts)
            {
                perPart[0]++;
                perPart[end - parts]--;
            }
        }
        long max = 0, copies = 0, running = 0;
        for (int c = 0; c < parts; c++)
        {
            running += perPart[c];
            max = Math.Max(max, running);
            copies += running;
        }
        return (max, copies);
    }

    private List<int>[] Assign(int[] rules, Cut cut, uint lo, int bits)
    {
        int parts = 1 << cut.Bits;
        var assigned = new List<int>[parts];
        for (int c = 0; c < parts; c++)
        {
            assigned[c] = [];
        }
        foreach (int rule in rules)
        {
            if (Parts(Hull(rule, cut.Field), cut, lo, bits) is not (int first, int count))
            {
                continue;
            }
            for (int c = 0; c < count; c++)
            {
                assigned[(first + c) & (parts - 1)].Add(rule);
            }
        }
        return assigned;
    }

    // The rule's values in the field (as Hull gives them) inside the box [lo, lo + 2^bits); false
    // when they miss it.
    private bool TryClip(int rule, int field, uint lo, int bits, out uint first, out uint last)
    {
        (uint a, uint b) = Hull(rule, field);
        uint hi = Last(lo, bits);
        (first, last) = (Math.Max(a, lo), Math.Min(b, hi));
        return a <= b && b >= lo && a <= hi;
    }

    // The rule's values in the field as one range (its two ranges, when negated, as the span of both).
    private (uint Lo, uint Hi) Hull(int rule, int field)
    {
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        int n = _ranges.Ranges(rule, field, ranges);
        return n == 1 ? ranges[0] : (Math.Min(ranges[0].Lo, ranges[1].Lo), Math.Max(ranges[0].Hi, ranges[1].Hi));
    }

    // The parts a range may reach inside the box [lo, lo + 2^bits): a run of count parts from
    // first (wrapping round past the last part), all of them when the range spans 2^k parts
    // or more; null when it misses the box.
    private static (int First, int Count)? Parts((uint Lo, uint Hi) range, Cut cut, uint lo, int bits)
    {
        (uint a, uint b) = range;
        uint hi = Last(lo, bits);
        if (a > b || b < lo || a > hi)
        {
            return null;
        }
        uint from = Math.Max(a, lo) >> cut.Shift, to = Math.Min(b, hi) >> cut.Shift;
        int parts = 1 << cut.Bits;
        if ((ulong)to - from + 1 >= (ulong)parts)
        {
            return (0, parts);
        }
        return ((int)(from & (uint)(parts - 1)), (int)(to - from + 1));
    }

    private static uint Last(uint lo, int bits) => (uint)(lo + ((1UL << bits) - 1));

    /// <summary>Parts by bits <c>[Shift, Shift + Bits)</c> of <see cref="Field"/>.</summary>
    private readonly record struct Cut(int Field, int Shift, int Bits);
}
