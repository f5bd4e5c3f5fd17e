using System.Runtime.CompilerServices;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Price levels of one side kept sorted with the best price LAST: the levels of a side beyond
/// the best sixteen that <see cref="PriceLevels"/> keeps in its block (deep books only). The
/// best of them moves up when a block slot frees, and a level pushed out of the block arrives
/// as the new best, so both ends of the work are at the end of the array. Both sides store an
/// ascending sort key (a bid's price, an ask's price negated), so one loop without a per-step
/// side test serves both. Grows by doubling (rare); no allocation otherwise.
/// </summary>
internal sealed class BookSide(bool bids, int capacity)
{
    private struct Level
    {
        public long Key; // bids: price; asks: −price. Ascending, best last.
        public long Shares;
        public int Orders;
    }

    private Level[] _levels = new Level[Math.Max(capacity, 1)];
    private int _count;

    public int Count => _count;

    /// <summary>Adds shares (and, for a new order, one order) at <paramref name="price"/>.</summary>
    public void Add(long price, long shares, int orders)
    {
        long key = bids ? price : -price;
        Level[] levels = _levels;
        int i = _count - 1;
        // From the best down to the first level at or below the key.
        while (i >= 0 && levels[i].Key > key)
        {
            i--;
        }
        if (i >= 0 && levels[i].Key == key)
        {
            levels[i].Shares += shares;
            levels[i].Orders += orders;
            return;
        }
        Insert(i + 1, new Level { Key = key, Shares = shares, Orders = orders });
    }

    /// <summary>Takes shares (and, when an order leaves, one order) from <paramref name="price"/>; an empty level goes.</summary>
    /// <returns>False when there is no such level (the book is inconsistent with the feed).</returns>
    public bool Remove(long price, long shares, int orders)
    {
        long key = bids ? price : -price;
        Level[] levels = _levels;
        int i = _count - 1;
        while (i >= 0 && levels[i].Key > key)
        {
            i--;
        }
        if (i < 0 || levels[i].Key != key)
        {
            return false;
        }
        ref Level level = ref levels[i];
        level.Shares -= shares;
        level.Orders -= orders;
        if (level.Orders <= 0 || level.Shares <= 0)
        {
            // Close the gap: the levels above it (better prices) move down one. Usually
            // none or a few, so a plain loop beats a call to Array.Copy.
            int last = --_count;
            for (int j = i; j < last; j++)
            {
                levels[j] = levels[j + 1];
            }
        }
        return true;
    }

    /// <summary>The best level, if any.</summary>
    public bool TryBest(out PriceLevel best)
    {
        best = _count == 0 ? default : Public(_levels[_count - 1]);
        return _count != 0;
    }

    /// <summary>The <paramref name="depth"/> best levels, best first.</summary>
    public IEnumerable<PriceLevel> Depth(int depth)
    {
        for (int i = _count - 1; i >= 0 && i >= _count - depth; i--)
        {
            yield return Public(_levels[i]);
        }
    }

    private PriceLevel Public(in Level level) => new(bids ? level.Key : -level.Key, level.Shares, level.Orders);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Insert(int index, Level level)
    {
        if (_count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }
        Level[] levels = _levels;
        for (int j = _count; j > index; j--)
        {
            levels[j] = levels[j - 1];
        }
        levels[index] = level;
        _count++;
    }
}
