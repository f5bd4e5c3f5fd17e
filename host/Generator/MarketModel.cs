using System.Buffers.Binary;
using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// The order flow: every step picks a venue and a symbol (a few symbols busy, most quiet),
/// moves the symbol's mid price a tick now and then, and does one thing to that venue's
/// book: add a passive order (A, some F), delete (D), replace (U), partly cancel (X), send
/// a marketable order, or print a trade of a non-displayed order (P). A venue's book never
/// crosses: an order priced through the other side (a marketable order, or a passive one
/// the mid has moved past) trades with the resting orders in price-time priority, each
/// fill an execution of the resting order (E, some C), and only what is left rests. Every
/// size is in round lots. With cross injection (<see cref="GeneratorSettings.InjectsCrosses"/>)
/// venues also stay off each other's quotes (see <see cref="KeepOffOtherVenues"/>), a venue whose
/// top of book a step changed sends its packet at once, and the <see cref="CrossInjector"/> gets
/// the first word at every step.
/// Threading: one thread.
/// </summary>
internal sealed class MarketModel
{
    public const int RoundLot = 100;

    /// <summary>A tick ($0.01) in the 1/10,000 units of ITCH prices.</summary>
    public const int TickPrice = 100;

    private const int MinMidTicks = 100;
    private const int MaxMidTicks = 10_000_000;

    // Made-up participant IDs for the attributed adds.
    private static readonly Alpha4[] Mpids =
        [Alpha4.FromText("GENA"), Alpha4.FromText("GENB"), Alpha4.FromText("MKMA"), Alpha4.FromText("MKMB"), Alpha4.FromText("RTLX")];

    private readonly VenueState[] _venues;
    private readonly int[] _midTicks;
    private readonly OrderPool _pool = new();
    private readonly ItchEmitter _emit;
    private FeedRandom _random;
    private long _budget;

    public MarketModel(VenueState[] venues, int symbols, ItchEmitter emitter, ulong seed)
    {
        _venues = venues;
        _emit = emitter;
        _random = new FeedRandom(seed, stream: 1);
        Stocks = MakeSymbols(symbols, ref _random);
        _midTicks = new int[symbols];
        for (int i = 0; i < symbols; i++)
        {
            _midTicks[i] = 500 + _random.Next(49_500); // $5 to $500
        }
    }

    /// <summary>The symbols, by stock locate − 1.</summary>
    public StockSymbol[] Stocks { get; }

    /// <summary>Set when crosses are injected: then the flow stays off other venues' quotes.</summary>
    public CrossInjector? Crosses { get; set; }

    /// <summary>A random gap between events, 1..2×<paramref name="meanNs"/>−1 ns.</summary>
    public long NextGapNs(long meanNs) => 1 + _random.NextLong(Math.Max(2 * meanNs - 1, 1));

    /// <summary>One event; returns the messages it wrote, at most <paramref name="budget"/> (possibly 0).</summary>
    public long Step(long budget)
    {
        long kept = 0;
        if (Crosses is { } crosses)
        {
            long written = crosses.Step(budget);
            if (written > 0)
            {
                return written;
            }
            kept = crosses.IsLive ? 1 : 0; // for the live dislocation's delete
        }
        _budget = budget - kept;
        VenueState venue = _venues[_random.Next(_venues.Length)];
        int symbol = PickSymbol();
        if (Crosses is not null && Crosses.FrozenSymbol == symbol)
        {
            return 0;
        }
        WalkMid(symbol);
        SymbolBook book = venue.Book(symbol);
        if (Crosses is not null)
        {
            BookTop before = BookTop.Of(book);
            Act(venue, book, symbol);
            if (BookTop.Of(book) != before)
            {
                // A consumer of several venues sees tops change in the order they did.
                venue.Packetizer.FlushNow();
            }
        }
        else
        {
            Act(venue, book, symbol);
        }
        return budget - kept - _budget;
    }

    // One thing done to the venue's book of the symbol.
    private void Act(VenueState venue, SymbolBook book, int symbol)
    {
        int live = book.LiveCount;
        // Keep a book a few dozen orders deep: add more often when thin, less when deep.
        int addShare = live < 10 ? 80 : live > 60 ? 25 : 44;
        if (live == 0 || _random.Next(100) < addShare)
        {
            AddPassive(venue, book, symbol);
        }
        else
        {
            int roll = _random.Next(100);
            if (roll < 58)
            {
                Delete(venue, book, book.LiveAt(_random.Next(live)));
            }
            else if (roll < 74)
            {
                Replace(venue, book, symbol, book.LiveAt(_random.Next(live)));
            }
            else if (roll < 81)
            {
                Cancel(venue, book, book.LiveAt(_random.Next(live)));
            }
            else if (roll < 95)
            {
                Marketable(venue, book, symbol);
            }
            else
            {
                HiddenTrade(venue, book, symbol);
            }
        }
    }

    private void AddPassive(VenueState venue, SymbolBook book, int symbol)
    {
        Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        int price = PassivePrice(side, symbol);
        int shares = Lots();
        if (book.SideOf(side).Crosses(price, book.OppositeOf(side)))
        {
            // The mid has moved through resting orders: this one takes them out.
            Aggress(venue, book, symbol, side, price, shares, restRemainder: true);
        }
        else
        {
            Rest(venue, book, symbol, side, price, shares, mayAttribute: true);
        }
    }

    private void Marketable(VenueState venue, SymbolBook book, int symbol)
    {
        Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        BookSide opposite = book.OppositeOf(side);
        if (opposite.IsEmpty)
        {
            AddPassive(venue, book, symbol);
            return;
        }
        int through = _random.Next(3);
        int limit = side == Side.Buy ? opposite.BestPriceTicks + through : Math.Max(opposite.BestPriceTicks - through, 1);
        int shares = Lots() * (1 + _random.Next(3));
        Aggress(venue, book, symbol, side, limit, shares, restRemainder: _random.Next(100) < 30);
    }

    // Fills against the best resting orders while the limit reaches them; what is left
    // rests (a limit order) or lapses (immediate-or-cancel).
    private void Aggress(VenueState venue, SymbolBook book, int symbol, Side side, int limit, int shares, bool restRemainder)
    {
        BookSide own = book.SideOf(side);
        BookSide opposite = book.OppositeOf(side);
        while (shares > 0 && _budget > 0 && own.Crosses(limit, opposite))
        {
            ref PriceLevel level = ref opposite.Level(0);
            int slot = level.Head;
            ref RestingOrder resting = ref _pool[slot];
            int fill = Math.Min(shares, resting.Shares);
            ulong match = ++venue.LastMatch;
            if (_random.Next(100) < 8)
            {
                _emit.ExecutedWithPrice(venue.Packetizer, book.Locate, resting.Reference, fill, match, (long)resting.PriceTicks * TickPrice);
            }
            else
            {
                _emit.Executed(venue.Packetizer, book.Locate, resting.Reference, fill, match);
            }
            _budget--;
            shares -= fill;
            if (fill == resting.Shares)
            {
                book.Remove(_pool, slot);
            }
            else
            {
                resting.Shares -= fill;
                level.Shares -= fill;
            }
        }
        if (shares > 0 && restRemainder && !own.Crosses(limit, opposite))
        {
            Rest(venue, book, symbol, side, limit, shares, mayAttribute: false);
        }
    }

    private void Rest(VenueState venue, SymbolBook book, int symbol, Side side, int priceTicks, int shares, bool mayAttribute)
    {
        if (_budget == 0)
        {
            return;
        }
        if (Crosses is not null)
        {
            priceTicks = KeepOffOtherVenues(side, symbol, priceTicks);
            if (priceTicks < 1)
            {
                return; // no valid price behind the other venues' offer: the order lapses
            }
        }
        ulong reference = NextReference(venue);
        int slot = _pool.Allocate();
        ref RestingOrder order = ref _pool[slot];
        order.Reference = reference;
        order.PriceTicks = priceTicks;
        order.Shares = shares;
        order.Side = side;
        book.Add(_pool, slot);
        long price = (long)priceTicks * TickPrice;
        if (mayAttribute && _random.Next(100) < 12)
        {
            _emit.AddOrderMpid(venue.Packetizer, book.Locate, reference, side, shares, Stocks[symbol], price, Mpids[_random.Next(Mpids.Length)]);
        }
        else
        {
            _emit.AddOrder(venue.Packetizer, book.Locate, reference, side, shares, Stocks[symbol], price);
        }
        _budget--;
    }

    private void Delete(VenueState venue, SymbolBook book, int slot)
    {
        _emit.Delete(venue.Packetizer, book.Locate, _pool[slot].Reference);
        book.Remove(_pool, slot);
        _budget--;
    }

    private void Cancel(VenueState venue, SymbolBook book, int slot)
    {
        ref RestingOrder order = ref _pool[slot];
        int lots = order.Shares / RoundLot;
        if (lots < 2)
        {
            Delete(venue, book, slot);
            return;
        }
        int cancelled = (1 + _random.Next(lots - 1)) * RoundLot;
        _emit.Cancel(venue.Packetizer, book.Locate, order.Reference, cancelled);
        order.Shares -= cancelled;
        book.SideOf(order.Side).Reduce(order.PriceTicks, cancelled);
        _budget--;
    }

    // A new price and size under a new reference: the order loses its time priority. The
    // new price never reaches the other side (the venue would reject it as marketable).
    private void Replace(VenueState venue, SymbolBook book, int symbol, int slot)
    {
        RestingOrder old = _pool[slot];
        int price = PassivePrice(old.Side, symbol);
        BookSide opposite = book.OppositeOf(old.Side);
        if (!opposite.IsEmpty)
        {
            price = old.Side == Side.Buy
                ? Math.Min(price, opposite.BestPriceTicks - 1)
                : Math.Max(price, opposite.BestPriceTicks + 1);
        }
        if (Crosses is not null)
        {
            price = KeepOffOtherVenues(old.Side, symbol, price);
            if (price < 1)
            {
                Delete(venue, book, slot);
                return;
            }
        }
        int shares = Lots();
        ulong reference = NextReference(venue);
        _emit.Replace(venue.Packetizer, book.Locate, old.Reference, reference, shares, (long)price * TickPrice);
        book.Remove(_pool, slot);
        int replacement = _pool.Allocate();
        ref RestingOrder order = ref _pool[replacement];
        order.Reference = reference;
        order.PriceTicks = price;
        order.Shares = shares;
        order.Side = old.Side;
        book.Add(_pool, replacement);
        _budget--;
    }

    // A non-displayed order matched: at the venue's midpoint when it has both sides (half
    // a tick is a valid ITCH price), at the symbol's mid otherwise. The book is untouched.
    private void HiddenTrade(VenueState venue, SymbolBook book, int symbol)
    {
        long price = !book.Bids.IsEmpty && !book.Asks.IsEmpty
            ? ((long)book.Bids.BestPriceTicks + book.Asks.BestPriceTicks) * TickPrice / 2
            : (long)_midTicks[symbol] * TickPrice;
        Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        _emit.Trade(venue.Packetizer, book.Locate, side, Lots(), Stocks[symbol], price, ++venue.LastMatch);
        _budget--;
    }

    /// <summary>
    /// A price that neither locks nor crosses any venue's best quote on the other side (a bid a
    /// tick below the lowest offer, an offer a tick above the highest bid), as venues under Reg
    /// NMS reprice an order that would lock or cross another venue's protected quote.
    /// </summary>
    private int KeepOffOtherVenues(Side side, int symbol, int priceTicks)
    {
        foreach (VenueState other in _venues)
        {
            BookSide? opposite = other.BookIfAny(symbol)?.OppositeOf(side);
            if (opposite is null || opposite.IsEmpty)
            {
                continue;
            }
            priceTicks = side == Side.Buy
                ? Math.Min(priceTicks, opposite.BestPriceTicks - 1)
                : Math.Max(priceTicks, opposite.BestPriceTicks + 1);
        }
        return priceTicks;
    }

    // Order references rise by 1 to 4: other venues' hidden orders take numbers too.
    private ulong NextReference(VenueState venue) => venue.LastReference += 1 + (ulong)_random.Next(4);

    // Squaring a uniform number makes low locates busy and high ones quiet, as on a real feed.
    private int PickSymbol()
    {
        double u = _random.NextDouble();
        return (int)(_midTicks.Length * u * u);
    }

    private void WalkMid(int symbol)
    {
        if (_random.Next(16) == 0)
        {
            int mid = _midTicks[symbol] + (_random.Next(2) == 0 ? -1 : 1);
            _midTicks[symbol] = Math.Clamp(mid, MinMidTicks, MaxMidTicks);
        }
    }

    // Bids at or below the mid, asks above it: mostly near the touch, some deep in the book.
    private int PassivePrice(Side side, int symbol)
    {
        int roll = _random.Next(10);
        int away = roll < 6 ? _random.Next(3) : roll < 9 ? 3 + _random.Next(7) : 10 + _random.Next(30);
        int mid = _midTicks[symbol];
        return side == Side.Buy ? Math.Max(mid - away, 1) : mid + 1 + away;
    }

    private int Lots()
    {
        int roll = _random.Next(100);
        int lots = roll < 45 ? 1 : roll < 65 ? 2 : roll < 80 ? 3 + _random.Next(3) : roll < 95 ? 6 + _random.Next(5) : 11 + _random.Next(40);
        return lots * RoundLot;
    }

    // Unique made-up tickers of 3 or 4 letters.
    private static StockSymbol[] MakeSymbols(int count, ref FeedRandom random)
    {
        var taken = new HashSet<ulong>();
        var stocks = new StockSymbol[count];
        Span<byte> text = stackalloc byte[StockSymbol.Length];
        for (int i = 0; i < count; i++)
        {
            ulong value;
            do
            {
                text.Fill((byte)' ');
                int letters = 3 + random.Next(2);
                for (int j = 0; j < letters; j++)
                {
                    text[j] = (byte)('A' + random.Next(26));
                }
                value = BinaryPrimitives.ReadUInt64BigEndian(text);
            }
            while (!taken.Add(value));
            stocks[i] = new StockSymbol(value);
        }
        return stocks;
    }
}
