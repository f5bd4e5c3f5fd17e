namespace HftHost.Sdk.Histograms;

/// <summary>
/// One interval line of an HdrHistogram log (.hlog), as read by <see cref="HistogramLogReader"/>.
/// Threading: immutable once returned; the <see cref="Histogram"/> belongs to the caller and
/// follows <see cref="HdrHistogram"/>'s rules.
/// </summary>
public sealed class HistogramLogEntry
{
    /// <summary>Creates an entry. Threading: any thread.</summary>
    /// <param name="tag">The line's tag, or null when it has none.</param>
    /// <param name="startTimestampSec">Start of the interval, seconds since the Unix epoch (the base time added).</param>
    /// <param name="intervalLengthSec">Length of the interval in seconds.</param>
    /// <param name="intervalMax">The Interval_Max column as written (the maximum divided by the writer's unit ratio).</param>
    /// <param name="histogram">The decoded interval histogram.</param>
    public HistogramLogEntry(string? tag, double startTimestampSec, double intervalLengthSec, double intervalMax, HdrHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        Tag = tag;
        StartTimestampSec = startTimestampSec;
        IntervalLengthSec = intervalLengthSec;
        IntervalMax = intervalMax;
        Histogram = histogram;
    }

    /// <summary>The line's tag, or null when it has none. Threading: immutable.</summary>
    public string? Tag { get; }

    /// <summary>Start of the interval in seconds since the Unix epoch (the log's base time added). Threading: immutable.</summary>
    public double StartTimestampSec { get; }

    /// <summary>Length of the interval in seconds. Threading: immutable.</summary>
    public double IntervalLengthSec { get; }

    /// <summary>The Interval_Max column as written: the maximum divided by the writer's unit ratio. Threading: immutable.</summary>
    public double IntervalMax { get; }

    /// <summary>The decoded interval histogram. Threading: owned by the caller.</summary>
    public HdrHistogram Histogram { get; }
}
