using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Orders by reference number in a hash table: open addressing with linear probing, a
/// scrambling hash, entries stored inline, deletion by backward shift (no tombstones, so
/// lookups stay short however many orders come and go). It doubles when half full, the
/// only allocation after warm-up. <see cref="OrderIndex"/> keeps here the few old orders its
/// window cannot hold (a set full of live orders moves its oldest here).
/// </summary>
internal sealed class OrderTable
{
    private RestingOrder[] _slots;
    private int _mask;
    private int _shift;

    public OrderTable(int capacity)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size *= 2;
        }
        _slots = new RestingOrder[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    public int Count { get; private set; }

    /// <summary>The order, or a null reference when there is none (always for reference 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref RestingOrder Find(ulong reference)
    {
        RestingOrder[] slots = _slots;
        int slot = Slot(reference);
        while (true)
        {
            ref RestingOrder entry = ref slots[slot];
            if (entry.Reference == 0) // first: reference 0 (never a real order) finds nothing
            {
                return ref Unsafe.NullRef<RestingOrder>();
            }
            if (entry.Reference == reference)
            {
                return ref entry;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Adds an order; false when the reference is already on the book.</summary>
    public bool Add(in RestingOrder order)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }
        int slot = Slot(order.Reference);
        while (_slots[slot].Reference != 0)
        {
            if (_slots[slot].Reference == order.Reference)
            {
                return false;
            }
            slot = (slot + 1) & _mask;
        }
        _slots[slot] = order;
        Count++;
        return true;
    }

    /// <summary>Removes the order with <paramref name="reference"/> (which must be present).</summary>
    public void Remove(ulong reference)
    {
        int slot = Slot(reference);
        while (_slots[slot].Reference != reference)
        {
            slot = (slot + 1) & _mask;
        }
        RemoveAt(slot);
    }

    /// <summary>
    /// Removes the order that <see cref="Find"/> returned a reference to, without probing for
    /// it again: the slot is found from the reference's position in the array.
    /// </summary>
    public void Remove(ref RestingOrder order) =>
        RemoveAt((int)(Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_slots), ref order) / Unsafe.SizeOf<RestingOrder>()));

    private void RemoveAt(int slot)
    {
        // Backward shift: pull later entries of the probe run into the hole when their home
        // slot is not between the hole and where they are.
        int hole = slot;
        int next = (hole + 1) & _mask;
        while (_slots[next].Reference != 0)
        {
            int home = Slot(_slots[next].Reference);
            if (((next - home) & _mask) >= ((next - hole) & _mask))
            {
                _slots[hole] = _slots[next];
                hole = next;
            }
            next = (next + 1) & _mask;
        }
        _slots[hole] = default;
        Count--;
    }

    /// <summary>Every order (any order), for state export.</summary>
    public IEnumerable<RestingOrder> All()
    {
        foreach (RestingOrder order in _slots)
        {
            if (order.Reference != 0)
            {
                yield return order;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong reference) => (int)((reference * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        RestingOrder[] old = _slots;
        _slots = new RestingOrder[old.Length * 2];
        _mask = _slots.Length - 1;
        _shift--;
        Count = 0;
        foreach (RestingOrder order in old)
        {
            if (order.Reference != 0)
            {
                Add(order);
            }
        }
    }
}
