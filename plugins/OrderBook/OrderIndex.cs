using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// The resting orders of one venue by reference number. Exchanges number orders in sequence
/// (ITCH: unique, increasing through the day), and most messages are about recent orders, so
/// the index is a window over the recent references: set-associative, each set one cache line
/// of <see cref="Ways"/> orders, the set named by the reference's low bits (consecutive
/// references in consecutive sets, no hashing). A lookup loads one line and compares its four
/// references at once; an order takes a free way of its set, and a delete just empties the
/// way. Only when all four ways hold live orders does the oldest of them move to an overflow
/// <see cref="OrderTable"/>, which is consulted only for references that may be there (at most
/// the largest reference it ever took). References beyond <see cref="RestingOrder.MaxReference"/>
/// (no exchange's yet) live in a dictionary, looked at only for such references.
/// <para>
/// Why four ways: with one (a direct-mapped window, before) an order moved out when the one
/// later reference that shared its slot arrived while it still rested: 830,000 of the 4.4
/// million orders of the generated benchmark feed, each a hash insert, then a window miss and
/// a probe per message about it. Four ways in the same memory move 116,711, and the hosted
/// market-data benchmark runs at 0.952, 0.963 and 0.961 of the direct-mapped window's time
/// (12 runs taking turns, README "Market data").
/// </para>
/// Pre-sized from the settings; after warm-up only the overflow's doubling (and the dictionary,
/// if a reference ever needs it) allocates.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed unsafe class OrderIndex
{
    /// <summary>Orders per set: a 64-byte line of 16-byte orders.</summary>
    public const int Ways = 4;

    // The sets, on the pinned heap, set 0 on a line boundary (_store keeps them alive).
    private readonly RestingOrder[] _store;
    private readonly RestingOrder* _sets;
    private readonly int _setMask;
    private readonly int _slots; // ways in all sets
    private readonly OrderTable _overflow;
    private ulong _overflowMaxReference;
    private Dictionary<ulong, RestingOrder>? _wide;

    /// <param name="capacity">Orders expected to rest at once; the window has twice as many ways in all (a power of two, at least 16).</param>
    public OrderIndex(int capacity)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size *= 2;
        }
        _sets = PinnedMemory.LineAligned(size, out _store);
        _setMask = size / Ways - 1;
        _slots = size;
        _overflow = new OrderTable(Math.Max(capacity / 16, 16));
    }

    /// <summary>Orders resting now.</summary>
    public int Count { get; private set; }

    /// <summary>Orders that live in the overflow table now (old orders displaced from the window).</summary>
    public int Displaced => _overflow.Count;

    /// <summary>
    /// Orders moved from the window to the overflow table since the start: each costs a hash
    /// table insert, and every later message about it a look in its set, then a probe. Their share
    /// of the adds says whether the window covers the feed's order lifetimes (see
    /// <see cref="OrderBookSettings.OrderCapacity"/>).
    /// </summary>
    public long DisplacedSinceStart { get; private set; }

    /// <summary>Orders whose reference is beyond <see cref="RestingOrder.MaxReference"/>.</summary>
    public int Wide => _wide?.Count ?? 0;

    /// <summary>The order, or a null reference when there is none (always for reference 0, which marks an empty way).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref RestingOrder Find(ulong reference)
    {
        ref RestingOrder set = ref Set(reference);
        uint match = WaysHolding(ref set, reference);
        if (match != 0 && reference != 0)
        {
            return ref Unsafe.Add(ref set, FirstWay(match));
        }
        return ref FindDisplaced(reference);
    }

    /// <summary>Starts loading the set <paramref name="reference"/> would be in (any reference: it only names a line of the window).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong reference)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Set(reference)));
        }
    }

    /// <summary>Adds an order; false when the reference is already on the book, or is 0 (no exchange uses it; it marks an empty way).</summary>
    /// <param name="reference">The order's reference number.</param>
    /// <param name="order">Price, shares, side and locate (its <see cref="RestingOrder.Reference"/> is set here).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(ulong reference, RestingOrder order)
    {
        // Inlined for the common add: a reference newer than every displaced order (so not in
        // the overflow), not in its set, and a free way there. The rest is out of line.
        ref RestingOrder set = ref Set(reference);
        uint free = WaysHolding(ref set, 0);
        if (free != 0 && reference - 1 < RestingOrder.MaxReference && reference > _overflowMaxReference && WaysHolding(ref set, reference) == 0)
        {
            order.Reference = reference;
            Unsafe.Add(ref set, FirstWay(free)) = order;
            Count++;
            return true;
        }
        return AddBeyondFreeWay(reference, order);
    }

    /// <summary>Removes the order <see cref="Find"/> returned a reference to for <paramref name="reference"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Remove(ulong reference, ref RestingOrder order)
    {
        // In the window (one unsigned compare of its byte offset): the way is emptied.
        if ((nuint)Unsafe.ByteOffset(ref Set(0), ref order) < (nuint)_slots * (nuint)Unsafe.SizeOf<RestingOrder>())
        {
            order = default;
            Count--;
            return;
        }
        RemoveDisplaced(reference, ref order);
    }

    private void RemoveDisplaced(ulong reference, ref RestingOrder order)
    {
        if (reference > RestingOrder.MaxReference)
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
        for (int i = 0; i < _slots; i++)
        {
            RestingOrder order = Unsafe.Add(ref Set(0), i);
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

    // The set (first way) of a reference: its low bits, so consecutive references fill consecutive sets.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref RestingOrder Set(ulong reference) =>
        ref _sets[((int)reference & _setMask) * Ways];

    /// <summary>
    /// Bit 2·w set when way w of <paramref name="set"/> holds <paramref name="reference"/> (0:
    /// the free ways): the line's four reference words compared at once, no branch on which way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint WaysHolding(ref RestingOrder set, ulong reference)
    {
        // An order is two words, the reference (with side and locate) first: compare every
        // word masked to the reference bits and keep the even words' results (0x55).
        ref ulong words = ref Unsafe.As<RestingOrder, ulong>(ref set);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<ulong> masked = Vector512.LoadUnsafe(ref words) & Vector512.Create(RestingOrder.MaxReference);
            return (uint)Vector512.Equals(masked, Vector512.Create(reference)).ExtractMostSignificantBits() & 0x55;
        }
        Vector256<ulong> mask = Vector256.Create(RestingOrder.MaxReference);
        Vector256<ulong> probe = Vector256.Create(reference);
        uint low = Vector256.Equals(Vector256.LoadUnsafe(ref words) & mask, probe).ExtractMostSignificantBits() & 0x5;
        uint high = Vector256.Equals(Vector256.LoadUnsafe(ref words, 4) & mask, probe).ExtractMostSignificantBits() & 0x5;
        return low | (high << 4);
    }

    // The way of the lowest bit WaysHolding set.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstWay(uint bits) => BitOperations.TrailingZeroCount(bits) >> 1;

    // All four ways rest live orders: the oldest (lowest reference, the least likely to be
    // named next) moves to the overflow table and its way is the new order's.
    private int MoveOldestAside(ref RestingOrder set)
    {
        int oldest = 0;
        for (int way = 1; way < Ways; way++)
        {
            oldest = Unsafe.Add(ref set, way).Reference < Unsafe.Add(ref set, oldest).Reference ? way : oldest;
        }
        ref RestingOrder moved = ref Unsafe.Add(ref set, oldest);
        _overflow.Add(moved);
        _overflowMaxReference = Math.Max(_overflowMaxReference, moved.Reference);
        DisplacedSinceStart++;
        return oldest;
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

    // An add that may be a duplicate of a displaced order, fills a set, or has a reference
    // kept apart (0 or beyond the window's bits).
    private bool AddBeyondFreeWay(ulong reference, RestingOrder order)
    {
        if (reference > RestingOrder.MaxReference)
        {
            return AddWide(reference, order);
        }
        order.Reference = reference;
        ref RestingOrder set = ref Set(reference);
        if (WaysHolding(ref set, reference) != 0 || reference == 0 || !Unsafe.IsNullRef(ref FindDisplaced(reference)))
        {
            return false;
        }
        uint free = WaysHolding(ref set, 0);
        int way = free != 0 ? FirstWay(free) : MoveOldestAside(ref set);
        Unsafe.Add(ref set, way) = order;
        Count++;
        return true;
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
