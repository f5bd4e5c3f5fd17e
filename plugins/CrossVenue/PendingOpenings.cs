namespace HftHost.Plugins.CrossVenue;

/// <summary>
/// Dislocations waiting to have lasted the minimum duration, oldest first (a ring that doubles
/// when full, which only a burst of more simultaneous dislocations than ever before causes).
/// An entry whose dislocation closed meanwhile is skipped when it comes up: its id no longer
/// matches the symbol's open one.
/// </summary>
internal sealed class PendingOpenings(int capacity)
{
    private (SymbolMarket Market, long Id, long Start)[] _entries = new (SymbolMarket, long, long)[Math.Max(capacity, 16)];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(SymbolMarket market, long id, long start)
    {
        if (Count == _entries.Length)
        {
            var grown = new (SymbolMarket, long, long)[_entries.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                grown[i] = _entries[(_head + i) % _entries.Length];
            }
            _entries = grown;
            _head = 0;
        }
        _entries[(_head + Count) % _entries.Length] = (market, id, start);
        Count++;
    }

    /// <summary>The oldest entry's start time; only when <see cref="Count"/> is not 0.</summary>
    public long OldestStart => _entries[_head].Start;

    public (SymbolMarket Market, long Id) Dequeue()
    {
        (SymbolMarket market, long id, _) = _entries[_head];
        _entries[_head] = default;
        _head = (_head + 1) % _entries.Length;
        Count--;
        return (market, id);
    }
}
