namespace HftHost.Generator;

/// <summary>
/// Every resting order of the feed in one growable array of structs with a free list: an
/// order costs no allocation once the pool has grown to the feed's depth.
/// A ref from the indexer is valid only until the next <see cref="Allocate"/>.
/// Threading: one thread.
/// </summary>
internal sealed class OrderPool
{
    private RestingOrder[] _orders = new RestingOrder[4096];
    private int _used;
    private int _free = -1;

    public ref RestingOrder this[int slot] => ref _orders[slot];

    public int Allocate()
    {
        int slot;
        if (_free >= 0)
        {
            slot = _free;
            _free = _orders[slot].Next;
        }
        else
        {
            if (_used == _orders.Length)
            {
                Array.Resize(ref _orders, _orders.Length * 2);
            }
            slot = _used++;
        }
        return slot;
    }

    public void Release(int slot)
    {
        _orders[slot].Next = _free;
        _free = slot;
    }
}
