using HftHost.Latency;
using HftHost.MoldUdp64;
using HftHost.Sdk.Histograms;

namespace HftHost.Plugins.Latency;

/// <summary>
/// One MoldUDP64 session's latency histograms and counters. Created when the session is first
/// seen (the only allocation); recorded into on the poll thread only. The gauge callbacks read
/// <see cref="Snapshot"/>, which the poll thread refreshes, never the histograms themselves
/// (they are not thread-safe).
/// </summary>
internal sealed class FeedLatency
{
    /// <summary>Percentiles reported, in <see cref="Snapshot"/> order; 100 is the maximum.</summary>
    public static readonly double[] Percentiles = [50, 90, 99, 99.9, 99.99, 100];

    /// <summary>Names of <see cref="Percentiles"/> in JSON and metric tags.</summary>
    public static readonly string[] PercentileNames = ["p50", "p90", "p99", "p99.9", "p99.99", "max"];

    public static readonly int MetricCount = Enum.GetValues<LatencyMetric>().Length;

    /// <param name="session">The session.</param>
    /// <param name="targetNs">Wire-latency target; 0 for none.</param>
    /// <param name="highestTrackableNs">Range of the histograms.</param>
    /// <param name="significantDigits">Precision of the histograms.</param>
    /// <param name="withIntervals">Also record into <see cref="Intervals"/> (for the histogram log).</param>
    public FeedLatency(MoldSession session, long targetNs, long highestTrackableNs, int significantDigits, bool withIntervals)
    {
        Session = session;
        Name = session.ToString();
        TargetNs = targetNs;
        Histograms = new HdrHistogram[MetricCount];
        for (int i = 0; i < Histograms.Length; i++)
        {
            Histograms[i] = new HdrHistogram(1, highestTrackableNs, significantDigits);
        }
        if (withIntervals)
        {
            Intervals = new IntervalRecorder[MetricCount];
            for (int i = 0; i < Intervals.Length; i++)
            {
                Intervals[i] = new IntervalRecorder(1, highestTrackableNs, significantDigits);
            }
        }
        Snapshot = new long[MetricCount * Percentiles.Length];
    }

    public MoldSession Session { get; }

    public string Name { get; }

    /// <summary>Wire-latency target; 0 for none.</summary>
    public long TargetNs { get; }

    public HdrHistogram[] Histograms { get; }

    /// <summary>
    /// Per metric, what was recorded since the histogram log's last interval, or null when no
    /// log is written. The log's writer thread takes the intervals (the recorders are made for
    /// one writer thread and one reader thread); the poll thread only records.
    /// </summary>
    public IntervalRecorder[]? Intervals { get; }

    /// <summary>Percentile values per metric (metric × <see cref="Percentiles"/>), as of the last refresh.</summary>
    public long[] Snapshot { get; }

    /// <summary>Midnight the session's ITCH timestamps count from; 0 until its first message.</summary>
    public long MidnightUnixNs { get; set; }

    public long Messages { get; set; }

    public long RecoveredMessages { get; set; }

    /// <summary>Messages too short to hold an ITCH timestamp: counted, not measured.</summary>
    public long ShortMessages { get; set; }

    public long Breaches { get; set; }

    /// <summary>Receive time of the last breach log line; long.MinValue before any.</summary>
    public long LastAlertRxNs { get; set; } = long.MinValue;

    // The frame being measured: messages of one frame share its receive time.
    public bool InFrame { get; set; }

    public long FrameRxNs { get; set; }

    public long FrameNewestExchangeNs { get; set; }

    // Inter-arrival state for jitter.
    public long PreviousFrameRxNs { get; set; }

    public long PreviousGapNs { get; set; }

    public bool HasPreviousGap { get; set; }

    public HdrHistogram this[LatencyMetric metric] => Histograms[(int)metric];

    /// <summary>Records one value of <paramref name="metric"/>; allocates nothing. Poll thread only.</summary>
    public void Record(LatencyMetric metric, long value)
    {
        Histograms[(int)metric].RecordValue(value);
        Intervals?[(int)metric].RecordValue(value);
    }

    /// <summary>Recomputes <see cref="Snapshot"/> from the histograms; allocates nothing.</summary>
    public void RefreshSnapshot()
    {
        for (int m = 0; m < MetricCount; m++)
        {
            for (int p = 0; p < Percentiles.Length; p++)
            {
                HdrHistogram h = Histograms[m];
                Snapshot[(m * Percentiles.Length) + p] = p == Percentiles.Length - 1 ? h.Max : h.GetValueAtPercentile(Percentiles[p]);
            }
        }
    }
}
