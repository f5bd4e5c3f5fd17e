namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Builds a <see cref="RuleTree"/>. At each node: drop the rules shadowed by an earlier rule
/// that covers the node's whole box; stop at <see cref="LeafSize"/> rules; otherwise, for each
/// field, place up to <see cref="MaxCuts"/> cuts evenly among the rule boundaries inside the
/// box and keep the field whose biggest child holds the fewest rules (ties: fewest copies).
/// A budget on copies keeps a pathological rule set from exhausting memory: past it, nodes
/// become (longer, still correct) leaves.
/// Threading: one builder per build, on the compiling thread.
/// </summary>
internal sealed class RuleTreeBuilder
{
    public const int LeafSize = 4;
    public const int MaxCuts = 255;
    private const int MaxDepth = 24;

    private readonly RuleRanges _ranges;
    private readonly long _budget;
    private readonly List<RuleTree.Node> _nodes = [];
    private readonly List<uint> _cuts = [];
    private readonly List<int> _children = [];
    private readonly List<int> _leafRules = [];
    private int _depth;

    private RuleTreeBuilder(RuleRanges ranges, long budget)
    {
        _ranges = ranges;
        _budget = budget;
    }

    /// <summary>A tree over <paramref name="rules"/> (ascending indices into <paramref name="ranges"/>).</summary>
    public static RuleTree Build(RuleRanges ranges, int[] rules, long budget)
    {
        var builder = new RuleTreeBuilder(ranges, budget);
        uint[] lo = new uint[FlowField.Count], hi = (uint[])FlowField.Max.Clone();
        builder.BuildNode(rules, lo, hi, 0);
        return new RuleTree(
            [.. builder._nodes], [.. builder._cuts], [.. builder._children], [.. builder._leafRules],
            rules.Length == 0 ? int.MaxValue : rules[0], rules.Length, builder._depth);
    }

    private int BuildNode(int[] rules, uint[] lo, uint[] hi, int depth)
    {
        _depth = Math.Max(_depth, depth);
        rules = Unshadowed(rules, lo, hi);
        int self = _nodes.Count;
        _nodes.Add(default);
        int field = -1;
        uint[] cuts = [];
        List<int>[] childRules = [];
        if (rules.Length > LeafSize && depth < MaxDepth && _leafRules.Count <= _budget && TryChooseCuts(rules, lo, hi, out field, out cuts))
        {
            (cuts, childRules) = MergeEqualNeighbours(cuts, Assign(rules, field, cuts, lo[field], hi[field]));
        }
        if (cuts.Length == 0)
        {
            _nodes[self] = new RuleTree.Node(-1, _leafRules.Count, rules.Length, 0);
            _leafRules.AddRange(rules);
            return self;
        }
        int childStart = _children.Count;
        _nodes[self] = new RuleTree.Node(field, _cuts.Count, cuts.Length, childStart);
        _cuts.AddRange(cuts);
        for (int c = 0; c <= cuts.Length; c++)
        {
            _children.Add(-1);
        }
        uint fieldLo = lo[field], fieldHi = hi[field];
        for (int c = 0; c <= cuts.Length; c++)
        {
            lo[field] = c == 0 ? fieldLo : cuts[c - 1];
            hi[field] = c == cuts.Length ? fieldHi : cuts[c] - 1;
            _children[childStart + c] = BuildNode([.. childRules[c]], lo, hi, depth + 1);
        }
        lo[field] = fieldLo;
        hi[field] = fieldHi;
        return self;
    }

    // Neighbouring intervals holding the same rules become one (a subtree cannot be shared
    // between them instead: what it prunes depends on its interval).
    private static (uint[] Cuts, List<int>[] Children) MergeEqualNeighbours(uint[] cuts, List<int>[] children)
    {
        var keptCuts = new List<uint>(cuts.Length);
        var keptChildren = new List<List<int>>(children.Length) { children[0] };
        for (int c = 1; c < children.Length; c++)
        {
            if (children[c].SequenceEqual(keptChildren[^1]))
            {
                continue;
            }
            keptCuts.Add(cuts[c - 1]);
            keptChildren.Add(children[c]);
        }
        return ([.. keptCuts], [.. keptChildren]);
    }

    // Rules after one that covers the whole box can never be the first match inside it.
    private int[] Unshadowed(int[] rules, uint[] lo, uint[] hi)
    {
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        for (int i = 0; i < rules.Length; i++)
        {
            bool covers = true;
            for (int f = 0; f < FlowField.Count && covers; f++)
            {
                int n = _ranges.Ranges(rules[i], f, ranges);
                covers = false;
                for (int r = 0; r < n; r++)
                {
                    covers |= ranges[r].Lo <= lo[f] && ranges[r].Hi >= hi[f];
                }
            }
            if (covers)
            {
                return rules[..(i + 1)];
            }
        }
        return rules;
    }

    private bool TryChooseCuts(int[] rules, uint[] lo, uint[] hi, out int bestField, out uint[] bestCuts)
    {
        bestField = -1;
        bestCuts = [];
        long bestMax = rules.Length, bestTotal = long.MaxValue;
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        var points = new List<uint>();
        for (int f = 0; f < FlowField.Count; f++)
        {
            if (lo[f] == hi[f])
            {
                continue;
            }
            points.Clear();
            foreach (int rule in rules)
            {
                int n = _ranges.Ranges(rule, f, ranges);
                for (int r = 0; r < n; r++)
                {
                    (uint a, uint b) = ranges[r];
                    if (a > b || b < lo[f] || a > hi[f])
                    {
                        continue;
                    }
                    if (a > lo[f])
                    {
                        points.Add(a);
                    }
                    if (b < hi[f])
                    {
                        points.Add(b + 1);
                    }
                }
            }
            if (points.Count == 0)
            {
                continue;
            }
            points.Sort();
            uint[] distinct = Distinct(points);
            uint[] cuts = distinct.Length <= MaxCuts ? distinct : Spread(distinct);
            (long max, long total) = Measure(rules, f, cuts, lo[f], hi[f]);
            if (max < bestMax || (max == bestMax && bestField >= 0 && total < bestTotal))
            {
                (bestField, bestCuts, bestMax, bestTotal) = (f, cuts, max, total);
            }
        }
        return bestField >= 0;
    }

    private static uint[] Distinct(List<uint> sorted)
    {
        var distinct = new List<uint>(sorted.Count);
        foreach (uint p in sorted)
        {
            if (distinct.Count == 0 || distinct[^1] != p)
            {
                distinct.Add(p);
            }
        }
        return [.. distinct];
    }

    // MaxCuts of the boundaries, evenly spaced in boundary order (so each interval gets about
    // as many rule edges as the next).
    private static uint[] Spread(uint[] distinct)
    {
        var cuts = new uint[MaxCuts];
        for (int j = 0; j < MaxCuts; j++)
        {
            cuts[j] = distinct[(int)((long)(j + 1) * distinct.Length / (MaxCuts + 1))];
        }
        return cuts;
    }

    private (long Max, long Total) Measure(int[] rules, int field, uint[] cuts, uint lo, uint hi)
    {
        var perChild = new long[cuts.Length + 2];
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        foreach (int rule in rules)
        {
            int last = -1;
            int n = _ranges.Ranges(rule, field, ranges);
            for (int r = 0; r < n; r++)
            {
                if (Span(ranges[r], cuts, lo, hi) is not (int first, int end))
                {
                    continue;
                }
                first = Math.Max(first, last + 1); // two ranges of one rule in one child count once
                if (first <= end)
                {
                    perChild[first]++;
                    perChild[end + 1]--;
                    last = end;
                }
            }
        }
        long max = 0, total = 0, running = 0;
        for (int c = 0; c <= cuts.Length; c++)
        {
            running += perChild[c];
            max = Math.Max(max, running);
            total += running;
        }
        return (max, total);
    }

    private List<int>[] Assign(int[] rules, int field, uint[] cuts, uint lo, uint hi)
    {
        var children = new List<int>[cuts.Length + 1];
        for (int c = 0; c < children.Length; c++)
        {
            children[c] = [];
        }
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        foreach (int rule in rules)
        {
            int last = -1;
            int n = _ranges.Ranges(rule, field, ranges);
            for (int r = 0; r < n; r++)
            {
                if (Span(ranges[r], cuts, lo, hi) is not (int first, int end))
                {
                    continue;
                }
                for (int c = Math.Max(first, last + 1); c <= end; c++)
                {
                    children[c].Add(rule);
                    last = c;
                }
            }
        }
        return children;
    }

    // The children [first, end] a range overlaps inside the box, or null when it misses the box.
    private static (int First, int End)? Span((uint Lo, uint Hi) range, uint[] cuts, uint lo, uint hi)
    {
        (uint a, uint b) = range;
        if (a > b || b < lo || a > hi)
        {
            return null;
        }
        return (ChildOf(Math.Max(a, lo), cuts), ChildOf(Math.Min(b, hi), cuts));
    }

    private static int ChildOf(uint value, uint[] cuts)
    {
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (cuts[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
