using System.Runtime.InteropServices;

namespace HftHost.Audit;

/// <summary>
/// A bounded queue of <see cref="PendingRecord"/>s, many producers, one consumer (the
/// writer thread): a preallocated ring with a sequence number per slot (Dmitry Vyukov's
/// bounded MPMC queue). Enqueueing takes no lock and allocates nothing; a full queue
/// refuses at once, so no producer ever waits for the disk.
/// </summary>
internal sealed class AuditQueue
{
    private readonly Slot[] _slots;
    private readonly long _mask;
    private Positions _positions;

    public AuditQueue(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a power of two, at least 2");
        }
        _slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _slots[i].Sequence = i;
        }
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>Records waiting (a snapshot).</summary>
    public long Count => Volatile.Read(ref _positions.Enqueue) - Volatile.Read(ref _positions.Dequeue);

    /// <summary>Any thread. False when the queue is full.</summary>
    public bool TryEnqueue(in PendingRecord record)
    {
        long position = Volatile.Read(ref _positions.Enqueue);
        while (true)
        {
            ref Slot slot = ref _slots[position & _mask];
            long diff = Volatile.Read(ref slot.Sequence) - position;
            if (diff == 0)
            {
                long seen = Interlocked.CompareExchange(ref _positions.Enqueue, position + 1, position);
                if (seen == position)
                {
                    slot.Record = record;
                    // Release: the consumer that sees the new sequence sees the record.
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }
                position = seen;
            }
            else if (diff < 0)
            {
                return false; // the slot still holds a record a lap behind: full
            }
            else
            {
                position = Volatile.Read(ref _positions.Enqueue); // another producer took it
            }
        }
    }

    /// <summary>The writer thread only.</summary>
    public bool TryDequeue(out PendingRecord record)
    {
        long position = _positions.Dequeue;
        ref Slot slot = ref _slots[position & _mask];
        // Acquire: pairs with the producer's release of the sequence.
        if (Volatile.Read(ref slot.Sequence) != position + 1)
        {
            record = default;
            return false;
        }
        record = slot.Record;
        slot.Record = default; // do not keep the strings alive for a lap
        Volatile.Write(ref slot.Sequence, position + _mask + 1);
        Volatile.Write(ref _positions.Dequeue, position + 1);
        return true;
    }

    private struct Slot
    {
        public long Sequence;
        public PendingRecord Record;
    }

    // Producers hammer Enqueue, the writer Dequeue: separate cache lines.
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct Positions
    {
        [FieldOffset(64)]
        public long Enqueue;

        [FieldOffset(128)]
        public long Dequeue;
    }
}
