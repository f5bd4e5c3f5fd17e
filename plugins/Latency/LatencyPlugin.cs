using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using HftHost.Latency;
using HftHost.MoldUdp64;
using HftHost.Plugins.Latency;
using HftHost.Sdk;
using HftHost.Sdk.Histograms;
using Microsoft.Extensions.Logging;

[assembly: HftPlugin(typeof(LatencyPlugin))]

namespace HftHost.Plugins.Latency;

/// <summary>
/// Latency per MoldUDP64 session, in HDR histograms (see <see cref="LatencyMetric"/>):
/// exchange time to receive time per message and per frame (wire), receive time to plugin,
/// and inter-arrival jitter; p50/p90/p99/p99.9/p99.99/max through query <c>latency</c> (JSON)
/// and observable gauges <c>latency.&lt;metric&gt;{session, quantile}</c> in ns.
/// The ITCH timestamp (ns since midnight, bytes 5..10 of every ITCH 5.0 message) is read
/// straight from each <see cref="MoldMessage"/>, so every message type counts without
/// subscribing to 23 event types; it becomes Unix time with
/// <see cref="LatencySettings.MidnightUnixNs"/> or, by default, midnight (in
/// <see cref="LatencySettings.TimeZone"/>) of the day of the session's first receive time.
/// Retransmitted messages are counted but not measured: their receive time is the recovery's.
/// Receive-to-plugin latency compares the wall clock with the frame's receive time: for a
/// replay the two are unrelated and the figures are meaningless (mostly out of range).
/// A per-session wire-latency target (<see cref="LatencySettings.TargetsMicroseconds"/>) counts
/// every frame above it as a breach (<c>latency.breaches</c>), publishes a
/// <see cref="LatencyAlert"/> for each, and logs a rate-limited warning.
/// With <see cref="LatencySettings.HistogramLog"/> the histograms also go to an HdrHistogram
/// interval log (<see cref="LatencyLog"/>). Histograms and counters are handed over on a hot
/// reload (<see cref="LatencyState"/>).
/// After a session's histograms exist nothing is allocated per message.
/// </summary>
public sealed class LatencyPlugin : HftPlugin, IEventSubscriber<MoldMessageRun>
{
    // ITCH 5.0: type (1), stock locate (2), tracking number (2), then a 6-byte timestamp.
    private const int TimestampOffset = 5;
    private const int TimestampEnd = TimestampOffset + 6;

    private static readonly Action<ILogger, string, double, double, long, Exception?> LogBreach = LoggerMessage.Define<string, double, double, long>(
        LogLevel.Warning, new EventId(1, "LatencyTargetBreached"),
        "Latency target breached on {Session}: wire latency {LatencyMicroseconds} µs above the target of {TargetMicroseconds} µs ({Breaches} breaches so far)");

    // Copy-on-write for the gauge callbacks on the collector's thread.
    private volatile FeedLatency[] _sessions = [];
    private LatencySettings _settings = new();
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private TimeProvider _clock = TimeProvider.System;
    private FeedLatency? _last;
    private long _lastSnapshotTimestamp;
    private EventPublisher<LatencyAlert>? _alerts;
    private LatencyLog? _log;

    internal IReadOnlyList<FeedLatency> Sessions => _sessions;

    /// <summary>The meter the instruments are on (tests tell this instance's from others').</summary>
    internal Meter? Meter { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _settings = registry.Context.GetSettings<LatencySettings>();
        if (_settings.MidnightUnixNs == 0)
        {
            _zone = TimeZoneInfo.FindSystemTimeZoneById(_settings.TimeZone);
        }
        _logger = registry.Context.Logger;
        _clock = registry.Context.Clock;
        registry.Subscribe<MoldMessageRun>(this);
        _alerts = registry.AddEvent<LatencyAlert>();
        if (!string.IsNullOrEmpty(_settings.HistogramLog))
        {
            if (_settings.HistogramLogIntervalMilliseconds < 1)
            {
                throw new InvalidOperationException($"HistogramLogIntervalMilliseconds must be positive, not {_settings.HistogramLogIntervalMilliseconds}");
            }
            IPluginContext context = registry.Context;
            _log = new LatencyLog(
                LogPathOf(_settings.HistogramLog, context.Queue, context.QueueCount),
                TimeSpan.FromMilliseconds(_settings.HistogramLogIntervalMilliseconds), () => _sessions, _clock, _logger, context.PluginVersion);
        }
        Meter meter = Meter = registry.Context.Meter;
        foreach (LatencyMetric metric in Enum.GetValues<LatencyMetric>())
        {
            meter.CreateObservableGauge($"latency.{MetricName(metric)}", () => Observe(metric), unit: "ns", description: $"{metric} latency percentiles per MoldUDP64 session");
        }
        meter.CreateObservableCounter("latency.breaches", ObserveBreaches, description: "frames above the session's wire-latency target");
    }

    // A packet's new messages: one session lookup, then each message's exchange time.
    public void OnEvent(in MoldMessageRun evt)
    {
        FeedLatency s = Find(evt.Session);
        foreach (MoldMessage message in evt)
        {
            OnMessage(s, in message);
        }
    }

    private void OnMessage(FeedLatency s, in MoldMessage evt)
    {
        s.Messages++;
        if (evt.Recovered)
        {
            s.RecoveredMessages++;
            return;
        }
        ReadOnlySpan<byte> payload = evt.Payload;
        if (payload.Length < TimestampEnd)
        {
            s.ShortMessages++;
            return;
        }
        long rx = evt.RxTimestampNs;
        if (s.MidnightUnixNs == 0)
        {
            s.MidnightUnixNs = _settings.MidnightUnixNs != 0 ? _settings.MidnightUnixNs : MidnightOf(rx, _zone);
        }
        if (!s.InFrame || rx != s.FrameRxNs)
        {
            EndFrame(s);
            BeginFrame(s, rx);
        }
        long exchange = s.MidnightUnixNs + (long)ReadUInt48BigEndian(payload[TimestampOffset..]);
        s.Record(LatencyMetric.ExchangeToRx, rx - exchange);
        if (exchange > s.FrameNewestExchangeNs)
        {
            s.FrameNewestExchangeNs = exchange;
        }
    }

    public override void OnIdle(bool drained)
    {
        _log?.Start();
        foreach (FeedLatency s in _sessions)
        {
            EndFrame(s);
        }
        if (drained)
        {
            _log?.WriteSoon(); // the file is complete when the source has ended, not only at unload
        }
        if (drained || _clock.GetElapsedTime(_lastSnapshotTimestamp).TotalMilliseconds >= _settings.SnapshotIntervalMilliseconds)
        {
            RefreshSnapshots();
        }
    }

    public override string? Query(string request)
    {
        if ((request ?? "").Trim() != "latency")
        {
            return null;
        }
        foreach (FeedLatency s in _sessions)
        {
            EndFrame(s);
        }
        RefreshSnapshots();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("unit", "ns");
            json.WriteStartArray("sessions");
            foreach (FeedLatency s in _sessions)
            {
                json.WriteStartObject();
                json.WriteString("session", s.Name);
                json.WriteNumber("midnightUnixNs", s.MidnightUnixNs);
                json.WriteNumber("messages", s.Messages);
                json.WriteNumber("recoveredMessages", s.RecoveredMessages);
                json.WriteNumber("shortMessages", s.ShortMessages);
                if (s.TargetNs > 0)
                {
                    json.WriteNumber("targetNs", s.TargetNs);
                }
                else
                {
                    json.WriteNull("targetNs");
                }
                json.WriteNumber("breaches", s.Breaches);
                foreach (LatencyMetric metric in Enum.GetValues<LatencyMetric>())
                {
                    HdrHistogram h = s[metric];
                    json.WriteStartObject(MetricName(metric));
                    json.WriteNumber("count", h.TotalCount);
                    json.WriteNumber("outOfRange", h.OutOfRangeCount);
                    json.WriteNumber("min", h.Min);
                    json.WriteNumber("mean", Math.Round(h.Mean, 1));
                    for (int p = 0; p < FeedLatency.Percentiles.Length; p++)
                    {
                        json.WriteNumber(FeedLatency.PercentileNames[p], s.Snapshot[((int)metric * FeedLatency.Percentiles.Length) + p]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override void ExportState(Stream destination)
    {
        foreach (FeedLatency s in _sessions)
        {
            EndFrame(s); // between bursts: the frame being measured is whole
        }
        LatencyState.Write(destination, _sessions, _log is null ? null : new LatencyLogContinuation(_log.Path, _log.StartTimeSec));
    }

    public override void ImportState(Stream source)
    {
        if (LatencyState.Read(source, NewSession, out List<FeedLatency> sessions, out LatencyLogContinuation? log))
        {
            _sessions = [.. sessions];
            _last = null;
            if (log is not null)
            {
                _log?.Continue(log);
            }
            RefreshSnapshots();
        }
    }

    /// <summary>Midnight of the day <paramref name="rxNs"/> falls on in <paramref name="zone"/>, ns since the Unix epoch.</summary>
    internal static long MidnightOf(long rxNs, TimeZoneInfo zone)
    {
        DateTime utc = DateTime.UnixEpoch.AddTicks(rxNs / TimeSpan.NanosecondsPerTick);
        DateTime localMidnight = TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Date;
        // The offset at midnight, not at rx: daylight saving changes at 2 a.m., after midnight.
        var midnight = new DateTimeOffset(localMidnight, zone.GetUtcOffset(localMidnight));
        return (midnight.UtcTicks - DateTime.UnixEpoch.Ticks) * TimeSpan.NanosecondsPerTick;
    }

    internal static string MetricName(LatencyMetric metric) => metric switch
    {
        LatencyMetric.ExchangeToRx => "exchange_to_rx",
        LatencyMetric.Wire => "wire",
        LatencyMetric.RxToPlugin => "rx_to_plugin",
        _ => "jitter",
    };

    /// <summary>The log file of one queue's instance: the path itself with one queue, else <c>name.q&lt;N&gt;.ext</c>.</summary>
    internal static string LogPathOf(string path, int queue, int queueCount)
    {
        string full = Path.GetFullPath(path);
        return queueCount == 1 ? full : Path.ChangeExtension(full, $".q{queue}{Path.GetExtension(full)}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _log?.Dispose(); // writes the last interval
        }
        base.Dispose(disposing);
    }

    private static ulong ReadUInt48BigEndian(ReadOnlySpan<byte> bytes) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]);

    private void BeginFrame(FeedLatency s, long rx)
    {
        s.InFrame = true;
        s.FrameRxNs = rx;
        s.FrameNewestExchangeNs = long.MinValue;
        if (s.PreviousFrameRxNs != 0)
        {
            long gap = rx - s.PreviousFrameRxNs;
            if (s.HasPreviousGap)
            {
                s.Record(LatencyMetric.Jitter, Math.Abs(gap - s.PreviousGapNs));
            }
            s.PreviousGapNs = gap;
            s.HasPreviousGap = true;
        }
        s.PreviousFrameRxNs = rx;
        long nowNs = (_clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * TimeSpan.NanosecondsPerTick;
        s.Record(LatencyMetric.RxToPlugin, nowNs - rx);
    }

    private void EndFrame(FeedLatency s)
    {
        if (!s.InFrame)
        {
            return;
        }
        s.InFrame = false;
        long wire = s.FrameRxNs - s.FrameNewestExchangeNs;
        s.Record(LatencyMetric.Wire, wire);
        if (s.TargetNs > 0 && wire > s.TargetNs)
        {
            s.Breaches++;
            if (_alerts!.HasSubscribers)
            {
                _alerts.Publish(new LatencyAlert(s.Session, LatencyMetric.Wire, wire, s.TargetNs, s.FrameRxNs));
            }
            if (s.LastAlertRxNs == long.MinValue || s.FrameRxNs - s.LastAlertRxNs >= _settings.AlertLogIntervalMilliseconds * 1_000_000L)
            {
                s.LastAlertRxNs = s.FrameRxNs;
                LogBreach(_logger, s.Name, wire / 1000.0, s.TargetNs / 1000.0, s.Breaches, null);
            }
        }
    }

    private void RefreshSnapshots()
    {
        foreach (FeedLatency s in _sessions)
        {
            s.RefreshSnapshot();
        }
        _lastSnapshotTimestamp = _clock.GetTimestamp();
    }

    private FeedLatency Find(MoldSession session)
    {
        if (_last is { } last && last.Session == session)
        {
            return last;
        }
        FeedLatency[] sessions = _sessions;
        foreach (FeedLatency s in sessions)
        {
            if (s.Session == session)
            {
                return _last = s;
            }
        }
        // Once per session: its histograms are the plugin's only allocation on the poll thread.
        FeedLatency added = NewSession(session);
        _sessions = [.. sessions, added];
        _log?.Start();
        return _last = added;
    }

    private FeedLatency NewSession(MoldSession session)
    {
        string name = session.ToString();
        long targetNs = _settings.TargetsMicroseconds.TryGetValue(name, out double targetUs) ? (long)Math.Round(targetUs * 1000) : 0;
        return new FeedLatency(session, targetNs, _settings.HighestTrackableSeconds * 1_000_000_000L, _settings.SignificantDigits, withIntervals: _log is not null);
    }

    // Collector's thread: reads the snapshots only.
    private IEnumerable<Measurement<long>> Observe(LatencyMetric metric)
    {
        foreach (FeedLatency s in _sessions)
        {
            for (int p = 0; p < FeedLatency.Percentiles.Length; p++)
            {
                yield return new Measurement<long>(
                    Volatile.Read(ref s.Snapshot[((int)metric * FeedLatency.Percentiles.Length) + p]),
                    new KeyValuePair<string, object?>("session", s.Name),
                    new KeyValuePair<string, object?>("quantile", FeedLatency.PercentileNames[p]));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBreaches()
    {
        foreach (FeedLatency s in _sessions)
        {
            yield return new Measurement<long>(s.Breaches, new KeyValuePair<string, object?>("session", s.Name));
        }
    }
}
