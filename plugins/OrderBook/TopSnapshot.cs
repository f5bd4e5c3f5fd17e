using HftHost.OrderBook;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// An instrument's best bid and offer taken before a message is applied, to tell afterwards
/// whether the message changed them. <see cref="Watching"/> is false when nobody subscribes to
/// <see cref="TopOfBookChanged"/>: then nothing was read and nothing is compared.
/// </summary>
internal readonly record struct TopSnapshot(bool Watching, Quote Bid, Quote Ask)
{
    public static TopSnapshot Of(InstrumentBook book) => new(true, Best(book.Bids), Best(book.Asks));

    public static Quote Best(BookSide side) => side.TryBest(out PriceLevel best) ? new Quote(best.Price, best.Shares) : default;
}
