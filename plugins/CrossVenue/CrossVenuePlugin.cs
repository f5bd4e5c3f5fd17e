using System.Globalization;
using HftHost.CrossVenue;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.OrderBook;
using HftHost.Plugins.CrossVenue;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;

[assembly: HftPlugin(typeof(CrossVenuePlugin))]

namespace HftHost.Plugins.CrossVenue;

/// <summary>
/// Consolidated best bid and offer per symbol across venues (MoldUDP64 sessions; symbols by
/// their text, since locate codes differ between venues), from the OrderBook plugin's
/// <see cref="TopOfBookChanged"/> events, and the dislocations between venues: a market is
/// <em>crossed</em> when one venue's best bid is above another's best offer and <em>locked</em>
/// when they are equal. A dislocation is one opportunity while its two venues and two prices
/// stay the same; a change of either ends it (and may open the next). It is reported when its
/// spread reaches <see cref="CrossVenueSettings.MinSpreadBps"/> and it lasts
/// <see cref="CrossVenueSettings.MinDurationMicroseconds"/>: a <see cref="CrossVenueOpportunity"/>
/// event when it has lasted that long (checked at each top-of-book change, so at the first one
/// after) and one when it closes, a log line when it closes, and the queries
/// <c>opportunities</c> (also answered to <c>report</c>, which run reports include) and
/// <c>nbbo</c> (JSON). Times are the ITCH timestamps of the messages, in the order the host
/// received them: venues' feeds interleave as they arrive. One instance sees the venues of its
/// own receive queue only. Per-symbol state is made up front; after warm-up (every venue and
/// symbol seen) nothing is allocated per event.
/// </summary>
public sealed class CrossVenuePlugin : HftPlugin, IEventSubscriber<TopOfBookChanged>
{
    private static readonly Action<ILogger, string, string, string, string, long, string, Exception?> LogClosed =
        LoggerMessage.Define<string, string, string, string, long, string>(
            LogLevel.Information, new EventId(1, "CrossVenueOpportunity"),
            "{Kind} market {Symbol}: buy {Buy}, sell {Sell}, {Size} shares, {Detail}");

    private readonly List<Venue> _venues = [];
    private long _logIntervalNs;
    private long _lastLogRxNs = long.MinValue / 2; // the first closed opportunity is logged
    private long _unlogged;
    private readonly Dictionary<StockSymbol, SymbolMarket> _markets = [];
    private readonly List<SymbolMarket> _listed = [];
    private readonly Stack<SymbolMarket> _spare = new();
    private CrossVenueSettings _settings = new();
    private EventPublisher<CrossVenueOpportunity>? _publisher;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private OpportunityHistory _history = new(1);
    private PendingOpenings _pending = new(16);
    private Venue? _last;
    private long _minDurationNs;
    private long _now;
    private long _ids;

    /// <summary>Dislocations seen, whatever their spread and duration.</summary>
    internal long Dislocations { get; private set; }

    /// <summary>Dislocations at or above the minimum spread that closed before the minimum duration.</summary>
    internal long ShortLived { get; private set; }

    /// <summary>Top-of-book events of instruments whose symbol the book did not know: not consolidated.</summary>
    internal long UnknownSymbols { get; private set; }

    internal long Crossed { get; private set; }

    internal long Locked { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _settings = registry.Context.GetSettings<CrossVenueSettings>();
        Validate(_settings);
        _logger = registry.Context.Logger;
        _minDurationNs = (long)Math.Round(_settings.MinDurationMicroseconds * 1000);
        _logIntervalNs = _settings.LogIntervalMilliseconds * 1_000_000L;
        _history = new OpportunityHistory(_settings.OpportunityCapacity);
        _pending = new PendingOpenings(_settings.SymbolCapacity);
        _markets.EnsureCapacity(_settings.SymbolCapacity);
        for (int i = 0; i < _settings.SymbolCapacity; i++)
        {
            _spare.Push(new SymbolMarket(_settings.VenueCapacity));
        }
        _publisher = registry.AddEvent<CrossVenueOpportunity>();
        registry.Subscribe<TopOfBookChanged>(this);
        var meter = registry.Context.Meter;
        meter.CreateObservableCounter("crossvenue.opportunities", () => new[]
        {
            new System.Diagnostics.Metrics.Measurement<long>(Crossed, new KeyValuePair<string, object?>("kind", "crossed")),
            new System.Diagnostics.Metrics.Measurement<long>(Locked, new KeyValuePair<string, object?>("kind", "locked")),
        }, description: "crossed and locked markets reported (at least the minimum spread and duration)");
        meter.CreateObservableCounter("crossvenue.dislocations", () => Dislocations, description: "crossed or locked markets seen, whatever their spread and duration");
        meter.CreateObservableGauge("crossvenue.symbols", () => _listed.Count, description: "symbols consolidated");
    }

    public void OnEvent(in TopOfBookChanged evt)
    {
        if (evt.Symbol == default)
        {
            UnknownSymbols++;
            return;
        }
        Venue venue = VenueOf(evt.Session);
        SymbolMarket market = MarketOf(venue, evt.StockLocate, evt.Symbol);
        market.Quote(venue.Index).Update(evt.Bid, evt.Ask, evt.Timestamp);
        if (evt.Timestamp > _now)
        {
            _now = evt.Timestamp;
        }
        Evaluate(market, evt.Timestamp, evt.RxTimestampNs);
        while (_pending.Count > 0 && _pending.OldestStart + _minDurationNs <= _now)
        {
            (SymbolMarket waiting, long id) = _pending.Dequeue();
            if (waiting.IsOpen && waiting.OpenId == id && !waiting.Announced)
            {
                Announce(waiting, evt.RxTimestampNs);
            }
        }
    }

    public override string? Query(string request)
    {
        return (request ?? "").Trim() switch
        {
            "opportunities" or "report" => CrossVenueJson.Opportunities(this),
            "nbbo" => CrossVenueJson.Nbbo(this),
            _ => null,
        };
    }

    internal CrossVenueSettings Settings => _settings;

    internal long MinDurationNs => _minDurationNs;

    internal IReadOnlyList<Venue> Venues => _venues;

    internal IReadOnlyList<SymbolMarket> Markets => _listed;

    internal OpportunityHistory History => _history;

    internal string NameOf(MoldSession session)
    {
        foreach (Venue venue in _venues)
        {
            if (venue.Session == session)
            {
                return venue.Name;
            }
        }
        return session.ToString();
    }

    private static void Validate(CrossVenueSettings settings)
    {
        if (!(settings.MinSpreadBps >= 0) || double.IsInfinity(settings.MinSpreadBps))
        {
            throw new InvalidOperationException($"MinSpreadBps must be 0 or more, not {settings.MinSpreadBps.ToString(CultureInfo.InvariantCulture)}");
        }
        if (!(settings.MinDurationMicroseconds >= 0) || settings.MinDurationMicroseconds > 86_400_000_000)
        {
            throw new InvalidOperationException($"MinDurationMicroseconds must be 0 to 86400000000 (a day), not {settings.MinDurationMicroseconds.ToString(CultureInfo.InvariantCulture)}");
        }
        if (settings.LogIntervalMilliseconds is < 0 or > 3_600_000)
        {
            throw new InvalidOperationException($"LogIntervalMilliseconds must be 0 to 3600000 (an hour), not {settings.LogIntervalMilliseconds}");
        }
        foreach ((string name, int value) in new[] { ("SymbolCapacity", settings.SymbolCapacity), ("VenueCapacity", settings.VenueCapacity), ("OpportunityCapacity", settings.OpportunityCapacity) })
        {
            if (value is < 1 or > 1 << 20)
            {
                throw new InvalidOperationException($"{name} must be 1 to {1 << 20}, not {value}");
            }
        }
        foreach ((string session, string name) in settings.VenueNames)
        {
            if (session.Length is 0 or > MoldSession.Length || string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidOperationException($"VenueNames:{session} must map a session of 1 to {MoldSession.Length} characters to a name, not '{name}'");
            }
        }
    }

    private void Evaluate(SymbolMarket market, long timestamp, long rxTimestampNs)
    {
        int venues = _venues.Count;
        int bidVenue = market.BestBid(venues);
        int askVenue = market.BestAsk(venues);
        bool dislocated = false;
        long bid = 0;
        long ask = 0;
        double spread = 0;
        if (bidVenue >= 0 && askVenue >= 0 && bidVenue != askVenue)
        {
            bid = market.Quote(bidVenue).Bid.Price;
            ask = market.Quote(askVenue).Ask.Price;
            if (bid >= ask && ask > 0)
            {
                spread = (bid - ask) * 10_000.0 / ask;
                dislocated = spread >= _settings.MinSpreadBps;
            }
        }
        if (market.IsOpen)
        {
            if (dislocated && market.OpenBuyVenue == askVenue && market.OpenSellVenue == bidVenue && market.Open.BuyPrice == ask && market.Open.SellPrice == bid)
            {
                return; // the same opportunity: only sizes moved
            }
            Close(market, timestamp, rxTimestampNs);
        }
        if (bid >= ask && bidVenue >= 0 && askVenue >= 0 && bidVenue != askVenue)
        {
            Dislocations++;
        }
        if (dislocated)
        {
            long size = Math.Min(market.Quote(bidVenue).Bid.Shares, market.Quote(askVenue).Ask.Shares);
            market.IsOpen = true;
            market.Announced = false;
            market.OpenId = ++_ids;
            market.OpenBuyVenue = askVenue;
            market.OpenSellVenue = bidVenue;
            market.Open = new CrossVenueOpportunity(
                OpportunityPhase.Opened, bid > ask ? DislocationKind.Crossed : DislocationKind.Locked, market.Symbol,
                _venues[askVenue].Session, ask, _venues[bidVenue].Session, bid, size, spread, timestamp, 0, rxTimestampNs);
            if (_minDurationNs == 0)
            {
                Announce(market, rxTimestampNs);
            }
            else
            {
                _pending.Enqueue(market, market.OpenId, timestamp);
            }
        }
    }

    private void Announce(SymbolMarket market, long rxTimestampNs)
    {
        market.Announced = true;
        _publisher!.Publish(market.Open with { RxTimestampNs = rxTimestampNs });
    }

    private void Close(SymbolMarket market, long timestamp, long rxTimestampNs)
    {
        market.IsOpen = false;
        if (!market.Announced)
        {
            if (timestamp - market.Open.StartTimestamp < _minDurationNs)
            {
                ShortLived++;
                return;
            }
            Announce(market, rxTimestampNs);
        }
        CrossVenueOpportunity closed = market.Open with { Phase = OpportunityPhase.Closed, EndTimestamp = timestamp, RxTimestampNs = rxTimestampNs };
        _history.Add(closed);
        if (closed.Kind == DislocationKind.Crossed)
        {
            Crossed++;
        }
        else
        {
            Locked++;
        }
        _publisher!.Publish(closed);
        if (rxTimestampNs - _lastLogRxNs < _logIntervalNs)
        {
            _unlogged++;
        }
        else if (_logger.IsEnabled(LogLevel.Information))
        {
            _lastLogRxNs = rxTimestampNs;
            Log(closed);
            _unlogged = 0;
        }
    }

    private void Log(in CrossVenueOpportunity o)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        LogClosed(
            _logger, o.Kind == DislocationKind.Crossed ? "Crossed" : "Locked", o.Symbol.ToString(),
            $"{NameOf(o.BuyVenue)} at {CrossVenueJson.PriceText(o.BuyPrice)}", $"{NameOf(o.SellVenue)} at {CrossVenueJson.PriceText(o.SellPrice)}", o.Size,
            string.Create(inv, $"{o.SpreadBps:F2} bps, from {o.StartTimestamp} to {o.EndTimestamp} ns ITCH time ({o.DurationNs} ns){(_unlogged == 0 ? "" : $"; {_unlogged} more closed since the last line")}"), null);
    }

    private Venue VenueOf(MoldSession session)
    {
        if (_last is { } last && last.Session == session)
        {
            return last;
        }
        foreach (Venue venue in _venues)
        {
            if (venue.Session == session)
            {
                return _last = venue;
            }
        }
        string text = session.ToString(); // once per venue
        var added = new Venue(session, _venues.Count, _settings.VenueNames.GetValueOrDefault(text, text));
        _venues.Add(added);
        return _last = added;
    }

    private SymbolMarket MarketOf(Venue venue, ushort locate, StockSymbol symbol)
    {
        SymbolMarket? known = venue.ByLocate[locate];
        if (known is not null && known.Symbol == symbol)
        {
            return known;
        }
        if (known is not null)
        {
            known.Quote(venue.Index) = default; // the locate now names another symbol: its old quote is gone
        }
        if (!_markets.TryGetValue(symbol, out SymbolMarket? market))
        {
            market = _spare.Count > 0 ? _spare.Pop() : new SymbolMarket(_settings.VenueCapacity);
            market.Symbol = symbol;
            _markets.Add(symbol, market);
            _listed.Add(market);
        }
        return venue.ByLocate[locate] = market;
    }
}
