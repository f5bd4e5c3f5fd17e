using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.OrderBook;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Every order and instrument book of one venue (one MoldUDP64 session). A message about an
/// order the book does not hold (joined mid-session, or after a gap) is counted, not thrown.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed unsafe class VenueBook
{
    private readonly OrderIndex _orders;
    private readonly InstrumentBook?[] _instruments = new InstrumentBook?[ushort.MaxValue + 1];

    // By stock locate: the instrument's bid side number in _levels, plus one (0: not seen yet).
    // A separate int array so the per-message path is one load, not a walk through the book
    // objects; pinned and read through a pointer, since every stock locate is in range.
    private readonly int* _bidSidePlusOne;
    private readonly int[] _bidSidePlusOneStore;
    private readonly PriceLevels _levels;

    // By side number: its best level after the last message about its instrument (or when
    // taken), which is the "before" of the next message (TopChanged).
    private Quote[] _tops;

    public VenueBook(MoldSession session, int orderCapacity, int levelCapacity, int instrumentCapacity = 256)
    {
        Session = session;
        _orders = new OrderIndex(orderCapacity);
        _levels = new PriceLevels(instrumentCapacity, levelCapacity);
        _tops = new Quote[2 * Math.Max(instrumentCapacity, 1)];
        _bidSidePlusOne = PinnedMemory.Allocate(ushort.MaxValue + 1, out _bidSidePlusOneStore);
    }

    public MoldSession Session { get; }

    public long Messages;
    public long UnknownOrders;
    public long DuplicateOrders;
    public long Inconsistent; // a level missing for an order the table holds: a bug, counted to be seen
    public long InvalidPrices; // orders at price 0 (or beyond ITCH's 32 bits): refused, not booked

    public int Orders => _orders.Count;

    public int DisplacedOrders => _orders.Displaced;

    /// <inheritdoc cref="OrderIndex.DisplacedSinceStart"/>
    public long DisplacedSinceStart => _orders.DisplacedSinceStart;

    public IEnumerable<InstrumentBook> Instruments => _instruments.Where(i => i is not null)!;

    public PriceLevels Levels => _levels;

    /// <summary>The book of <paramref name="locate"/>, created on its first message (the only allocation, once per instrument).</summary>
    public InstrumentBook Instrument(ushort locate) => _instruments[locate] ?? AddInstrument(locate);

    /// <summary>The side number of <paramref name="locate"/>'s bids (asks: the next), the instrument added on its first message.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int BidSide(ushort locate)
    {
        int bids = _bidSidePlusOne[locate] - 1;
        return bids >= 0 ? bids : AddInstrument(locate).BidSide;
    }

    /// <summary>Takes every instrument's best bid and offer as they stand: what <see cref="TopChanged"/> compares the next message's with.</summary>
    public void TakeTops()
    {
        foreach (InstrumentBook instrument in Instruments)
        {
            _tops[instrument.BidSide] = Best(instrument.BidSide);
            _tops[instrument.AskSide] = Best(instrument.AskSide);
        }
    }

    /// <summary>
    /// After a message about <paramref name="locate"/>: its best bid and offer, and whether they
    /// differ (price or shares) from those after the previous message about it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TopChanged(ushort locate, out Quote bid, out Quote ask)
    {
        int bids = _bidSidePlusOne[locate] - 1;
        if (bids < 0)
        {
            // A message about an unknown order of an instrument never seen: no book, no top
            // (and no nameless instrument made for it).
            (bid, ask) = (default, default);
            return false;
        }
        bid = Best(bids);
        ask = Best(bids + 1);
        ref Quote lastBid = ref _tops[bids];
        ref Quote lastAsk = ref _tops[bids + 1];
        bool changed = bid != lastBid || ask != lastAsk;
        (lastBid, lastAsk) = (bid, ask);
        return changed;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private Quote Best(int side) => _levels.TryBest(side, out PriceLevel best) ? new Quote(best.Price, best.Shares) : default;

    private InstrumentBook AddInstrument(ushort locate)
    {
        var book = new InstrumentBook(locate, _levels.AddInstrument());
        if (book.AskSide >= _tops.Length)
        {
            Array.Resize(ref _tops, _tops.Length * 2); // as the levels grow: rarely, as instruments appear
        }
        _bidSidePlusOne[locate] = book.BidSide + 1;
        return _instruments[locate] = book;
    }

    public InstrumentBook? Find(StockSymbol symbol) => _instruments.FirstOrDefault(i => i is not null && i.Symbol == symbol);

    public void Directory(ushort locate, StockSymbol symbol)
    {
        Messages++;
        Instrument(locate).Symbol = symbol;
    }

    // Add, Reduce, Delete and Replace are kept out of line, as the host's compile leaves them:
    // with profile data the tiered JIT (the default context's) inlined them into the packet loop
    // and ran out of inlining budget there, leaving the parser's field reads as calls (default
    // context 44.7 against 37.8 hosted in one benchmark run; 38.9 against 37.8 out of line).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Add(ulong reference, bool isBuy, uint shares, long price, ushort locate, StockSymbol stock)
    {
        Messages++;
        if (!PriceLevels.IsValidPrice(price))
        {
            InvalidPrices++;
            return;
        }
        int bids = _bidSidePlusOne[locate] - 1;
        if (bids < 0)
        {
            // First heard of in an order (no directory message): named by the order's stock field.
            InstrumentBook added = AddInstrument(locate);
            added.Symbol = stock;
            bids = added.BidSide;
        }
        if (!_orders.Add(reference, new RestingOrder { Price = (uint)price, Shares = shares, Locate = locate, IsBuy = isBuy }))
        {
            DuplicateOrders++;
            return;
        }
        _levels.Add(PriceLevels.Side(bids, isBuy), price, shares, 1);
    }

    /// <summary>
    /// For a message after the one being applied: starts loading the set of the order it names
    /// and its instrument's levels (see <see cref="PriceLevels.Prefetch"/>), so that those
    /// loads overlap the current message's work. Harmless for a reference no order has.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ushort locate, ulong reference)
    {
        _orders.Prefetch(reference);
        int bids = _bidSidePlusOne[locate] - 1;
        if (bids >= 0)
        {
            _levels.Prefetch(bids);
        }
    }

    /// <summary>An execution or a cancel: <paramref name="shares"/> leave the order; an order with none left leaves the book.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Reduce(ulong reference, uint shares)
    {
        Messages++;
        ref RestingOrder order = ref _orders.Find(reference);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order))
        {
            UnknownOrders++;
            return;
        }
        uint taken = Math.Min(shares, order.Shares);
        order.Shares -= taken;
        bool gone = order.Shares == 0;
        if (!_levels.Remove(PriceLevels.Side(BidSide(order.Locate), order.IsBuy), order.Price, taken, gone ? 1 : 0))
        {
            Inconsistent++;
        }
        if (gone)
        {
            _orders.Remove(reference, ref order);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Delete(ulong reference)
    {
        Messages++;
        DeleteOrder(reference, out _);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Replace(ulong original, ulong replacement, uint shares, long price)
    {
        if (!DeleteOrder(original, out RestingOrder old))
        {
            Messages++;
            return;
        }
        Add(replacement, old.IsBuy, shares, price, old.Locate, default);
    }

    /// <summary>Every resting order, for the state a reload hands over.</summary>
    public IEnumerable<(ulong Reference, RestingOrder Order)> AllOrders() => _orders.All();

    private bool DeleteOrder(ulong reference, out RestingOrder removed)
    {
        ref RestingOrder order = ref _orders.Find(reference);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order))
        {
            UnknownOrders++;
            removed = default;
            return false;
        }
        removed = order;
        if (!_levels.Remove(PriceLevels.Side(BidSide(removed.Locate), removed.IsBuy), removed.Price, removed.Shares, 1))
        {
            Inconsistent++;
        }
        _orders.Remove(reference, ref order);
        return true;
    }
}
