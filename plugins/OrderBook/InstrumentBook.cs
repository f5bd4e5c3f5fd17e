using HftHost.Itch50;

namespace HftHost.Plugins.OrderBook;

/// <summary>One instrument (stock locate) at one venue: its symbol and where its levels are in the venue's <see cref="PriceLevels"/>.</summary>
internal sealed class InstrumentBook(ushort locate, int bidSide)
{
    public ushort Locate { get; } = locate;

    /// <summary>From the stock directory message, or the first order's stock field.</summary>
    public StockSymbol Symbol { get; set; }

    /// <summary>The side number of the bids in the venue's <see cref="PriceLevels"/>; the asks' is the next.</summary>
    public int BidSide { get; } = bidSide;

    public int AskSide => BidSide + 1;
}
