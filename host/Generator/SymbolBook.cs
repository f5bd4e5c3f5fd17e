using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// A venue's book for one symbol: both sides and the list of live orders, from which the
/// model picks the order a cancel, delete or replace acts on.
/// Threading: one thread.
/// </summary>
internal sealed class SymbolBook
{
    private int[] _live = new int[16];

    public SymbolBook(ushort locate) => Locate = locate;

    public ushort Locate { get; }

    public BookSide Bids { get; } = new(Side.Buy);

    public BookSide Asks { get; } = new(Side.Sell);

    public int LiveCount { get; private set; }

    public BookSide SideOf(Side side) => side == Side.Buy ? Bids : Asks;

    public BookSide OppositeOf(Side side) => side == Side.Buy ? Asks : Bids;

    public int LiveAt(int index) => _live[index];

    /// <summary>Puts a new order on the book: at the back of its level and in the live list.</summary>
    public void Add(OrderPool pool, int slot)
    {
        if (LiveCount == _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }
        pool[slot].LiveIndex = LiveCount;
        _live[LiveCount++] = slot;
        SideOf(pool[slot].Side).Append(pool, slot);
    }

    /// <summary>Takes an order off the book and gives its slot back to the pool.</summary>
    public void Remove(OrderPool pool, int slot)
    {
        ref RestingOrder order = ref pool[slot];
        SideOf(order.Side).Remove(pool, slot);
        int last = _live[--LiveCount];
        _live[order.LiveIndex] = last;
        pool[last].LiveIndex = order.LiveIndex;
        pool.Release(slot);
    }
}
