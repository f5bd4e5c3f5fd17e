using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Finds the first rule (in file order) that matches a frame's fields, at a cost that does not
/// grow with the number of rules. Rules are grouped by which fields they are specific in (a
/// field is specific when the rule covers less than half its values), after EffiCuts
/// (Vamanan, Voskuilen and Vijaykumar, SIGCOMM 2010): a tree over rules that are all narrow in
/// the same fields cuts them apart with few copies, where one tree over all of them would copy
/// every wildcard rule into every branch. A lookup walks each group's tree (a few per rule
/// file, however long; <see cref="RuleTrees"/>) and keeps the earliest match; a tree whose
/// first rule comes after the match so far is skipped. Groups too small to be worth a tree
/// share one.
/// Threading: immutable once built; <see cref="Find"/> from any thread.
/// </summary>
internal sealed class RuleMatcher
{
    private readonly RuleTrees _trees;

    public RuleMatcher(IReadOnlyList<FilterRule> rules, long copyBudgetPerRule = 64)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Ranges = new RuleRanges(rules);
        var groups = new SortedDictionary<int, List<int>>();
        for (int r = 0; r < rules.Count; r++)
        {
            if (!Ranges.CanMatch(r))
            {
                continue; // an empty range would read as "everything" to the one-comparison range test
            }
            int mask = SpecificFields(r);
            if (!groups.TryGetValue(mask, out List<int>? group))
            {
                groups.Add(mask, group = []);
            }
            group.Add(r);
        }
        var small = new List<int>();
        var builder = new RuleTreeBuilder(Ranges, copyBudgetPerRule, minimumBudget: 1 << 18);
        foreach (List<int> group in groups.Values)
        {
            if (group.Count <= RuleTreeBuilder.LeafSize * 4)
            {
                small.AddRange(group);
                continue;
            }
            builder.Add([.. group]);
        }
        if (small.Count > 0)
        {
            small.Sort();
            builder.Add([.. small]);
        }
        _trees = builder.Build();
    }

    public RuleRanges Ranges { get; }

    public int TreeCount => _trees.Roots.Length;

    /// <summary>The most levels of inner nodes a lookup walks in one tree.</summary>
    public int MaxDepth => _trees.Roots.Length == 0 ? 0 : _trees.Roots.Max(t => t.Depth);

    /// <summary>The most rules one lookup may test in one tree (the longest leaf).</summary>
    public int LongestLeaf => _trees.Leaves.Max(leaf => leaf.Count);

    /// <summary>Index of the first rule matching <paramref name="key"/>, or -1 when none does.</summary>
    public int Find(ref FlowKey key)
    {
        int best = int.MaxValue;
        Vector256<uint> fields = FlowKey.AsVector(ref key);
        RuleTrees trees = _trees;
        // The trees' indices are in range by construction (RuleTreeBuilder), so the walk reads
        // without bounds checks; debug builds assert them.
        ref RuleTrees.Node nodes = ref MemoryMarshal.GetArrayDataReference(trees.Nodes);
        ref int children = ref MemoryMarshal.GetArrayDataReference(trees.Children);
        ref RuleTrees.Leaf leaves = ref MemoryMarshal.GetArrayDataReference(trees.Leaves);
        ref int leafRules = ref MemoryMarshal.GetArrayDataReference(trees.LeafRules);
        ref uint field = ref Unsafe.As<FlowKey, uint>(ref key);
        foreach (ref readonly RuleTrees.Tree tree in trees.Roots.AsSpan())
        {
            if (tree.MinRule >= best)
            {
                break; // ordered by first rule: no later tree can hold an earlier match
            }
            int entry = tree.Root;
            ref readonly RuleTrees.Node node = ref tree.RootNode;
            while (entry >= 0)
            {
                uint value = Unsafe.Add(ref field, node.Field);
                int slot = node.Children + (int)((value >> node.Shift) & node.Mask);
                Debug.Assert((uint)node.Field < FlowField.Count && slot < trees.Children.Length);
                entry = (value & node.SharedMask) == node.SharedBits ? Unsafe.Add(ref children, slot) : RuleTrees.Empty;
                Debug.Assert(entry < trees.Nodes.Length);
                node = ref Unsafe.Add(ref nodes, Math.Max(entry, 0)); // read only while entry is a node
            }
            if (entry == RuleTrees.Empty)
            {
                continue; // most walks end here: no rule of this tree near the key
            }
            Debug.Assert(~entry < trees.Leaves.Length);
            RuleTrees.Leaf leaf = Unsafe.Add(ref leaves, ~entry);
            for (int i = leaf.Start, end = leaf.Start + leaf.Count; i < end; i++)
            {
                Debug.Assert(i < trees.LeafRules.Length);
                int rule = Unsafe.Add(ref leafRules, i);
                if (rule >= best)
                {
                    break; // leaves are in priority order: nothing later can win
                }
                if (Ranges.Matches(rule, fields))
                {
                    best = rule;
                    break;
                }
            }
        }
        return best == int.MaxValue ? -1 : best;
    }

    /// <summary>"4 trees (depths 2, 1, 1, 0), 5 nodes, 86,016 child slots, 10,000 leaf entries (at most 3 a leaf) for 10,000 rules": for the log and the benchmark.</summary>
    public string Describe() =>
        $"{_trees.Roots.Length} trees (depths {string.Join(", ", _trees.Roots.Select(t => t.Depth))}), {_trees.Nodes.Length:N0} nodes, {_trees.Children.Length:N0} child slots, {_trees.LeafRules.Length:N0} leaf entries (at most {LongestLeaf} a leaf) for {Ranges.Count:N0} rules";

    private int SpecificFields(int rule)
    {
        Span<(uint Lo, uint Hi)> ranges = stackalloc (uint, uint)[2];
        int mask = 0;
        for (int f = 0; f < FlowField.Count; f++)
        {
            int n = Ranges.Ranges(rule, f, ranges);
            double covered = 0;
            for (int r = 0; r < n; r++)
            {
                if (ranges[r].Lo <= ranges[r].Hi)
                {
                    covered += (double)ranges[r].Hi - ranges[r].Lo + 1;
                }
            }
            if (covered < ((double)FlowField.Max[f] + 1) / 2)
            {
                mask |= 1 << f;
            }
        }
        return mask;
    }
}
