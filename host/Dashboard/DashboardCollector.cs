using System.Diagnostics;
using System.Globalization;
using HftHost.DataPlane;
using HftHost.Metrics;
using HftHost.Native;

namespace HftHost.Dashboard;

/// <summary>
/// Builds a <see cref="DashboardModel"/> from the running host: the poll loops' and the shim's
/// counters, the GC, the plugins' observable instruments (MoldUdp64, FeedQuality, Latency) and the
/// OrderBook plugin's <c>bbo</c> query. Rates are differences between two collections.
/// Everything here runs on the calling thread (the dashboard's); it allocates there freely and
/// never on a poll thread, except what a plugin's own Query answer allocates (the bbo query, at
/// <see cref="DashboardSettings.QuoteInterval"/>).
/// Threading: one thread at a time.
/// </summary>
internal sealed class DashboardCollector
{
    /// <summary>Latency-plugin quantile tags in the order of <see cref="LatencyRow"/>'s figures.</summary>
    private static readonly string[] Quantiles = ["p50", "p90", "p99", "p99.9", "max"];

    private readonly DashboardSources _sources;
    private readonly DashboardSettings _settings;
    private readonly QuoteTracker _quotes = new();
    private readonly Stopwatch _clock = new();
    private readonly Dictionary<string, (long Packets, long Messages)> _previousFeeds = new(StringComparer.Ordinal);
    private int[] _collectionsAtStart = [0, 0, 0];
    private long _allocatedAtStart;
    private TimeSpan _previousAt;
    private long _previousFrames;
    private long _previousBytes;
    private TimeSpan? _lastQuotes;
    private string? _quoteProblem;
    private volatile bool _queriesStopped;

    public DashboardCollector(DashboardSources sources, DashboardSettings settings)
    {
        _sources = sources;
        _settings = settings;
    }

    /// <summary>The latency metrics shown: the host's own latency only means something on a live source.</summary>
    public IReadOnlyList<string> LatencyMetrics => _sources.IsReplay ? ["exchange_to_rx"] : ["exchange_to_rx", "rx_to_plugin"];

    /// <summary>Marks the start of the run: rates, GCs and allocations count from here.</summary>
    public void Start()
    {
        _collectionsAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        _clock.Restart();
    }

    /// <summary>
    /// No more plugin queries until the final collection (which runs after the poll threads
    /// stopped, when the manager answers on the calling thread).
    /// </summary>
    public void StopQueries() => _queriesStopped = true;

    /// <param name="final">The data plane has stopped: rates over the whole run, and a last bbo query.</param>
    public DashboardModel Collect(bool final)
    {
        TimeSpan now = _clock.Elapsed;
        double window = final ? now.TotalSeconds : (now - _previousAt).TotalSeconds;
        IReadOnlyList<MetricValue> metrics = _sources.Meters.Collect();
        FrameCounters counters = _sources.Counters();
        PortStats stats = _sources.Stats();
        var notes = new List<string>();
        var model = new DashboardModel
        {
            Title = _sources.Title,
            ElapsedSeconds = now.TotalSeconds,
            Final = final,
            RateWindow = final ? "whole run" : string.Create(CultureInfo.InvariantCulture, $"last {window:F2} s"),
            Host = Host(counters, stats, final ? 0 : _previousFrames, final ? 0 : _previousBytes, window),
            Progress = _sources.IsReplay ? new ReplayProgress((long)stats.ProgressDone, (long)stats.ProgressTotal, counters.Frames) : null,
            Feeds = Feeds(metrics, window, final),
            Latency = Latency(metrics),
            Quotes = Quotes(now, final),
            Notes = notes,
        };
        if (_sources.Query is null)
        {
            notes.Add("no plugins loaded: per-feed figures, latency and best bid/offer come from the MoldUdp64, FeedQuality, Latency and OrderBook plugins (--plugins DIR)");
        }
        if (_quoteProblem is not null)
        {
            notes.Add(_quoteProblem);
        }
        else if (_sources.Query is not null && !final && _settings.QuoteInterval == TimeSpan.Zero)
        {
            notes.Add("best bid/offer is read when the run ends; --dashboard-bbo-interval 1s reads it live (each answer is built on the poll threads)");
        }
        _previousAt = now;
        _previousFrames = counters.Frames;
        _previousBytes = counters.Bytes;
        return model;
    }

    private HostTotals Host(FrameCounters counters, PortStats stats, long framesBefore, long bytesBefore, double window) => new()
    {
        Frames = counters.Frames,
        FramesPerSecond = Rate(counters.Frames - framesBefore, window),
        Bytes = counters.Bytes,
        MegabitsPerSecond = Rate(counters.Bytes - bytesBefore, window) * 8 / 1e6,
        Malformed = counters.Malformed,
        RingFullDrops = (long)stats.RingFullDrops,
        KernelDrops = (long)stats.KernelDrops,
        Unclaimed = _sources.Unclaimed?.Invoke() ?? 0,
        HandlerFaults = counters.HandlerFaults,
        Collections = [GC.CollectionCount(0) - _collectionsAtStart[0], GC.CollectionCount(1) - _collectionsAtStart[1], GC.CollectionCount(2) - _collectionsAtStart[2]],
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart,
    };

    // Traffic from MoldUdp64's counters; faults and score from FeedQuality's when it is loaded.
    private List<FeedRow> Feeds(IReadOnlyList<MetricValue> metrics, double window, bool final)
    {
        var figures = new SortedDictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (MetricValue m in metrics)
        {
            if ((m.Name.StartsWith("moldudp64.", StringComparison.Ordinal) || m.Name.StartsWith("feedquality.", StringComparison.Ordinal))
                && Tag(m.Tags, "session") is { } session)
            {
                if (!figures.TryGetValue(session, out Dictionary<string, double>? values))
                {
                    figures[session] = values = new Dictionary<string, double>(StringComparer.Ordinal);
                }
                values[m.Name] = m.Value;
            }
        }
        var rows = new List<FeedRow>(figures.Count);
        foreach ((string session, Dictionary<string, double> f) in figures)
        {
            long packets = (long)f.GetValueOrDefault("moldudp64.packets");
            long messages = (long)f.GetValueOrDefault("moldudp64.messages");
            (long packetsBefore, long messagesBefore) = final ? (0, 0) : _previousFeeds.GetValueOrDefault(session);
            bool quality = f.ContainsKey("feedquality.score");
            rows.Add(new FeedRow
            {
                Session = session,
                Packets = packets,
                PacketsPerSecond = Rate(packets - packetsBefore, window),
                Messages = messages,
                MessagesPerSecond = Rate(messages - messagesBefore, window),
                Gaps = (long)f.GetValueOrDefault(quality ? "feedquality.gaps" : "moldudp64.gaps"),
                GapMessages = (long)f.GetValueOrDefault(quality ? "feedquality.gap_messages" : "moldudp64.gap_messages"),
                Duplicates = (long)f.GetValueOrDefault(quality ? "feedquality.duplicates" : "moldudp64.duplicate_packets"),
                Reorders = (long)f.GetValueOrDefault(quality ? "feedquality.reorders" : "moldudp64.out_of_order_packets"),
                Score = quality ? f["feedquality.score"] : null,
            });
            _previousFeeds[session] = (packets, messages);
        }
        return rows;
    }

    // The Latency plugin's gauges latency.<metric>{quantile, session}, in ns. A session whose
    // snapshot is still all zero (the plugin has not refreshed it yet) is left out.
    private List<LatencyRow> Latency(IReadOnlyList<MetricValue> metrics)
    {
        var values = new SortedDictionary<(string Session, int Metric), long[]>();
        IReadOnlyList<string> shown = LatencyMetrics;
        foreach (MetricValue m in metrics)
        {
            if (!m.Name.StartsWith("latency.", StringComparison.Ordinal))
            {
                continue;
            }
            int metric = IndexOf(shown, m.Name["latency.".Length..]);
            int quantile = Tag(m.Tags, "quantile") is { } q ? IndexOf(Quantiles, q) : -1;
            if (metric < 0 || quantile < 0 || Tag(m.Tags, "session") is not { } session)
            {
                continue;
            }
            if (!values.TryGetValue((session, metric), out long[]? figures))
            {
                values[(session, metric)] = figures = new long[Quantiles.Length];
            }
            figures[quantile] = (long)m.Value;
        }
        return [.. values
            .Where(v => v.Value[^1] != 0)
            .Select(v => new LatencyRow(v.Key.Session, Label(shown[v.Key.Metric]), v.Value[0], v.Value[1], v.Value[2], v.Value[3], v.Value[4]))];
    }

    // The bbo query holds each poll thread while the plugin writes its answer, so it is asked
    // at QuoteInterval while traffic flows (not at every refresh), and once more at the end.
    private IReadOnlyList<QuoteRow> Quotes(TimeSpan now, bool final)
    {
        if (_sources.Query is null)
        {
            return [];
        }
        bool due = final
            || (!_queriesStopped && _settings.QuoteInterval > TimeSpan.Zero && (_lastQuotes is not { } last || now - last >= _settings.QuoteInterval) && !_sources.PollThreadsDone());
        if (due)
        {
            _lastQuotes = now;
            (bool ok, string answer) = _sources.Query("OrderBook", "bbo");
            if (!ok)
            {
                _quoteProblem = "best bid/offer: " + answer;
            }
            else
            {
                try
                {
                    _quotes.Update(answer);
                    _quoteProblem = null;
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    _quoteProblem = $"best bid/offer: OrderBook's bbo answer could not be read ({ex.Message})";
                }
            }
        }
        return _quotes.Busiest(_settings.Quotes);
    }

    // Short enough for an 80-column terminal.
    private static string Label(string metric) => metric switch
    {
        "exchange_to_rx" => "exchange-rx",
        "rx_to_plugin" => "rx-plugin",
        _ => metric,
    };

    private static double Rate(long delta, double seconds) => seconds > 0 ? Math.Max(0, delta) / seconds : 0;

    /// <summary>The value of <paramref name="key"/> in "k=v,k2=v2", or null.</summary>
    internal static string? Tag(string tags, string key)
    {
        foreach (string pair in tags.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals == key.Length && pair.StartsWith(key, StringComparison.Ordinal))
            {
                return pair[(equals + 1)..];
            }
        }
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
