namespace HftHost.Generator;

/// <summary>
/// One price of one side of a book: totals and the time-priority queue of its orders.
/// <see cref="Key"/> is the price for bids and minus the price for asks, so on both sides a
/// larger key is a better price.
/// </summary>
internal struct PriceLevel
{
    public int Key;

    public long Shares;

    public int Orders;

    /// <summary>Oldest and newest order (slots).</summary>
    public int Head;

    public int Tail;
}
