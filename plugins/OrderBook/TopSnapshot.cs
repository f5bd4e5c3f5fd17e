using HftHost.OrderBook;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// An instrument's best bid and offer taken before a message is applied, to tell afterwards
/// whether the message changed them. <see cref="Watching"/> is false when nobody subscribes to
/// <see cref="TopOfBookChanged"/>: then nothing was read and nothing is compared.
/// </summary>
internal readonly record struct TopSnapshot(bool Watching, Quote Bid, Quote Ask)
{
    public static TopSnapshot Of(VenueBook venue, ushort locate)
    {
        int bids = venue.BidSide(locate);
        return new(true, Best(venue.Levels, bids), Best(venue.Levels, bids + 1));
    }

    public static Quote Best(PriceLevels levels, int side) => levels.TryBest(side, out PriceLevel best) ? new Quote(best.Price, best.Shares) : default;
}
