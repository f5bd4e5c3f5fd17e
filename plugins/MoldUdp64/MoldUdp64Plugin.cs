using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using HftHost.MoldUdp64;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(MoldUdp64Plugin))]

namespace HftHost.Plugins.MoldUdp64;

/// <summary>
/// The MoldUDP64 session layer. Publishes every message of every session exactly once and
/// in order (<see cref="MoldMessage"/>, a ref struct over the frame's bytes), and each
/// sequence event (<see cref="MoldSessionEvent"/>: gap with its exact range, duplicate,
/// out of order, heartbeat, end of session, malformed). Counters per session are
/// observable instruments on the plugin's meter and part of the state a reload hands over.
/// </summary>
public sealed class MoldUdp64Plugin : HftPlugin
{
    private const int StateVersion = 1;

    private MoldUdp64Settings _settings = new();
    private MoldUdp64Decoder? _decoder;
    private EventPublisher<MoldMessage>? _messages;
    private EventPublisher<MoldMessageRun>? _runs;
    private EventPublisher<MoldSessionEvent>? _events;
    private SessionTracker[] _sessions = [];
    private int _sessionCount;
    private int _lastHit;
    private RecoveryClient? _recovery;
    private readonly byte[] _answer = new byte[65536];

    /// <summary>Payloads that were not MoldUDP64 (left for other decoders).</summary>
    internal long Unrecognized;

    /// <summary>Packets of sessions beyond <see cref="MoldUdp64Settings.MaxSessions"/>.</summary>
    internal long SessionsRefused;

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _settings = registry.Context.GetSettings<MoldUdp64Settings>();
        _sessions = new SessionTracker[_settings.MaxSessions];
        if (_settings.RecoveryServer.Length != 0)
        {
            _recovery = new RecoveryClient(ParseServer(_settings.RecoveryServer));
        }
        _messages = registry.AddEvent<MoldMessage>();
        _runs = registry.AddEvent<MoldMessageRun>();
        _events = registry.AddEvent<MoldSessionEvent>();
        _decoder = new MoldUdp64Decoder(this);
        registry.AddDecoder(_decoder);
        Meter meter = registry.Context.Meter;
        for (int i = 0; i < SessionCounters.Names.Length; i++)
        {
            int index = i;
            meter.CreateObservableCounter($"moldudp64.{SessionCounters.Names[i]}", () => Measure(index));
        }
        meter.CreateObservableCounter("moldudp64.unrecognized", () => Volatile.Read(ref Unrecognized));
    }

    public override void Bind(IPluginBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        if (_settings.Endpoints.Count == 0)
        {
            binder.BindAll(_decoder!);
            return;
        }
        foreach (string endpoint in _settings.Endpoints)
        {
            binder.Bind(_decoder!, ParseEndpoint(endpoint));
        }
    }

    public override void OnIdle(bool drained)
    {
        if (drained)
        {
            FinishRecovery();
        }
        ReadRecoveryAnswers();
        for (int i = 0; i < _sessionCount; i++)
        {
            _sessions[i].OnIdle(drained);
        }
    }

    /// <summary>The sessions seen so far, for reports and tests.</summary>
    internal IEnumerable<SessionTracker> Sessions => _sessions.Take(_sessionCount);

    public override void ExportState(Stream destination)
    {
        using BinaryWriter writer = PluginState.CreateWriter(destination, StateVersion);
        writer.Write(Unrecognized);
        writer.Write(SessionsRefused);
        writer.Write(_sessionCount);
        for (int i = 0; i < _sessionCount; i++)
        {
            _sessions[i].Write(writer);
        }
    }

    public override void ImportState(Stream source)
    {
        using BinaryReader? reader = PluginState.OpenReader(source, StateVersion, "MoldUdp64");
        if (reader is null)
        {
            return;
        }
        Unrecognized = reader.ReadInt64();
        SessionsRefused = reader.ReadInt64();
        int sessions = reader.ReadInt32();
        for (int i = 0; i < sessions; i++)
        {
            MoldSession session = MoldSession.Read(reader.ReadBytes(MoldSession.Length));
            (Add(session) ?? throw new InvalidDataException($"the state holds {sessions} sessions; MaxSessions is {_settings.MaxSessions}")).Read(reader);
        }
    }

    /// <summary>The tracker of <paramref name="session"/>, or null when it has not been seen.</summary>
    internal SessionTracker? Find(MoldSession session)
    {
        // Packets of one session come in runs: try the last one first.
        if (_lastHit < _sessionCount && _sessions[_lastHit].Session == session)
        {
            return _sessions[_lastHit];
        }
        for (int i = 0; i < _sessionCount; i++)
        {
            if (_sessions[i].Session == session)
            {
                _lastHit = i;
                return _sessions[i];
            }
        }
        return null;
    }

    /// <summary>Starts tracking <paramref name="session"/>; null (counted) when the table is full.</summary>
    internal SessionTracker? Add(MoldSession session)
    {
        if (_sessionCount == _sessions.Length)
        {
            SessionsRefused++;
            return null;
        }
        var tracker = new SessionTracker(session, _settings, _messages!, _runs!, _events!, _recovery);
        _lastHit = _sessionCount;
        _sessions[_sessionCount++] = tracker;
        return tracker;
    }

    /// <summary>
    /// Hands the re-request server's answers to their sessions. Checked on every packet while
    /// some session waits for one (a non-blocking receive), and when idle.
    /// </summary>
    internal void ReadRecoveryAnswers()
    {
        if (_recovery is null || !AnyRecovering())
        {
            return;
        }
        int length;
        while ((length = _recovery.TryReceive(_answer)) > 0)
        {
            ReadOnlySpan<byte> packet = _answer.AsSpan(0, length);
            if (MoldUdp64Format.TryReadHeader(packet, out MoldSession session, out ulong sequence, out ushort count)
                && Find(session) is { } tracker && MoldUdp64Decoder.IsFramed(packet[MoldUdp64Format.HeaderLength..], count))
            {
                tracker.OnPacket(sequence, count, packet[MoldUdp64Format.HeaderLength..], 0, recovered: true);
            }
            else
            {
                Unrecognized++;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        _recovery?.Dispose();
        base.Dispose(disposing);
    }

    // The source has ended but answers may still be on their way: wait for them, on this
    // poll thread (nothing else will come to it), no longer than the retries allow
    // (timeout x (2^(retries+1) - 1)); what is still missing then is a gap.
    private void FinishRecovery()
    {
        double budgetMs = _settings.RecoveryTimeoutMilliseconds * ((1L << (_settings.RecoveryRetries + 1)) - 1) + _settings.RecoveryTimeoutMilliseconds;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (_recovery is not null && AnyRecovering() && System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds < budgetMs)
        {
            ReadRecoveryAnswers();
            for (int i = 0; i < _sessionCount; i++)
            {
                _sessions[i].OnIdle(drained: false);
            }
            Thread.Sleep(1);
        }
    }

    private bool AnyRecovering()
    {
        for (int i = 0; i < _sessionCount; i++)
        {
            if (_sessions[i].Recovering)
            {
                return true;
            }
        }
        return false;
    }

    private static IPEndPoint ParseServer(string text) =>
        IPEndPoint.TryParse(text, out IPEndPoint? server) && server.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && server.Port != 0
            ? server
            : throw new FormatException($"MoldUdp64 RecoveryServer '{text}' is not IPv4-ADDRESS:PORT");

    internal void PublishMalformed(MoldSession session, ulong sequence, long rxTimestampNs)
    {
        if (_events!.HasSubscribers)
        {
            _events.Publish(new MoldSessionEvent(MoldSessionEventKind.Malformed, session, sequence, 0, rxTimestampNs));
        }
    }

    // Read by the metrics thread: plain loads of counters the poll thread writes.
    private IEnumerable<Measurement<long>> Measure(int counter)
    {
        int sessions = Volatile.Read(ref _sessionCount);
        for (int i = 0; i < sessions; i++)
        {
            SessionTracker tracker = _sessions[i];
            yield return new Measurement<long>(tracker.Counters[counter], new KeyValuePair<string, object?>("session", tracker.Session.ToString()));
        }
    }

    private static FeedEndpoint ParseEndpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            throw new FormatException($"MoldUdp64 endpoint '{text}' is not ADDRESS:PORT or *:PORT");
        }
        string address = text[..colon];
        return new FeedEndpoint(FeedProtocol.Udp, address == "*" ? null : IPAddress.Parse(address), port);
    }
}
