using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Every order and instrument book of one venue (one MoldUDP64 session). A message about an
/// order the book does not hold (joined mid-session, or after a gap) is counted, not thrown.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed class VenueBook(MoldSession session, int orderCapacity, int levelCapacity)
{
    private readonly OrderIndex _orders = new(orderCapacity);
    private readonly InstrumentBook?[] _instruments = new InstrumentBook?[ushort.MaxValue + 1];

    public MoldSession Session { get; } = session;

    public long Messages;
    public long UnknownOrders;
    public long DuplicateOrders;
    public long Inconsistent; // a level missing for an order the table holds: a bug, counted to be seen

    public int Orders => _orders.Count;

    public int DisplacedOrders => _orders.Displaced;

    public IEnumerable<InstrumentBook> Instruments => _instruments.Where(i => i is not null)!;

    /// <summary>The book of <paramref name="locate"/>, created on its first message (the only allocation, once per instrument).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public InstrumentBook Instrument(ushort locate) => _instruments[locate] ?? AddInstrument(locate);

    private InstrumentBook AddInstrument(ushort locate) => _instruments[locate] = new InstrumentBook(locate, levelCapacity);

    public InstrumentBook? Find(StockSymbol symbol) => _instruments.FirstOrDefault(i => i is not null && i.Symbol == symbol);

    public void Directory(ushort locate, StockSymbol symbol)
    {
        Messages++;
        Instrument(locate).Symbol = symbol;
    }

    public void Add(ulong reference, bool isBuy, uint shares, long price, ushort locate, StockSymbol stock)
    {
        Messages++;
        InstrumentBook book = Instrument(locate);
        if (book.Symbol == default)
        {
            book.Symbol = stock;
        }
        if (!_orders.Add(new RestingOrder { Reference = reference, Price = price, Shares = shares, Locate = locate, IsBuy = isBuy }))
        {
            DuplicateOrders++;
            return;
        }
        book.Side(isBuy).Add(price, shares, 1);
    }

    /// <summary>An execution or a cancel: <paramref name="shares"/> leave the order; an order with none left leaves the book.</summary>
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
        if (!Instrument(order.Locate).Side(order.IsBuy).Remove(order.Price, taken, gone ? 1 : 0))
        {
            Inconsistent++;
        }
        if (gone)
        {
            _orders.Remove(ref order);
        }
    }

    public void Delete(ulong reference)
    {
        Messages++;
        DeleteOrder(reference, out _);
    }

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
    public IEnumerable<RestingOrder> AllOrders() => _orders.All();

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
        if (!Instrument(removed.Locate).Side(removed.IsBuy).Remove(removed.Price, removed.Shares, 1))
        {
            Inconsistent++;
        }
        _orders.Remove(ref order);
        return true;
    }
}
