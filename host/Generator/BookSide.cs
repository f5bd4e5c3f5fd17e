using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// One side of a venue's book for one symbol: price levels sorted by key, best last, so
/// the orders that come and go near the touch move few levels. A generated book stays a
/// few dozen levels deep, where a sorted array beats any tree and allocates only to grow.
/// Threading: one thread.
/// </summary>
internal sealed class BookSide
{
    private readonly bool _isBid;
    private PriceLevel[] _levels = new PriceLevel[8];
    private int _count;

    public BookSide(Side side) => _isBid = side == Side.Buy;

    public bool IsEmpty => _count == 0;

    public int LevelCount => _count;

    /// <summary>Best price in ticks; only when not empty.</summary>
    public int BestPriceTicks => PriceOf(_levels[_count - 1].Key);

    /// <summary>The level <paramref name="depth"/> places from the best (0 = best).</summary>
    public ref PriceLevel Level(int depth) => ref _levels[_count - 1 - depth];

    public int PriceOf(int key) => _isBid ? key : -key;

    /// <summary>True when an order on this side at <paramref name="priceTicks"/> would trade
    /// with <paramref name="opposite"/>'s best price.</summary>
    public bool Crosses(int priceTicks, BookSide opposite) =>
        !opposite.IsEmpty && (_isBid ? priceTicks >= opposite.BestPriceTicks : priceTicks <= opposite.BestPriceTicks);

    /// <summary>Queues the order at the back of its price level.</summary>
    public void Append(OrderPool pool, int slot)
    {
        ref RestingOrder order = ref pool[slot];
        int key = _isBid ? order.PriceTicks : -order.PriceTicks;
        int index = Find(key);
        if (index < 0)
        {
            index = ~index;
            if (_count == _levels.Length)
            {
                Array.Resize(ref _levels, _levels.Length * 2);
            }
            Array.Copy(_levels, index, _levels, index + 1, _count - index);
            _levels[index] = new PriceLevel { Key = key, Head = -1, Tail = -1 };
            _count++;
        }
        ref PriceLevel level = ref _levels[index];
        order.Prev = level.Tail;
        order.Next = -1;
        if (level.Tail >= 0)
        {
            pool[level.Tail].Next = slot;
        }
        else
        {
            level.Head = slot;
        }
        level.Tail = slot;
        level.Shares += order.Shares;
        level.Orders++;
    }

    /// <summary>Takes the order (with all its shares) out of its level.</summary>
    public void Remove(OrderPool pool, int slot)
    {
        ref RestingOrder order = ref pool[slot];
        int index = Find(_isBid ? order.PriceTicks : -order.PriceTicks);
        ref PriceLevel level = ref _levels[index];
        if (order.Prev >= 0)
        {
            pool[order.Prev].Next = order.Next;
        }
        else
        {
            level.Head = order.Next;
        }
        if (order.Next >= 0)
        {
            pool[order.Next].Prev = order.Prev;
        }
        else
        {
            level.Tail = order.Prev;
        }
        level.Shares -= order.Shares;
        if (--level.Orders == 0)
        {
            _count--;
            Array.Copy(_levels, index + 1, _levels, index, _count - index);
        }
    }

    /// <summary>Shares left the level without the order leaving it (partial execution or cancel).</summary>
    public void Reduce(int priceTicks, int shares) => _levels[Find(_isBid ? priceTicks : -priceTicks)].Shares -= shares;

    // Binary search; the complement of the insertion point when absent.
    private int Find(int key)
    {
        int lo = 0;
        int hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int k = _levels[mid].Key;
            if (k == key)
            {
                return mid;
            }
            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return ~lo;
    }
}
