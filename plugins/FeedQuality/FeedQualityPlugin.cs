using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using HftHost.MoldUdp64;
using HftHost.Plugins.FeedQuality;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;

[assembly: HftPlugin(typeof(FeedQualityPlugin))]

namespace HftHost.Plugins.FeedQuality;

/// <summary>
/// Feed quality per MoldUDP64 session from what the MoldUdp64 plugin publishes: gaps (events
/// and messages), duplicates, reordering, recoveries, malformed packets, staleness (no message
/// or heartbeat within <see cref="FeedQualitySettings.StaleAfterMilliseconds"/>) and a 0-100
/// score (<see cref="QualityScore"/>).
/// Staleness is judged on receive timestamps when traffic resumes (one stale period per
/// silence longer than the limit) and, while a session is silent, in <see cref="OnIdle"/>:
/// against the newest receive time of the other sessions, or, when no traffic comes at all,
/// against the wall clock (<see cref="IPluginContext.Clock"/>) since traffic stopped. A
/// period declared in <see cref="OnIdle"/> is not counted again when traffic resumes. A
/// session that announced its end is never stale, and nothing is judged once the source has ended.
/// Query <c>quality</c> answers JSON per session; the counters and the score are observable
/// instruments tagged with the session; the state survives a reload.
/// Per event nothing is allocated (a session's record is created when first seen).
/// </summary>
public sealed class FeedQualityPlugin : HftPlugin, IEventSubscriber<MoldMessageRun>, IEventSubscriber<MoldSessionEvent>
{
    private const int StateVersion = 1;

    private static readonly Action<ILogger, string, long, Exception?> LogStale = LoggerMessage.Define<string, long>(
        LogLevel.Warning, new EventId(1, "Stale"), "MoldUDP64 session {Session} is stale: no message or heartbeat for more than {Milliseconds} ms");

    // Copy-on-write: the poll thread replaces the array when a session first appears, so the
    // metric callbacks on the collector's thread always enumerate a complete array.
    private volatile FeedSession[] _sessions = [];
    private FeedQualitySettings _settings = new();
    private long _staleAfterNs;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private TimeProvider _clock = TimeProvider.System;
    private FeedSession? _last;

    // Newest receive time of any traffic on this queue: the data's own clock.
    private long _rxNowNs;

    // The wall clock when OnIdle first saw _rxNowNs at its current value.
    private long _idleMarkRxNs;
    private long _idleMarkTimestamp;

    internal IReadOnlyList<FeedSession> Sessions => _sessions;

    /// <summary>The meter the instruments are on (tests tell this instance's from others').</summary>
    internal Meter? Meter { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _settings = registry.Context.GetSettings<FeedQualitySettings>();
        if (_settings.StaleAfterMilliseconds <= 0)
        {
            throw new InvalidOperationException($"StaleAfterMilliseconds must be positive, not {_settings.StaleAfterMilliseconds}");
        }
        _staleAfterNs = _settings.StaleAfterMilliseconds * 1_000_000L;
        _logger = registry.Context.Logger;
        _clock = registry.Context.Clock;
        registry.Subscribe<MoldMessageRun>(this);
        registry.Subscribe<MoldSessionEvent>(this);
        Meter meter = Meter = registry.Context.Meter;
        meter.CreateObservableGauge("feedquality.score", () => Observe(s => s.Score(_rxNowNs, _staleAfterNs)), description: "0-100 quality score per MoldUDP64 session");
        meter.CreateObservableCounter("feedquality.gaps", () => Observe(s => s.Gaps), description: "gaps declared");
        meter.CreateObservableCounter("feedquality.gap_messages", () => Observe(s => s.GapMessages), description: "messages in declared gaps");
        meter.CreateObservableCounter("feedquality.duplicates", () => Observe(s => s.Duplicates), description: "packets repeating delivered messages");
        meter.CreateObservableCounter("feedquality.reorders", () => Observe(s => s.Reorders), description: "packets that came after later ones");
        meter.CreateObservableCounter("feedquality.stale_periods", () => Observe(s => s.StalePeriods), description: "silences longer than StaleAfterMilliseconds");
    }

    // A packet's new messages at once: they share the frame's receive time.
    public void OnEvent(in MoldMessageRun evt)
    {
        FeedSession session = Find(evt.Session);
        session.Messages += evt.Count;
        Traffic(session, evt.RxTimestampNs);
    }

    public void OnEvent(in MoldSessionEvent evt)
    {
        FeedSession session = Find(evt.Session);
        switch (evt.Kind)
        {
            case MoldSessionEventKind.Gap:
                session.Gaps++;
                session.GapMessages += (long)evt.Count;
                break;
            case MoldSessionEventKind.Duplicate:
                session.Duplicates++;
                session.DuplicateMessages += (long)evt.Count;
                break;
            case MoldSessionEventKind.OutOfOrder:
                session.Reorders++;
                session.ReorderMessages += (long)evt.Count;
                break;
            case MoldSessionEventKind.Recovered:
                session.Recoveries++;
                session.RecoveredMessages += (long)evt.Count;
                break;
            case MoldSessionEventKind.Heartbeat:
                session.Heartbeats++;
                break;
            case MoldSessionEventKind.EndOfSession:
                session.Ended = true;
                break;
            case MoldSessionEventKind.Malformed:
                session.Malformed++;
                break;
        }
        Traffic(session, evt.RxTimestampNs);
    }

    public override void OnIdle(bool drained)
    {
        // Once the source has ended, silence is the end of the data, not a stale feed.
        if (drained || _sessions.Length == 0)
        {
            return;
        }
        long wallNs = 0;
        if (_idleMarkRxNs != _rxNowNs)
        {
            _idleMarkRxNs = _rxNowNs;
            _idleMarkTimestamp = _clock.GetTimestamp();
        }
        else
        {
            wallNs = _clock.GetElapsedTime(_idleMarkTimestamp).Ticks * TimeSpan.NanosecondsPerTick;
        }
        foreach (FeedSession session in _sessions)
        {
            // Silent since its last traffic: by the other sessions' receive times, plus the
            // wall-clock time nothing at all has come.
            if (!session.Ended && !session.Stale && session.FirstRxNs != 0 && _rxNowNs - session.LastRxNs + wallNs > _staleAfterNs)
            {
                session.Stale = true;
                StartStalePeriod(session);
            }
        }
    }

    public override string? Query(string request)
    {
        if ((request ?? "").Trim() != "quality")
        {
            return null;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("staleAfterMilliseconds", _settings.StaleAfterMilliseconds);
            json.WriteStartArray("sessions");
            foreach (FeedSession s in _sessions)
            {
                json.WriteStartObject();
                json.WriteString("session", s.Name);
                json.WriteNumber("score", Math.Round(s.Score(_rxNowNs, _staleAfterNs), 4));
                json.WriteNumber("messages", s.Messages);
                json.WriteNumber("heartbeats", s.Heartbeats);
                json.WriteNumber("gaps", s.Gaps);
                json.WriteNumber("gapMessages", s.GapMessages);
                json.WriteNumber("duplicates", s.Duplicates);
                json.WriteNumber("duplicateMessages", s.DuplicateMessages);
                json.WriteNumber("reorders", s.Reorders);
                json.WriteNumber("reorderMessages", s.ReorderMessages);
                json.WriteNumber("recoveries", s.Recoveries);
                json.WriteNumber("recoveredMessages", s.RecoveredMessages);
                json.WriteNumber("malformed", s.Malformed);
                json.WriteNumber("stalePeriods", s.StalePeriods);
                json.WriteNumber("staleMilliseconds", s.StaleNs / 1_000_000.0);
                json.WriteBoolean("stale", s.Stale);
                json.WriteBoolean("ended", s.Ended);
                json.WriteNumber("firstRxNs", s.FirstRxNs);
                json.WriteNumber("lastRxNs", s.LastRxNs);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override void ExportState(Stream destination)
    {
        using BinaryWriter writer = PluginState.CreateWriter(destination, StateVersion);
        writer.Write(_rxNowNs);
        writer.Write(_sessions.Length);
        foreach (FeedSession s in _sessions)
        {
            s.Session.Write(writer);
            foreach (long figure in Figures(s))
            {
                writer.Write(figure);
            }
            writer.Write(s.Ended);
            writer.Write(s.Stale);
        }
    }

    public override void ImportState(Stream source)
    {
        using BinaryReader? reader = PluginState.OpenReader(source, StateVersion, "FeedQuality");
        if (reader is null)
        {
            return;
        }
        _rxNowNs = reader.ReadInt64();
        for (int count = reader.ReadInt32(); count > 0; count--)
        {
            FeedSession s = Find(MoldSession.Read(reader.ReadBytes(MoldSession.Length)));
            s.Messages = reader.ReadInt64();
            s.Heartbeats = reader.ReadInt64();
            s.Gaps = reader.ReadInt64();
            s.GapMessages = reader.ReadInt64();
            s.Duplicates = reader.ReadInt64();
            s.DuplicateMessages = reader.ReadInt64();
            s.Reorders = reader.ReadInt64();
            s.ReorderMessages = reader.ReadInt64();
            s.Recoveries = reader.ReadInt64();
            s.RecoveredMessages = reader.ReadInt64();
            s.Malformed = reader.ReadInt64();
            s.FirstRxNs = reader.ReadInt64();
            s.LastRxNs = reader.ReadInt64();
            s.StalePeriods = reader.ReadInt64();
            s.StaleNs = reader.ReadInt64();
            s.Ended = reader.ReadBoolean();
            s.Stale = reader.ReadBoolean();
        }
    }

    // The order ImportState reads them in.
    private static long[] Figures(FeedSession s) =>
    [
        s.Messages, s.Heartbeats, s.Gaps, s.GapMessages, s.Duplicates, s.DuplicateMessages, s.Reorders, s.ReorderMessages,
        s.Recoveries, s.RecoveredMessages, s.Malformed, s.FirstRxNs, s.LastRxNs, s.StalePeriods, s.StaleNs,
    ];

    private void Traffic(FeedSession session, long rxNs)
    {
        if (rxNs > _rxNowNs)
        {
            _rxNowNs = rxNs;
        }
        if (session.FirstRxNs == 0)
        {
            session.FirstRxNs = session.LastRxNs = rxNs;
            return;
        }
        // A late or repeated packet may carry an older receive time: it says nothing about silence.
        if (rxNs <= session.LastRxNs)
        {
            return;
        }
        long silence = rxNs - session.LastRxNs;
        if (silence > _staleAfterNs)
        {
            if (!session.Stale)
            {
                StartStalePeriod(session); // nobody noticed while it lasted (no idle turn): count it now
            }
            session.StaleNs += silence - _staleAfterNs;
        }
        session.Stale = false;
        session.LastRxNs = rxNs;
    }

    private void StartStalePeriod(FeedSession session)
    {
        session.StalePeriods++;
        LogStale(_logger, session.Name, _settings.StaleAfterMilliseconds, null);
    }

    private FeedSession Find(MoldSession session)
    {
        if (_last is { } last && last.Session == session)
        {
            return last;
        }
        FeedSession[] sessions = _sessions;
        foreach (FeedSession s in sessions)
        {
            if (s.Session == session)
            {
                return _last = s;
            }
        }
        var added = new FeedSession(session); // once per session
        _sessions = [.. sessions, added];
        return _last = added;
    }

    // Runs on the collector's thread: allocates there, never on the poll thread.
    private IEnumerable<Measurement<T>> Observe<T>(Func<FeedSession, T> figure)
        where T : struct
    {
        foreach (FeedSession s in _sessions)
        {
            yield return new Measurement<T>(figure(s), new KeyValuePair<string, object?>("session", s.Name));
        }
    }
}
