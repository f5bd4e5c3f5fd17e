using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.CrossVenue;

/// <summary>
/// A crossed or locked market of one symbol across two venues, as the CrossVenue plugin
/// publishes it: once with <see cref="OpportunityPhase.Opened"/> when it has lasted the minimum
/// duration, once with <see cref="OpportunityPhase.Closed"/> when it ends. Buy at
/// <see cref="BuyPrice"/> on <see cref="BuyVenue"/> (its best offer) and sell at
/// <see cref="SellPrice"/> on <see cref="SellVenue"/> (its best bid). Times are ITCH timestamps
/// (ns since midnight) of the messages that opened and closed it.
/// Threading: immutable; delivered on the poll thread, by reference, valid during the call.
/// </summary>
/// <param name="Phase">Opened (end unknown, 0) or closed.</param>
/// <param name="Kind">Crossed (sell price above buy price) or locked (equal).</param>
/// <param name="Symbol">The symbol, the same on both venues.</param>
/// <param name="BuyVenue">Session of the venue with the lowest offer.</param>
/// <param name="BuyPrice">That offer, in 1/10,000.</param>
/// <param name="SellVenue">Session of the venue with the highest bid.</param>
/// <param name="SellPrice">That bid, in 1/10,000.</param>
/// <param name="Size">Shares that could be bought and sold: the smaller of the two quotes' shares when it opened.</param>
/// <param name="SpreadBps">(sell − buy) / buy in basis points; 0 for a locked market.</param>
/// <param name="StartTimestamp">ITCH timestamp of the message that opened it.</param>
/// <param name="EndTimestamp">ITCH timestamp of the message that closed it; 0 while open.</param>
/// <param name="RxTimestampNs">Receive time of the frame whose message caused this event.</param>
public readonly record struct CrossVenueOpportunity(
    OpportunityPhase Phase,
    DislocationKind Kind,
    StockSymbol Symbol,
    MoldSession BuyVenue,
    long BuyPrice,
    MoldSession SellVenue,
    long SellPrice,
    long Size,
    double SpreadBps,
    long StartTimestamp,
    long EndTimestamp,
    long RxTimestampNs)
{
    /// <summary>How long it lasted, ns; 0 while open.</summary>
    public long DurationNs => Phase == OpportunityPhase.Closed ? EndTimestamp - StartTimestamp : 0;
}
