using HftHost.CrossVenue;
using HftHost.Itch50;

namespace HftHost.Plugins.CrossVenue;

/// <summary>
/// One symbol across every venue: each venue's top of book, and the dislocation open now, if
/// any. Made up front (<see cref="CrossVenueSettings.SymbolCapacity"/>) and reused.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed class SymbolMarket(int venueCapacity)
{
    private VenueQuote[] _quotes = new VenueQuote[Math.Max(venueCapacity, 1)];

    public StockSymbol Symbol { get; set; }

    /// <summary>The dislocation open now (phase Opened, no end) while <see cref="IsOpen"/>.</summary>
    public CrossVenueOpportunity Open;

    public bool IsOpen;

    /// <summary>Published as opened: it has lasted the minimum duration.</summary>
    public bool Announced;

    /// <summary>Tells this dislocation from earlier ones of the symbol (pending announcements refer to it).</summary>
    public long OpenId;

    public int OpenBuyVenue;

    public int OpenSellVenue;

    /// <summary>The quote of venue <paramref name="venue"/> (a venue index).</summary>
    public ref VenueQuote Quote(int venue)
    {
        if (venue >= _quotes.Length)
        {
            Array.Resize(ref _quotes, Math.Max(_quotes.Length * 2, venue + 1)); // a new venue: rare
        }
        return ref _quotes[venue];
    }

    /// <summary>The venue with the highest bid (first there on a tie), or −1 when no venue has one.</summary>
    public int BestBid(int venues)
    {
        int best = -1;
        for (int v = 0; v < venues && v < _quotes.Length; v++)
        {
            ref VenueQuote q = ref _quotes[v];
            if (q.Bid.IsEmpty)
            {
                continue;
            }
            if (best < 0 || q.Bid.Price > _quotes[best].Bid.Price || (q.Bid.Price == _quotes[best].Bid.Price && q.BidSince < _quotes[best].BidSince))
            {
                best = v;
            }
        }
        return best;
    }

    /// <summary>The venue with the lowest offer (first there on a tie), or −1 when no venue has one.</summary>
    public int BestAsk(int venues)
    {
        int best = -1;
        for (int v = 0; v < venues && v < _quotes.Length; v++)
        {
            ref VenueQuote q = ref _quotes[v];
            if (q.Ask.IsEmpty)
            {
                continue;
            }
            if (best < 0 || q.Ask.Price < _quotes[best].Ask.Price || (q.Ask.Price == _quotes[best].Ask.Price && q.AskSince < _quotes[best].AskSince))
            {
                best = v;
            }
        }
        return best;
    }
}
