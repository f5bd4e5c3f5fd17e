namespace HftHost.Generator;

/// <summary>A venue's best bid and offer for one symbol (price in ticks and shares; 0 when a side is empty), to see whether a step changed them.</summary>
internal readonly record struct BookTop(int BidTicks, long BidShares, int AskTicks, long AskShares)
{
    public static BookTop Of(SymbolBook book) => new(
        book.Bids.IsEmpty ? 0 : book.Bids.BestPriceTicks, book.Bids.IsEmpty ? 0 : book.Bids.Level(0).Shares,
        book.Asks.IsEmpty ? 0 : book.Asks.BestPriceTicks, book.Asks.IsEmpty ? 0 : book.Asks.Level(0).Shares);
}
