using System.Globalization;

namespace HftHost.Sdk.Histograms;

/// <summary>
/// Reads HdrHistogram interval logs (.hlog, log format versions 1.2 and 1.3 with V2 encodings),
/// as written by <see cref="HistogramLogWriter"/> and the reference tools: comment lines
/// (<c>#[StartTime: ...]</c> and <c>#[BaseTime: ...]</c> are interpreted), the legend line, and
/// interval lines with an optional <c>Tag=</c> field.
/// Threading: not thread-safe; one thread reads.
/// </summary>
public sealed class HistogramLogReader
{
    private const string StartTimePrefix = "#[StartTime: ";
    private const string BaseTimePrefix = "#[BaseTime: ";
    private const string TagPrefix = "Tag=";
    // Without a BaseTime line, a first timestamp this far before StartTime means the log's
    // timestamps are relative to StartTime (the reference's heuristic, kept for compatibility).
    private const double RelativeTimestampThresholdSec = 365 * 24 * 3600.0;

    private readonly TextReader _input;
    private bool _baseTimeKnown;

    /// <summary>Creates a reader over <paramref name="input"/>, which it does not own or close. Threading: see the type.</summary>
    /// <param name="input">The log text.</param>
    public HistogramLogReader(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
    }

    /// <summary>The <c>#[StartTime:]</c> seen so far, in seconds since the epoch, or null. Threading: the reading thread.</summary>
    public double? StartTimeSec { get; private set; }

    /// <summary>
    /// The base time added to interval timestamps: from <c>#[BaseTime:]</c>, or deduced at the
    /// first interval (StartTime when timestamps look relative, 0 otherwise); null before then.
    /// Threading: the reading thread.
    /// </summary>
    public double? BaseTimeSec { get; private set; }

    /// <summary>
    /// Reads up to and including the next interval line and decodes it.
    /// Threading: the reading thread. Allocates the entry.
    /// </summary>
    /// <returns>The next interval, or null at the end of the log.</returns>
    /// <exception cref="FormatException">A malformed interval line or histogram encoding.</exception>
    public HistogramLogEntry? ReadNextInterval()
    {
        string? line;
        while ((line = _input.ReadLine()) is not null)
        {
            if (line.StartsWith(StartTimePrefix, StringComparison.Ordinal))
            {
                StartTimeSec = ParseLeadingNumber(line.AsSpan(StartTimePrefix.Length));
                continue;
            }
            if (line.StartsWith(BaseTimePrefix, StringComparison.Ordinal))
            {
                BaseTimeSec = ParseLeadingNumber(line.AsSpan(BaseTimePrefix.Length));
                _baseTimeKnown = true;
                continue;
            }
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("\"StartTimestamp\"", StringComparison.Ordinal))
            {
                continue;
            }
            return ParseInterval(line.Trim());
        }
        return null;
    }

    private HistogramLogEntry ParseInterval(string line)
    {
        string[] fields = line.Split(',');
        int first = 0;
        string? tag = null;
        if (fields[0].StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            tag = fields[0][TagPrefix.Length..];
            first = 1;
        }
        if (fields.Length - first != 4)
        {
            throw new FormatException($"An interval line has 4 fields after an optional tag: '{line}'.");
        }
        double start = ParseDouble(fields[first]);
        double length = ParseDouble(fields[first + 1]);
        double max = ParseDouble(fields[first + 2]);
        HdrHistogram histogram = HdrHistogramEncoding.DecodeBase64(fields[first + 3]);

        if (!_baseTimeKnown)
        {
            BaseTimeSec = StartTimeSec is double startTime && start < startTime - RelativeTimestampThresholdSec ? startTime : 0.0;
            _baseTimeKnown = true;
        }
        return new HistogramLogEntry(tag, start + BaseTimeSec.GetValueOrDefault(), length, max, histogram);
    }

    private static double ParseLeadingNumber(ReadOnlySpan<char> text)
    {
        int end = text.IndexOfAny(' ', ']');
        return ParseDouble(end < 0 ? text : text[..end]);
    }

    private static double ParseDouble(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"Not a number in a histogram log: '{text}'.");
}
