using System.Globalization;

namespace HftHost.Sdk.Histograms;

/// <summary>
/// Writes the HdrHistogram interval log format (.hlog, log format version 1.3) that the
/// reference tools (HistogramLogProcessor, HistogramLogAnalyzer, hdrh, ...) read:
/// <c>#</c> comment lines, the <c>"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"</c>
/// legend, then one line per interval: optional <c>Tag=name,</c>, start (seconds, relative to the
/// base time), length (seconds), maximum divided by <see cref="MaxValueUnitRatio"/>, and the
/// compressed V2 encoding in base64.
/// Threading: not thread-safe; one thread writes (take snapshots with
/// <see cref="IntervalRecorder"/> and write them from that thread). Allocates per line: keep it
/// off the hot path.
/// </summary>
public sealed class HistogramLogWriter
{
    /// <summary>The log format version this writer declares. Threading: a constant.</summary>
    public const string LogFormatVersion = "1.3";

    private readonly TextWriter _output;

    /// <summary>Creates a writer over <paramref name="output"/>, which it does not own or close. Threading: see the type.</summary>
    /// <param name="output">Where lines go; '\n' ends each line, as in the reference.</param>
    public HistogramLogWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>
    /// Seconds since the Unix epoch subtracted from interval start times before they are written;
    /// set by <see cref="WriteBaseTime"/>, 0 (absolute times) until then. Threading: the writing thread.
    /// </summary>
    public double BaseTimeSec { get; private set; }

    /// <summary>
    /// Divisor of the Interval_Max column; the reference default 1,000,000 shows nanosecond
    /// values in milliseconds. Threading: the writing thread.
    /// </summary>
    public double MaxValueUnitRatio { get; set; } = 1_000_000.0;

    /// <summary>Writes <c>#[Histogram log format version 1.3]</c>. Threading: the writing thread.</summary>
    public void WriteLogFormatVersion() => WriteLine($"#[Histogram log format version {LogFormatVersion}]");

    /// <summary>Writes <c>#[StartTime: seconds (seconds since epoch), date]</c>. Threading: the writing thread.</summary>
    /// <param name="secondsSinceEpoch">When logging started.</param>
    public void WriteStartTime(double secondsSinceEpoch) =>
        WriteLine($"#[StartTime: {Seconds(secondsSinceEpoch)} (seconds since epoch), {DateText(secondsSinceEpoch)}]");

    /// <summary>
    /// Writes <c>#[BaseTime: seconds (seconds since epoch)]</c> and makes later interval start
    /// times relative to it. Threading: the writing thread.
    /// </summary>
    /// <param name="secondsSinceEpoch">The base time.</param>
    public void WriteBaseTime(double secondsSinceEpoch)
    {
        WriteLine($"#[BaseTime: {Seconds(secondsSinceEpoch)} (seconds since epoch)]");
        BaseTimeSec = secondsSinceEpoch;
    }

    /// <summary>Writes <c>#comment</c>, as the reference does (readers skip every line starting with '#'). Threading: the writing thread.</summary>
    /// <param name="comment">One line of text (no line breaks).</param>
    public void WriteComment(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (comment.Contains('\n', StringComparison.Ordinal) || comment.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("A log comment is one line.", nameof(comment));
        }
        WriteLine($"#{comment}");
    }

    /// <summary>Writes the CSV legend line. Threading: the writing thread.</summary>
    public void WriteLegend() =>
        WriteLine("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");

    /// <summary>
    /// Writes one interval line. Threading: the writing thread; <paramref name="histogram"/> must
    /// not be recorded into meanwhile.
    /// </summary>
    /// <param name="startTimestampSec">Start of the interval in seconds since the Unix epoch; written relative to <see cref="BaseTimeSec"/>.</param>
    /// <param name="intervalLengthSec">Length of the interval in seconds.</param>
    /// <param name="histogram">The interval's values.</param>
    /// <param name="tag">Optional tag (no commas, spaces or line breaks), or null.</param>
    public void WriteIntervalHistogram(double startTimestampSec, double intervalLengthSec, HdrHistogram histogram, string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (tag is not null && (tag.Length == 0 || tag.AsSpan().IndexOfAny(", \r\n") >= 0))
        {
            throw new ArgumentException("A tag is non-empty and has no comma, space or line break.", nameof(tag));
        }
        string prefix = tag is null ? string.Empty : $"Tag={tag},";
        string max = (histogram.Max / MaxValueUnitRatio).ToString("F3", CultureInfo.InvariantCulture);
        WriteLine($"{prefix}{Seconds(startTimestampSec - BaseTimeSec)},{Seconds(intervalLengthSec)},{max},{HdrHistogramEncoding.EncodeCompressedBase64(histogram)}");
    }

    private static string Seconds(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);

    // Readers take only the number before "(seconds since epoch)"; the date is for people.
    private static string DateText(double secondsSinceEpoch)
    {
        long ms = (long)Math.Round(secondsSinceEpoch * 1000.0);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    // '\n' whatever the platform: the format is line-oriented and the reference writes '\n'.
    private void WriteLine(string line)
    {
        _output.Write(line);
        _output.Write('\n');
    }
}
