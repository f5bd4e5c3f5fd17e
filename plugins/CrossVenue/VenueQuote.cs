using HftHost.OrderBook;

namespace HftHost.Plugins.CrossVenue;

/// <summary>
/// One venue's top of book for one symbol, and since when (ITCH time) each side has been at its
/// price: among venues at the same best price the one that got there first is the best, as a
/// consolidated feed ranks them.
/// </summary>
internal struct VenueQuote
{
    public Quote Bid;
    public long BidSince;
    public Quote Ask;
    public long AskSince;

    public void Update(Quote bid, Quote ask, long timestamp)
    {
        if (bid.Price != Bid.Price || Bid.IsEmpty)
        {
            BidSince = timestamp;
        }
        if (ask.Price != Ask.Price || Ask.IsEmpty)
        {
            AskSince = timestamp;
        }
        Bid = bid;
        Ask = ask;
    }
}
