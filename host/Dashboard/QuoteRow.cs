namespace HftHost.Dashboard;

/// <summary>
/// Best bid and offer of one symbol on one venue (OrderBook's <c>bbo</c> query); prices in
/// 1/10,000 of the currency unit, null sides when the book side is empty.
/// </summary>
internal sealed record QuoteRow
{
    public required string Session { get; init; }

    public required string Symbol { get; init; }

    public long? BidPrice { get; init; }

    public long BidShares { get; init; }

    public long? AskPrice { get; init; }

    public long AskShares { get; init; }

    /// <summary>Times the dashboard saw this best bid/offer change: what "busiest" ranks by.</summary>
    public int Changes { get; init; }
}
