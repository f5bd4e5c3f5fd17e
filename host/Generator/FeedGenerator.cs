using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// Generates the feed: per venue a start-of-messages event and the stock directory, then
/// the order flow of every venue interleaved in time, a heartbeat from each venue every
/// second of feed time, and at the end an end-of-messages event and the MoldUDP64
/// end-of-session packet per venue. Streams to the pcap (and BinaryFILEs) through
/// reusable buffers: a step allocates nothing once the books have grown.
/// Threading: one thread.
/// </summary>
internal sealed class FeedGenerator
{
    /// <summary>The trading day: a Monday in June, when New York is on EDT.</summary>
    public static readonly DateOnly TradingDate = new(2024, 6, 3);

    public static readonly TimeSpan NewYorkUtcOffset = TimeSpan.FromHours(-4);

    /// <summary>Time from an ITCH timestamp to the capture: the packet's way to the recorder.</summary>
    public const long WireLatencyNs = 25_000;

    public const long HeartbeatIntervalNs = 1_000_000_000;

    // The flow is spread over the regular session (6.5 h) when it is large enough, and
    // over 1 ms a message at most when it is small, so a small feed still spans seconds
    // and carries heartbeats.
    private const long SessionNs = 23_400L * 1_000_000_000;
    private const long MaxMeanGapNs = 1_000_000;

    private readonly GeneratorSettings _settings;
    private readonly FeedClock _clock;
    private readonly PcapFrameWriter _pcap;
    private readonly FaultInjector _injector;
    private readonly ItchEmitter _emitter;
    private readonly MarketModel _model;
    private readonly long _flowMessages;

    /// <param name="settings">What to generate.</param>
    /// <param name="pcap">Where the capture goes.</param>
    /// <param name="binaryFile">The BinaryFILE stream of a venue, or null for none.</param>
    public FeedGenerator(GeneratorSettings settings, Stream pcap, Func<VenueEndpoint, Stream?> binaryFile)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(binaryFile);
        _settings = settings;
        _clock = new FeedClock(TradingDate, NewYorkUtcOffset);
        _pcap = new PcapFrameWriter(pcap, settings.Venues);
        _flowMessages = settings.Messages - GeneratorSettings.MinMessages(settings.Venues, settings.Symbols);
        _injector = new FaultInjector(_pcap, _clock, WireLatencyNs, settings, _flowMessages);
        _emitter = new ItchEmitter(_clock);
        Venues = new VenueState[settings.Venues];
        for (int i = 0; i < Venues.Length; i++)
        {
            var endpoint = new VenueEndpoint(i + 1);
            var packetizer = new MoldPacketizer(endpoint, settings.MessagesPerPacket, binaryFile(endpoint), _injector)
            {
                DirectoryLastSequence = (ulong)settings.Symbols + 1,
            };
            Venues[i] = new VenueState(packetizer, settings.Symbols);
        }
        _model = new MarketModel(Venues, settings.Symbols, _emitter, settings.Seed);
        if (settings.InjectsCrosses)
        {
            _model.Crosses = new CrossInjector(settings, Venues, _model.Stocks, _emitter, _clock, _flowMessages);
        }
    }

    public VenueState[] Venues { get; }

    /// <summary>The symbols, by stock locate − 1.</summary>
    public StockSymbol[] Stocks => _model.Stocks;

    public IReadOnlyList<InjectedFault> Faults => _injector.Faults;

    /// <summary>Faults asked for that found no packet to go to: the feed was too short for them.</summary>
    public int UnplacedFaults => _injector.Unplaced;

    /// <summary>The cross-venue dislocations injected, in order; empty when none were asked for.</summary>
    public IReadOnlyList<InjectedCross> Crosses => _model.Crosses?.Done ?? [];

    /// <summary>Crosses and locks asked for that the feed had no room for.</summary>
    public int UnplacedCrosses => _model.Crosses?.Unplaced ?? 0;

    public long Frames => _pcap.Frames;

    public long MidnightUnixNs => _clock.MidnightUnixNs;

    public long FirstTimestampNs { get; private set; }

    public long LastTimestampNs { get; private set; }

    public long FramesOf(VenueEndpoint venue) => _injector.FramesOf(venue.Number);

    public long MessagesOfType(byte type) => _emitter.CountOf(type);

    public void Run()
    {
        FirstTimestampNs = _clock.NowNs;
        foreach (VenueState venue in Venues)
        {
            _emitter.SystemEvent(venue.Packetizer, SystemEventCode.StartOfMessages);
            for (int i = 0; i < _model.Stocks.Length; i++)
            {
                _emitter.StockDirectory(venue.Packetizer, (ushort)(i + 1), _model.Stocks[i], MarketModel.RoundLot);
            }
            venue.Packetizer.Flush();
        }

        long meanGap = Math.Clamp(SessionNs / Math.Max(_flowMessages, 1), 1, MaxMeanGapNs);
        if (_model.Crosses is { } crosses)
        {
            crosses.MeanGapNs = meanGap;
        }
        long nextHeartbeat = _clock.NowNs + HeartbeatIntervalNs;
        long remaining = _flowMessages;
        while (remaining > 0)
        {
            _clock.Advance(_model.NextGapNs(meanGap));
            if (_clock.NowNs >= nextHeartbeat)
            {
                SendHeartbeats();
                nextHeartbeat += HeartbeatIntervalNs;
            }
            remaining -= _model.Step(remaining);
        }

        foreach (VenueState venue in Venues)
        {
            venue.Packetizer.Closing = true;
            _emitter.SystemEvent(venue.Packetizer, SystemEventCode.EndOfMessages);
            venue.Packetizer.Flush();
        }
        LastTimestampNs = _clock.NowNs;
        _injector.SendPendingCopies();
        foreach (VenueState venue in Venues)
        {
            venue.Packetizer.SendEndOfSession();
        }
    }

    private void SendHeartbeats()
    {
        foreach (VenueState venue in Venues)
        {
            // A heartbeat announces the next sequence number, which would give away a
            // packet held back for a reorder; that venue skips this one.
            if (!_injector.IsHolding(venue.Endpoint.Number))
            {
                venue.Packetizer.SendHeartbeat();
            }
        }
    }
}
