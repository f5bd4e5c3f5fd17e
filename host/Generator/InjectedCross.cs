using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// One injected cross-venue dislocation: an order resting on <see cref="Venue"/> from
/// <see cref="StartTimestamp"/> (its add) to <see cref="EndTimestamp"/> (its delete) at a price
/// that crosses or locks the best quote of the other venue. Buy at the offer, sell at the bid.
/// </summary>
/// <param name="Kind">Crossed or locked.</param>
/// <param name="Locate">Stock locate (the same on every venue of a generated feed).</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Venue">The venue the injected order rests on.</param>
/// <param name="InjectedSide">The injected order's side: a bid (sell there) or an offer (buy there).</param>
/// <param name="Reference">The injected order's reference number.</param>
/// <param name="BuyVenue">Venue with the offer.</param>
/// <param name="BuyPrice">The offer, 1/10,000.</param>
/// <param name="BuyShares">Shares at the offer.</param>
/// <param name="SellVenue">Venue with the bid.</param>
/// <param name="SellPrice">The bid, 1/10,000.</param>
/// <param name="SellShares">Shares at the bid.</param>
/// <param name="StartTimestamp">ITCH timestamp of the add.</param>
/// <param name="EndTimestamp">ITCH timestamp of the delete.</param>
internal sealed record InjectedCross(
    CrossKind Kind, ushort Locate, StockSymbol Symbol, VenueEndpoint Venue, Side InjectedSide, ulong Reference,
    VenueEndpoint BuyVenue, long BuyPrice, long BuyShares, VenueEndpoint SellVenue, long SellPrice, long SellShares,
    long StartTimestamp, long EndTimestamp)
{
    /// <summary>Shares that could be bought and sold: the smaller side.</summary>
    public long Size => Math.Min(BuyShares, SellShares);

    /// <summary>(sell − buy) / buy in basis points, computed as a consumer would from the ITCH prices.</summary>
    public double SpreadBps => (SellPrice - BuyPrice) * 10_000.0 / BuyPrice;
}
