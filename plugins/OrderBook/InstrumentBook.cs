using HftHost.Itch50;

namespace HftHost.Plugins.OrderBook;

/// <summary>The book of one instrument (stock locate) at one venue.</summary>
internal sealed class InstrumentBook(ushort locate, int levelCapacity)
{
    public ushort Locate { get; } = locate;

    /// <summary>From the stock directory message, or the first order's stock field.</summary>
    public StockSymbol Symbol { get; set; }

    public BookSide Bids { get; } = new(bids: true, levelCapacity);

    public BookSide Asks { get; } = new(bids: false, levelCapacity);

    public BookSide Side(bool isBuy) => isBuy ? Bids : Asks;
}
