using HftHost.Latency;
using HftHost.Sdk.Histograms;
using Microsoft.Extensions.Logging;

namespace HftHost.Plugins.Latency;

/// <summary>
/// Writes the sessions' latency histograms to an HdrHistogram interval log (.hlog, the SDK's
/// <see cref="HistogramLogWriter"/>): every interval, one line per session and metric tagged
/// <c>&lt;session&gt;.&lt;metric&gt;</c> (<c>VENUE01.wire</c>) holding the values recorded during
/// it, and a last interval when the plugin is disposed.
/// The poll thread only records into each session's <see cref="FeedLatency.Intervals"/>
/// (lock-free, no allocation); this class's own thread takes the intervals, encodes and writes
/// them, so neither the compression nor the file I/O ever holds the poll thread.
/// The file is opened for each write with an exclusive lock: across a hot reload the old
/// build's last interval and the new build's first go into one file one after the other
/// (the new build appends; see <see cref="LatencyLogContinuation"/>).
/// Threading: <see cref="Start"/>, <see cref="WriteSoon"/> and <see cref="Continue"/> on the
/// poll thread; <see cref="Dispose"/> on the control thread after the last poll-thread call.
/// </summary>
internal sealed class LatencyLog : IDisposable
{
    private static readonly Action<ILogger, string, string, Exception?> LogWriteFailed = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(2, "HistogramLogWriteFailed"), "Latency: cannot write the histogram log {Path}: {Reason}");

    private readonly Func<FeedLatency[]> _sessions;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _comment;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Dictionary<(FeedLatency, int), HdrHistogram> _scratch = [];
    private Thread? _thread;
    private volatile bool _stopping;
    private bool _headerWritten;
    private double _intervalStartSec;
    private long _failures;

    /// <param name="path">The log file.</param>
    /// <param name="interval">How often an interval is written.</param>
    /// <param name="sessions">The sessions as the poll thread last published them.</param>
    /// <param name="clock">Wall clock for interval times.</param>
    /// <param name="logger">Write failures go here.</param>
    /// <param name="version">The plugin's version, for the log's first comment.</param>
    public LatencyLog(string path, TimeSpan interval, Func<FeedLatency[]> sessions, TimeProvider clock, ILogger logger, Version version)
    {
        Path = path;
        _interval = interval;
        _sessions = sessions;
        _clock = clock;
        _logger = logger;
        _comment = $"[Logged with HftHost Latency plugin {version}; tags <session>.<metric>; values in ns]";
        StartTimeSec = NowSec();
        _intervalStartSec = StartTimeSec;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>The log's StartTime and BaseTime, seconds since the Unix epoch.</summary>
    public double StartTimeSec { get; private set; }

    /// <summary>Intervals that could not be written (their values go into the next one).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The tag of a session's metric in the log: no commas, spaces or line breaks.</summary>
    public static string Tag(string session, LatencyMetric metric) =>
        $"{session.Replace(',', '_').Replace(' ', '_').Replace('\r', '_').Replace('\n', '_')}.{LatencyPlugin.MetricName(metric)}";

    /// <summary>Carries on a log a previous build of the plugin began (before <see cref="Start"/>).</summary>
    public void Continue(LatencyLogContinuation previous)
    {
        if (_thread is null && previous.Path == Path)
        {
            StartTimeSec = previous.StartTimeSec;
            _headerWritten = true;
        }
    }

    /// <summary>Starts the writer thread; idempotent. Not in Register: a reloaded build must learn first (ImportState) that it appends.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }
        _intervalStartSec = NowSec();
        _thread = new Thread(Run) { IsBackground = true, Name = "latency-hlog" };
        _thread.Start();
    }

    /// <summary>Asks for an interval now (the source has ended, say) without waiting for it.</summary>
    public void WriteSoon() => _wake.Set();

    /// <summary>Stops the thread and writes the last interval.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        if (_thread is null)
        {
            WriteInterval(); // never started (no frame, no idle turn): the header at least
        }
        else
        {
            _thread.Join(); // it writes the last interval as it leaves
        }
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(_interval);
            WriteInterval();
        }
    }

    private void WriteInterval()
    {
        try
        {
            using var file = new FileStream(Path, _headerWritten ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None);
            using var text = new StreamWriter(file);
            var log = new HistogramLogWriter(text);
            if (!_headerWritten)
            {
                log.WriteComment(_comment);
                log.WriteLogFormatVersion();
                log.WriteStartTime(StartTimeSec);
                log.WriteBaseTime(StartTimeSec);
                log.WriteLegend();
                _headerWritten = true;
            }
            double end = NowSec();
            foreach (FeedLatency s in _sessions())
            {
                if (s.Intervals is null)
                {
                    continue;
                }
                for (int m = 0; m < s.Intervals.Length; m++)
                {
                    HdrHistogram interval = Scratch(s, m);
                    s.Intervals[m].GetIntervalHistogramInto(interval);
                    // Lines are relative to the header's BaseTime. The writer subtracts its own base,
                    // which is that one when it wrote the header, and 0 on an appended file.
                    double start = _intervalStartSec - StartTimeSec + log.BaseTimeSec;
                    log.WriteIntervalHistogram(start, end - _intervalStartSec, interval, Tag(s.Name, (LatencyMetric)m));
                }
            }
            _intervalStartSec = end;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Locked by the previous build for a moment: the values stay in the recorders and
            // go into the next interval. (A failure while writing, a full disk, loses this one.)
            if (Interlocked.Increment(ref _failures) <= 10)
            {
                LogWriteFailed(_logger, Path, ex.Message, ex);
            }
        }
    }

    private HdrHistogram Scratch(FeedLatency s, int metric)
    {
        if (!_scratch.TryGetValue((s, metric), out HdrHistogram? h))
        {
            HdrHistogram layout = s.Histograms[metric];
            h = new HdrHistogram(layout.LowestDiscernibleValue, layout.HighestTrackableValue, layout.SignificantDigits);
            _scratch.Add((s, metric), h);
        }
        return h;
    }

    private double NowSec() => _clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
