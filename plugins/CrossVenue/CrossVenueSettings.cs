namespace HftHost.Plugins.CrossVenue;

/// <summary>The plugin's settings.</summary>
public sealed class CrossVenueSettings
{
    /// <summary>
    /// Least spread, (best bid − best offer) / best offer in basis points, for a dislocation to
    /// be an opportunity. 0 (the default) reports locked markets too; any positive value reports
    /// only crossed markets at least that wide.
    /// </summary>
    public double MinSpreadBps { get; set; }

    /// <summary>
    /// Least time, in ITCH time (µs), a dislocation must last to be reported: shorter ones
    /// (a quote that moved before anyone could act) are counted but neither published nor listed.
    /// </summary>
    public double MinDurationMicroseconds { get; set; }

    /// <summary>Names to report venues by, per MoldUDP64 session (<c>VenueNames:VENUE01 = NASDAQ</c>); a session not named here is reported by its session text.</summary>
    public Dictionary<string, string> VenueNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Symbols the per-symbol state is made for up front; more are made as they appear.</summary>
    public int SymbolCapacity { get; set; } = 1024;

    /// <summary>Venues each symbol's quotes are sized for up front; more grow the arrays as they appear.</summary>
    public int VenueCapacity { get; set; } = 8;

    /// <summary>Closed opportunities the <c>opportunities</c> query lists: the most recent ones; older ones are only counted.</summary>
    public int OpportunityCapacity { get; set; } = 10_000;

    /// <summary>
    /// Least receive time between two log lines about closed opportunities; the ones in
    /// between are counted and the next line says how many (events, the history and the
    /// counters still carry every one). Independent venues touch each other's prices
    /// thousands of times a second: a line each would flood the log and allocate per frame.
    /// 0 logs every one.
    /// </summary>
    public int LogIntervalMilliseconds { get; set; } = 1000;
}
