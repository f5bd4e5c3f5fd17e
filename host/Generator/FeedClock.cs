namespace HftHost.Generator;

/// <summary>
/// The feed's one clock, shared by the market model, the packetisers and the fault
/// injector: ITCH time (ns since midnight, New York) and how far the order flow has got.
/// Threading: one thread.
/// </summary>
internal sealed class FeedClock
{
    /// <summary>09:30:00, the open: the first message's timestamp.</summary>
    public const long MarketOpenNs = (9 * 3600 + 30 * 60) * 1_000_000_000L;

    /// <summary>Midnight in New York on <paramref name="tradingDate"/>, ns since the Unix epoch.</summary>
    /// <param name="tradingDate">The trading day.</param>
    /// <param name="utcOffset">New York's offset from UTC that day (−4 h in summer, −5 h in winter).</param>
    public FeedClock(DateOnly tradingDate, TimeSpan utcOffset)
    {
        var midnight = new DateTimeOffset(tradingDate.ToDateTime(TimeOnly.MinValue), utcOffset);
        MidnightUnixNs = (midnight.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        NowNs = MarketOpenNs;
    }

    /// <summary>Midnight of the trading day in New York, ns since the Unix epoch.</summary>
    public long MidnightUnixNs { get; }

    /// <summary>ITCH time of the message being generated: ns since midnight.</summary>
    public long NowNs { get; private set; }

    /// <summary>Order-flow messages generated so far (after the directory).</summary>
    public long FlowMessages { get; set; }

    /// <summary>Moves time on; never backwards, never standing still between messages.</summary>
    public void Advance(long ns) => NowNs += Math.Max(ns, 1);
}
