using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// Injects cross-venue crosses and locks into the order flow. They are planned up front as
/// points in the flow (the n-th message), spread evenly with some jitter like the faults, from
/// their own random stream. When the flow passes a point, a symbol is picked where one venue
/// alone holds the best offer (or bid) and another venue has room below its own offer (above
/// its own bid) for a bid (offer) at or through it; that order is added there, so neither
/// venue's own book crosses, and the symbol is frozen: no other order flow touches it until the
/// order is deleted, a random 20 to 200 mean message gaps later. So the dislocation's venues,
/// prices, sizes, start (the add's ITCH timestamp) and end (the delete's) are exactly known.
/// The add and the delete go out at once, in packets that may be duplicated but are never
/// lost or held back. One dislocation at a time;
/// the delete always fits in the feed's message count (a message is kept back for it).
/// Threading: one thread.
/// </summary>
internal sealed class CrossInjector
{
    // Crosses go 1 to 5 ticks through the other venue's quote.
    private const int MaxThroughTicks = 5;

    private const int MinGaps = 20;
    private const int MaxGaps = 200;

    private readonly VenueState[] _venues;
    private readonly StockSymbol[] _stocks;
    private readonly ItchEmitter _emit;
    private readonly FeedClock _clock;
    private readonly (long At, CrossKind Kind)[] _plan;
    private readonly List<InjectedCross> _done = [];
    private FeedRandom _random;
    private int _planned;
    private Live? _live;

    public CrossInjector(GeneratorSettings settings, VenueState[] venues, StockSymbol[] stocks, ItchEmitter emitter, FeedClock clock, long flowMessages)
    {
        _venues = venues;
        _stocks = stocks;
        _emit = emitter;
        _clock = clock;
        _random = new FeedRandom(settings.Seed, stream: 3);
        _plan = Plan(settings.Crosses ?? 0, settings.Locks, flowMessages, ref _random);
    }

    /// <summary>Mean time between messages of the flow: sets how long dislocations last.</summary>
    public long MeanGapNs { get; set; } = 1;

    /// <summary>Dislocations done, in order.</summary>
    public IReadOnlyList<InjectedCross> Done => _done;

    /// <summary>Dislocations asked for that were not done: the feed was too short, or no symbol had room.</summary>
    public int Unplaced => _plan.Length - _done.Count;

    /// <summary>True while a dislocation is on: the model keeps a message back for its delete.</summary>
    public bool IsLive => _live is not null;

    /// <summary>The symbol (locate − 1) the flow must leave alone now; −1 for none.</summary>
    public int FrozenSymbol => _live?.Symbol ?? -1;

    /// <summary>
    /// Before each step of the flow: ends the live dislocation when its time is up or the feed's
    /// messages are running out, or starts the next one when its point has passed.
    /// </summary>
    /// <returns>Messages written (0 or 1): when 1, the step is done.</returns>
    public long Step(long budget)
    {
        if (_live is { } live)
        {
            if (_clock.NowNs >= live.EndAtNs || budget <= 1)
            {
                End(live);
                return 1;
            }
            return 0;
        }
        if (_planned < _plan.Length && _plan[_planned].At <= _clock.FlowMessages && budget >= 2 && TryStart(_plan[_planned].Kind))
        {
            _planned++;
            return 1;
        }
        return 0;
    }

    private bool TryStart(CrossKind kind)
    {
        if (_venues.Length < 2)
        {
            return false;
        }
        int symbols = _stocks.Length;
        int first = _random.Next(symbols);
        bool bidFirst = _random.Next(2) == 0;
        int venueStart = _random.Next(_venues.Length);
        for (int i = 0; i < symbols; i++)
        {
            int symbol = (first + i) % symbols;
            if (TryStart(kind, symbol, bidFirst, venueStart) || TryStart(kind, symbol, !bidFirst, venueStart))
            {
                return true;
            }
        }
        return false;
    }

    // A bid on venue x at or through the single best offer (on venue y), below x's own offer;
    // or an offer on x at or through the single best bid, above x's own bid.
    private bool TryStart(CrossKind kind, int symbol, bool injectBid, int venueStart)
    {
        int other = SingleBest(symbol, injectBid ? Side.Sell : Side.Buy, out int best);
        if (other < 0)
        {
            return false;
        }
        for (int j = 0; j < _venues.Length; j++)
        {
            int x = (venueStart + j) % _venues.Length;
            if (x == other)
            {
                continue;
            }
            SymbolBook? own = _venues[x].BookIfAny(symbol);
            // Ticks the order may go through the other venue's quote without reaching x's own
            // opposite side (nor a price below a tick).
            int room = injectBid
                ? (own is null || own.Asks.IsEmpty ? MaxThroughTicks : own.Asks.BestPriceTicks - best - 1)
                : Math.Min(best - 1, own is null || own.Bids.IsEmpty ? MaxThroughTicks : best - own.Bids.BestPriceTicks - 1);
            room = Math.Min(room, MaxThroughTicks);
            if (room < (kind == CrossKind.Crossed ? 1 : 0))
            {
                continue;
            }
            int through = kind == CrossKind.Crossed ? 1 + _random.Next(room) : 0;
            Start(kind, symbol, x, other, injectBid ? Side.Buy : Side.Sell, injectBid ? best + through : best - through);
            return true;
        }
        return false;
    }

    private void Start(CrossKind kind, int symbol, int venue, int other, Side side, int priceTicks)
    {
        VenueState at = _venues[venue];
        SymbolBook counter = _venues[other].Book(symbol);
        long counterShares = side == Side.Buy ? counter.Asks.Level(0).Shares : counter.Bids.Level(0).Shares;
        long counterPrice = (long)(side == Side.Buy ? counter.Asks.BestPriceTicks : counter.Bids.BestPriceTicks) * MarketModel.TickPrice;
        int shares = (1 + _random.Next(10)) * MarketModel.RoundLot;
        ulong reference = at.LastReference += 1;
        long price = (long)priceTicks * MarketModel.TickPrice;
        ushort locate = (ushort)(symbol + 1);
        _emit.AddOrder(at.Packetizer, locate, reference, side, shares, _stocks[symbol], price);
        at.Packetizer.FlushNow();
        long start = _emit.LastTimestamp;
        long duration = MeanGapNs * (MinGaps + _random.Next(MaxGaps - MinGaps + 1));
        _live = new Live(symbol, venue, reference, start + duration, side == Side.Buy
            ? new InjectedCross(kind, locate, _stocks[symbol], at.Endpoint, side, reference, _venues[other].Endpoint, counterPrice, counterShares, at.Endpoint, price, shares, start, 0)
            : new InjectedCross(kind, locate, _stocks[symbol], at.Endpoint, side, reference, at.Endpoint, price, shares, _venues[other].Endpoint, counterPrice, counterShares, start, 0));
    }

    private void End(Live live)
    {
        VenueState at = _venues[live.Venue];
        _emit.Delete(at.Packetizer, (ushort)(live.Symbol + 1), live.Reference);
        at.Packetizer.FlushNow();
        _done.Add(live.Cross with { EndTimestamp = _emit.LastTimestamp });
        _live = null;
    }

    /// <summary>The venue alone at the best price of <paramref name="side"/>, or −1 (none, or a tie).</summary>
    private int SingleBest(int symbol, Side side, out int best)
    {
        best = 0;
        int venue = -1;
        bool tie = false;
        for (int v = 0; v < _venues.Length; v++)
        {
            SymbolBook? book = _venues[v].BookIfAny(symbol);
            BookSide? quotes = book?.SideOf(side);
            if (quotes is null || quotes.IsEmpty)
            {
                continue;
            }
            int price = quotes.BestPriceTicks;
            bool better = side == Side.Buy ? price > best : price < best;
            if (venue < 0 || better)
            {
                (venue, best, tie) = (v, price, false);
            }
            else if (price == best)
            {
                tie = true;
            }
        }
        return tie ? -1 : venue;
    }

    private static (long, CrossKind)[] Plan(int crosses, int locks, long flowMessages, ref FeedRandom random)
    {
        var kinds = new List<CrossKind>();
        kinds.AddRange(Enumerable.Repeat(CrossKind.Crossed, crosses));
        kinds.AddRange(Enumerable.Repeat(CrossKind.Locked, locks));
        return InjectionPlan.Spread(kinds, flowMessages, ref random);
    }

    private sealed record Live(int Symbol, int Venue, ulong Reference, long EndAtNs, InjectedCross Cross);
}
