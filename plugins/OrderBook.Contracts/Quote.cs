namespace HftHost.OrderBook;

/// <summary>
/// One side of a top of book: the best price and the shares resting at it.
/// Threading: immutable.
/// </summary>
/// <param name="Price">Price in 1/10,000 (ITCH's 4 implied decimals); 0 when the side is empty.</param>
/// <param name="Shares">Shares at the price, every order there together; 0 when the side is empty.</param>
public readonly record struct Quote(long Price, long Shares)
{
    /// <summary>True when no order rests on the side.</summary>
    public bool IsEmpty => Shares == 0;
}
