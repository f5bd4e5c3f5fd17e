using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// An order resting on a venue's book, as the generator tracks it: a slot in the
/// <see cref="OrderPool"/>, linked in time priority into its price level and listed in its
/// book's live orders so one can be picked at random in O(1).
/// </summary>
internal struct RestingOrder
{
    public ulong Reference;

    /// <summary>Limit price in ticks (cents).</summary>
    public int PriceTicks;

    public int Shares;

    public Side Side;

    /// <summary>Previous and next order at the same price (slots; -1 at the ends).</summary>
    public int Prev;

    public int Next;

    /// <summary>Where the order is in its book's live list.</summary>
    public int LiveIndex;
}
