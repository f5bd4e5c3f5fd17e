using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// The resting orders of one venue by reference number. Exchanges number orders in sequence
/// (ITCH: unique, increasing through the day), and most messages are about recent orders, so
/// the index is a direct-mapped window: an order lives in the slot its reference's low bits
/// name, recent orders in neighbouring slots (shared cache lines, one probe, no hashing, and
/// a delete just empties the slot). An old order still resting when a new reference maps to
/// its slot moves to an overflow <see cref="OrderTable"/>, which is consulted only for
/// references that may be there (at most the largest reference it ever took). References
/// beyond <see cref="RestingOrder.MaxReference"/> (no exchange's yet) live in a dictionary,
/// looked at only for such references.
/// Pre-sized from the settings; after warm-up only the overflow's doubling (and the dictionary,
/// if a reference ever needs it) allocates.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed class OrderIndex
{
    private readonly RestingOrder[] _window;
    private readonly int _mask;
    private readonly OrderTable _overflow;
    private ulong _overflowMaxReference;
    private Dictionary<ulong, RestingOrder>? _wide;

    /// <param name="capacity">Orders expected to rest at once; the window has twice as many slots (a power of two).</param>
    public OrderIndex(int capacity)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size *= 2;
        }
        _window = new RestingOrder[size];
        _mask = size - 1;
        _overflow = new OrderTable(Math.Max(capacity / 16, 16));
    }

    public int Count { get; private set; }

    /// <summary>Orders that live in the overflow table now (old orders displaced from the window).</summary>
    public int Displaced => _overflow.Count;

    /// <summary>
    /// Orders moved from the window to the overflow table since the start: each costs a hash
    /// table insert, and every later message about it a window miss and a probe. Their share
    /// of the adds says whether the window covers the feed's order lifetimes (see
    /// <see cref="OrderBookSettings.OrderCapacity"/>).
    /// </summary>
    public long DisplacedSinceStart { get; private set; }

    /// <summary>Orders whose reference is beyond <see cref="RestingOrder.MaxReference"/>.</summary>
    public int Wide => _wide?.Count ?? 0;

    /// <summary>The order, or a null reference when there is none (always for reference 0, which marks an empty slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref RestingOrder Find(ulong reference)
    {
        ref RestingOrder slot = ref _window[(int)reference & _mask];
        if (slot.Reference == reference && reference != 0)
        {
            return ref slot;
        }
        return ref FindDisplaced(reference);
    }

    /// <summary>Adds an order; false when the reference is already on the book, or is 0 (no exchange uses it; it marks an empty slot).</summary>
    /// <param name="reference">The order's reference number.</param>
    /// <param name="order">Price, shares, side and locate (its <see cref="RestingOrder.Reference"/> is set here).</param>
    public bool Add(ulong reference, RestingOrder order)
    {
        if (reference > RestingOrder.MaxReference)
        {
            return AddWide(reference, order);
        }
        order.Reference = reference;
        ref RestingOrder slot = ref _window[(int)reference & _mask];
        if (slot.Reference == reference || reference == 0 || !Unsafe.IsNullRef(ref FindDisplaced(reference)))
        {
            return false;
        }
        if (slot.Reference != 0)
        {
            // An older order still rests where the new one belongs: it moves aside, so
            // the slot holds the order messages are most likely to be about.
            _overflow.Add(slot);
            _overflowMaxReference = Math.Max(_overflowMaxReference, slot.Reference);
            DisplacedSinceStart++;
        }
        slot = order;
        Count++;
        return true;
    }

    /// <summary>Removes the order <see cref="Find"/> returned a reference to for <paramref name="reference"/>.</summary>
    public void Remove(ulong reference, ref RestingOrder order)
    {
        ref RestingOrder first = ref MemoryMarshal.GetArrayDataReference(_window);
        if (!Unsafe.IsAddressGreaterThan(ref first, ref order) &&
            Unsafe.IsAddressLessThan(ref order, ref Unsafe.Add(ref first, _window.Length)))
        {
            order = default;
        }
        else if (reference > RestingOrder.MaxReference)
        {
            _wide!.Remove(reference);
        }
        else
        {
            _overflow.Remove(ref order);
        }
        Count--;
    }

    /// <summary>Every order with its reference (any order), for state export.</summary>
    public IEnumerable<(ulong Reference, RestingOrder Order)> All()
    {
        foreach (RestingOrder order in _window)
        {
            if (order.Reference != 0)
            {
                yield return (order.Reference, order);
            }
        }
        foreach (RestingOrder order in _overflow.All())
        {
            yield return (order.Reference, order);
        }
        foreach ((ulong reference, RestingOrder order) in _wide ?? [])
        {
            yield return (reference, order);
        }
    }

    private ref RestingOrder FindDisplaced(ulong reference)
    {
        if (reference <= _overflowMaxReference && _overflow.Count != 0)
        {
            return ref _overflow.Find(reference);
        }
        return ref reference > RestingOrder.MaxReference && _wide is not null
            ? ref CollectionsMarshal.GetValueRefOrNullRef(_wide, reference)
            : ref Unsafe.NullRef<RestingOrder>();
    }

    private bool AddWide(ulong reference, RestingOrder order)
    {
        _wide ??= [];
        if (!_wide.TryAdd(reference, order))
        {
            return false;
        }
        Count++;
        return true;
    }
}
