namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// A decision tree over a group of rules (HiCuts, Gupta and McKeown, Hot Interconnects 1999,
/// with cuts placed at rule boundaries rather than at equal intervals): each inner node cuts one
/// field into up to <see cref="RuleTreeBuilder.MaxCuts"/>+1 intervals, found by binary search
/// over the cut values; a leaf holds a few rules, tried in priority order. A lookup visits a
/// handful of nodes however many rules there are.
/// Threading: immutable once built; <see cref="Find"/> from any thread.
/// </summary>
internal sealed class RuleTree
{
    private readonly Node[] _nodes;
    private readonly uint[] _cuts;
    private readonly int[] _children;
    private readonly int[] _leafRules;

    internal RuleTree(Node[] nodes, uint[] cuts, int[] children, int[] leafRules, int minRule, int ruleCount, int depth)
    {
        _nodes = nodes;
        _cuts = cuts;
        _children = children;
        _leafRules = leafRules;
        MinRule = minRule;
        RuleCount = ruleCount;
        Depth = depth;
    }

    /// <summary>The smallest (first in the file) rule in this tree: when a match at or before it is known, the tree cannot improve it.</summary>
    public int MinRule { get; }

    public int RuleCount { get; }

    public int Depth { get; }

    public int NodeCount => _nodes.Length;

    /// <summary>Rule indices held by all leaves (rules spanning several intervals are held more than once).</summary>
    public int LeafEntries => _leafRules.Length;

    /// <summary>The first rule matching <paramref name="key"/> if it comes before <paramref name="best"/>; otherwise <paramref name="best"/>.</summary>
    public int Find(ref FlowKey key, RuleRanges ranges, int best)
    {
        Node[] nodes = _nodes;
        uint[] cuts = _cuts;
        Node node = nodes[0];
        while (node.Field >= 0)
        {
            uint value = key[node.Field];
            // The child is the number of cuts at or below the value (cut values start intervals).
            int lo = node.Start, hi = node.Start + node.Count;
            while (lo < hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                if (cuts[mid] <= value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            node = nodes[_children[node.Children + lo - node.Start]];
        }
        int end = node.Start + node.Count;
        for (int i = node.Start; i < end; i++)
        {
            int rule = _leafRules[i];
            if (rule >= best)
            {
                break; // leaves are in priority order: nothing later can win
            }
            if (ranges.Matches(rule, ref key))
            {
                return rule;
            }
        }
        return best;
    }

    /// <summary>
    /// An inner node (<see cref="Field"/> ≥ 0: cuts <c>[Start, Start+Count)</c>, children from
    /// <see cref="Children"/>, Count+1 of them) or a leaf (<see cref="Field"/> -1: rules
    /// <c>[Start, Start+Count)</c> of the leaf list).
    /// </summary>
    internal readonly record struct Node(int Field, int Start, int Count, int Children);
}
