namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Decision trees over groups of rules, flattened into shared arrays so that one loop walks
/// them all. Each inner node cuts one field on k of its bits into 2^k parts (on the top bits of
/// its box, a power-of-two aligned range per field, these are the equal cuts of HiCuts, Gupta
/// and McKeown, Hot Interconnects 1999; <see cref="RuleTreeBuilder"/> says which bits): the
/// child is <c>(value &gt;&gt; Shift) &amp; Mask</c>, one shift, one mask and one load per level,
/// with no search. A leaf holds a few rules in priority order.
/// </summary>
/// <remarks>
/// An entry (a tree's root or a child slot) is a node index when ≥ 0 and the bitwise complement
/// of a leaf index when negative; leaf 0 is the empty leaf, which most child slots point at.
/// Threading: immutable once built; read from any thread.
/// </remarks>
internal sealed class RuleTrees
{
    /// <summary>The entry of the empty leaf: no rule in this part of the box.</summary>
    public const int Empty = ~0;

    internal RuleTrees(Tree[] trees, Node[] nodes, int[] children, Leaf[] leaves, int[] leafRules)
    {
        Roots = trees;
        Nodes = nodes;
        Children = children;
        Leaves = leaves;
        LeafRules = leafRules;
    }

    /// <summary>The trees in order of their first rule (so a walk can stop once no later tree can win).</summary>
    public Tree[] Roots { get; }

    public Node[] Nodes { get; }

    public int[] Children { get; }

    public Leaf[] Leaves { get; }

    /// <summary>Rule indices of all leaves, each leaf's in ascending order (rules spanning several parts are held more than once).</summary>
    public int[] LeafRules { get; }

    /// <summary>
    /// One tree: its root entry, its first rule (the lowest index it holds) and its depth; when
    /// the root is a node, a copy of it, so that the first step of a walk reads nothing but this
    /// record and the key.
    /// </summary>
    internal readonly struct Tree(int root, int minRule, int depth, Node rootNode)
    {
        public readonly int Root = root;
        public readonly int MinRule = minRule;
        public readonly int Depth = depth;
        public readonly Node RootNode = rootNode; // a field, so a walk can start from a reference to it
    }

    /// <summary>
    /// An inner node: cuts <see cref="Field"/> into <c>Mask + 1</c> parts; the child slots start at
    /// <see cref="Children"/>. <see cref="SharedMask"/> marks the bits in which every value of
    /// every rule the node holds agrees (<see cref="SharedBits"/>): the leading bits of one
    /// network, the low bits of ports on a step of 4. A value that differs there matches none of
    /// them and goes to the empty leaf; that keeps a cut on some bits from sending a value that
    /// only shares those bits (another network, VLAN 0 beside VLAN 3) to a rule's leaf.
    /// </summary>
    internal readonly record struct Node(int Field, int Shift, uint Mask, int Children, uint SharedMask, uint SharedBits);

    /// <summary>A leaf: rules <c>[Start, Start + Count)</c> of <see cref="LeafRules"/>.</summary>
    internal readonly record struct Leaf(int Start, int Count);
}
