namespace HftHost.Plugins.OrderBook;

/// <summary>
/// The price levels of one side, kept sorted with the best price LAST (bids ascending, asks
/// descending): most activity is near the top of the book, so inserting or removing a level
/// there moves few entries. Grows by doubling (rare); no allocation otherwise.
/// </summary>
internal sealed class BookSide(bool bids, int capacity)
{
    private PriceLevel[] _levels = new PriceLevel[Math.Max(capacity, 1)];
    private int _count;

    public int Count => _count;

    /// <summary>Adds shares (and, for a new order, one order) at <paramref name="price"/>.</summary>
    public void Add(long price, long shares, int orders)
    {
        int index = Find(price);
        if (index >= 0)
        {
            PriceLevel level = _levels[index];
            _levels[index] = level with { Shares = level.Shares + shares, Orders = level.Orders + orders };
            return;
        }
        index = ~index;
        if (_count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }
        Array.Copy(_levels, index, _levels, index + 1, _count - index);
        _levels[index] = new PriceLevel(price, shares, orders);
        _count++;
    }

    /// <summary>Takes shares (and, when an order leaves, one order) from <paramref name="price"/>; an empty level goes.</summary>
    /// <returns>False when there is no such level (the book is inconsistent with the feed).</returns>
    public bool Remove(long price, long shares, int orders)
    {
        int index = Find(price);
        if (index < 0)
        {
            return false;
        }
        PriceLevel level = _levels[index];
        level = level with { Shares = level.Shares - shares, Orders = level.Orders - orders };
        if (level.Orders <= 0 || level.Shares <= 0)
        {
            Array.Copy(_levels, index + 1, _levels, index, _count - index - 1);
            _count--;
        }
        else
        {
            _levels[index] = level;
        }
        return true;
    }

    /// <summary>The best level, if any.</summary>
    public bool TryBest(out PriceLevel best)
    {
        best = _count == 0 ? default : _levels[_count - 1];
        return _count != 0;
    }

    /// <summary>The <paramref name="depth"/> best levels, best first.</summary>
    public IEnumerable<PriceLevel> Depth(int depth)
    {
        for (int i = _count - 1; i >= 0 && i >= _count - depth; i--)
        {
            yield return _levels[i];
        }
    }

    public void Clear() => _count = 0;

    // The index of the level, or the complement of where it would be inserted. A scan from
    // the best price down, not a binary search: orders and executions crowd the top of the
    // book, so the scan usually stops within a few levels, and its branches are predictable
    // where a binary search's are not (measured with bench/market_data.sh).
    private int Find(long price)
    {
        long key = bids ? price : -price; // ascending sort key either way; the best is last
        int i = _count - 1;
        while (i >= 0)
        {
            long probe = bids ? _levels[i].Price : -_levels[i].Price;
            if (probe <= key)
            {
                return probe == key ? i : ~(i + 1);
            }
            i--;
        }
        return ~0;
    }
}
