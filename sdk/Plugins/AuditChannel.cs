namespace HftHost.Sdk;

/// <summary>
/// Where a plugin records actions that belong in the host's audit trail (a filter rule that
/// dropped a frame, say). <see cref="TryRecord"/> copies the record into a bounded ring of
/// fixed-size slots allocated up front, so it never allocates, never blocks and never waits
/// for the disk; the host drains the ring from its own thread into the audit trail. When the
/// ring is full the record is not kept: <see cref="Dropped"/> counts it.
/// Threading: one producer, the instance's poll thread (<see cref="TryRecord"/>); one
/// consumer, the host's audit thread (draining); the counters may be read from any thread.
/// </summary>
public sealed class AuditChannel
{
    /// <summary>Characters of detail kept per record; a longer detail is cut (and marked).</summary>
    public const int MaxDetailLength = 240;

    private readonly TimeProvider _clock;
    private readonly long[] _timestamps;
    private readonly string[] _categories;
    private readonly char[] _details;
    private readonly int[] _lengths; // negative: cut to MaxDetailLength
    private readonly int _mask;
    private long _head;    // next slot the producer writes; published with a release store
    private long _tail;    // next slot the consumer reads; published with a release store
    private long _dropped;

    /// <summary>Creates a channel of <paramref name="capacity"/> records (rounded up to a power of two).</summary>
    internal AuditChannel(string pluginName, int queue, TimeProvider clock, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        PluginName = pluginName;
        Queue = queue;
        _clock = clock;
        int slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _mask = slots - 1;
        _timestamps = new long[slots];
        _categories = new string[slots];
        _details = new char[slots * MaxDetailLength];
        _lengths = new int[slots];
    }

    /// <summary>The plugin whose records these are.</summary>
    public string PluginName { get; }

    /// <summary>The queue of the instance that writes here.</summary>
    public int Queue { get; }

    /// <summary>Records the channel holds at most before <see cref="TryRecord"/> refuses.</summary>
    public int Capacity => _mask + 1;

    /// <summary>Records refused because the ring was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Records written and not drained yet.</summary>
    public int Pending => (int)(Volatile.Read(ref _head) - Volatile.Read(ref _tail));

    /// <summary>
    /// Copies a record into the ring with the current time. Allocates nothing. Call only from
    /// the instance's poll thread.
    /// </summary>
    /// <param name="category">What kind of record ("filter"); keep it a constant: the reference is kept, not copied.</param>
    /// <param name="detail">What happened; more than <see cref="MaxDetailLength"/> characters are cut.</param>
    /// <returns>False when the ring was full (the record is counted in <see cref="Dropped"/>).</returns>
    public bool TryRecord(string category, ReadOnlySpan<char> detail)
    {
        ArgumentNullException.ThrowIfNull(category);
        long head = _head;
        // Acquire: the consumer has finished reading every slot before its published tail.
        if (head - Volatile.Read(ref _tail) > _mask)
        {
            _dropped++;
            return false;
        }
        int slot = (int)head & _mask;
        int length = Math.Min(detail.Length, MaxDetailLength);
        detail[..length].CopyTo(_details.AsSpan(slot * MaxDetailLength, MaxDetailLength));
        _lengths[slot] = detail.Length > MaxDetailLength ? -length : length;
        _categories[slot] = category;
        _timestamps[slot] = _clock.GetUtcNow().UtcTicks;
        // Release: the slot's contents are visible before the consumer sees the new head.
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>
    /// Hands every record written so far, oldest first, to <paramref name="sink"/> and frees
    /// their slots. For the host's audit thread (the single consumer).
    /// </summary>
    /// <returns>The number of records drained.</returns>
    internal int Drain(Action<AuditEntry> sink)
    {
        int drained = 0;
        while (TryDrain(out AuditEntry entry))
        {
            sink(entry);
            drained++;
        }
        return drained;
    }

    /// <summary>Takes the oldest record, if any. For the host's audit thread (the single consumer).</summary>
    internal bool TryDrain(out AuditEntry entry)
    {
        long tail = _tail;
        // Acquire: the producer wrote the slot before it published the head.
        if (tail == Volatile.Read(ref _head))
        {
            entry = default;
            return false;
        }
        int slot = (int)tail & _mask;
        int length = _lengths[slot];
        entry = new AuditEntry(
            new DateTimeOffset(_timestamps[slot], TimeSpan.Zero), PluginName, Queue, _categories[slot],
            new string(_details, slot * MaxDetailLength, Math.Abs(length)), length < 0);
        _categories[slot] = null!; // the category string belongs to the plugin: do not keep it alive
        // Release: done with the slot before the producer may reuse it.
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }
}
