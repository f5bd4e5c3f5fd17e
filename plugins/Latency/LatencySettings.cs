namespace HftHost.Plugins.Latency;

/// <summary>The plugin's settings.</summary>
public sealed class LatencySettings
{
    /// <summary>
    /// Midnight of the trading day, ns since the Unix epoch, that ITCH timestamps (ns since
    /// midnight) count from. 0 (the default) derives it per session from the first message's
    /// receive time: midnight of that day in <see cref="TimeZone"/>. Set it for a feed that
    /// starts so close to midnight that its first receive time may fall on the other day.
    /// </summary>
    public long MidnightUnixNs { get; set; }

    /// <summary>IANA time zone of the venues' clocks when <see cref="MidnightUnixNs"/> is derived (NASDAQ: New York).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>
    /// Per session (its text, e.g. <c>VENUE01</c>): the wire-latency target in microseconds.
    /// A frame whose wire latency exceeds it is a breach: counted, and logged at most once per
    /// <see cref="AlertLogIntervalMilliseconds"/> of receive time.
    /// </summary>
    public Dictionary<string, double> TargetsMicroseconds { get; } = new(StringComparer.Ordinal);

    /// <summary>Least receive time between two breach log lines of one session.</summary>
    public int AlertLogIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Largest latency the histograms hold (larger ones are counted as out of range).</summary>
    public int HighestTrackableSeconds { get; set; } = 60;

    /// <summary>Decimal digits every recorded value keeps (HdrHistogram precision): 3 is 0.1%.</summary>
    public int SignificantDigits { get; set; } = 3;

    /// <summary>
    /// An HdrHistogram interval log (.hlog) to write the histograms to, or null for none
    /// (<c>hfthost replay|listen --hlog FILE</c> sets it). With several receive queues each
    /// queue's instance writes its own file, <c>name.q&lt;N&gt;.ext</c>.
    /// </summary>
    public string? HistogramLog { get; set; }

    /// <summary>Wall-clock length of one interval of <see cref="HistogramLog"/>.</summary>
    public int HistogramLogIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How often (wall clock, at idle turns) the percentiles the gauges show are recomputed.</summary>
    public int SnapshotIntervalMilliseconds { get; set; } = 1000;
}
