using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// The price levels of every instrument side of one venue. Each side owns a block of
/// <see cref="SlotsPerSide"/> slots holding its best levels in no particular order; the
/// levels beyond those wait, sorted, in a <see cref="BookSide"/> made the first time a side
/// needs one. Invariant: a side's deeper levels are all worse than every level in its block,
/// and there are deeper levels only while the block is full (a freed slot takes the best
/// deeper level back), so the best level is always in the block.
/// <para>
/// Why unordered slots: a message finds its level by comparing the block's prices with its
/// price, all sixteen at once in vector registers, and a new or emptied level takes or frees
/// a slot without moving the others. No branch depends on the level being there or emptying (conditional
/// moves pick the slot and the emptied values), where a sorted array branches on "is there a
/// level at this price", "did it empty" and how far to shift, and mispredicted those on most
/// messages: 57 ns per book operation before, 32 after (HftHost.Benchmarks book-only, one
/// venue's generated feed, same machine and hour).
/// </para>
/// <para>
/// Layout, for the cache: a side's sixteen prices (uint, ITCH's Price(4)) fill one 64-byte
/// line, and a slot's shares and order count share 8 bytes, so a message touches two lines of
/// level data, and a side's block takes three lines in all. Both arrays live on the
/// pinned heap, aligned to lines. Price 0 marks a free
/// slot (no order is accepted at price 0). Storage doubles as instruments appear; no
/// allocation per message.
/// </para>
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed unsafe class PriceLevels
{
    public const int SlotsPerSide = 16;
    private const uint Free = 0;

    /// <summary>
    /// A level's shares and orders in 8 bytes, where a long and an int took 16: four venues'
    /// books fit the cache better (hosted market-data benchmark, 10 M messages, the 16-byte
    /// layout's plugins alternating in the same process: 0.960, 0.965, 0.976 and 0.976 of its
    /// ns per message, 87.6 to 84.6 at the median). Shares are ITCH's 32 bits: a
    /// level past 4.29e9 shares (two maximum-size orders at one price, or the whole float of
    /// most listed companies) is held there and counted (<see cref="Saturated"/>); 40/24 bits
    /// packed in one word measured no gain, its masks and shifts cost what the cache saved.
    /// </summary>
    private struct Totals
    {
        public uint Shares;
        public int Orders;

        /// <summary>Stores both (each at least 0); false when shares were above 32 bits and are held at the limit.</summary>
        public bool Set(long shares, int orders)
        {
            Shares = (uint)Math.Min(shares, uint.MaxValue);
            Orders = orders;
            return shares <= uint.MaxValue;
        }
    }

    // By slot (side × SlotsPerSide + i), each store starting on a line boundary, in pinned
    // arrays (kept alive by the *Store fields) reached through the pointers.
    private uint* _keys;
    private Totals* _totals;
    private uint[] _keyStore = [];
    private Totals[] _totalStore = [];

    // By side: its best price (Free when it has no level), kept as levels come and go.
    private uint* _bestKeys;
    private uint[] _bestKeyStore = [];

    private BookSide?[] _deeper = [];
    private int _sides;
    private readonly int _deeperCapacity;

    /// <summary>Times a level's shares in the block went past 32 bits and were held at the limit.</summary>
    public long Saturated;

    /// <param name="instruments">Instruments to size for before the storage first doubles.</param>
    /// <param name="levelsPerSide">Levels per side to size for: beyond <see cref="SlotsPerSide"/>, every side gets its deeper levels' storage up front.</param>
    public PriceLevels(int instruments, int levelsPerSide)
    {
        int sides = 2 * Math.Max(instruments, 1);
        _deeperCapacity = levelsPerSide - SlotsPerSide;
        Resize(sides);
    }

    /// <summary>True for a price a level can have: ITCH's Price(4) range without 0 (a free slot's mark).</summary>
    public static bool IsValidPrice(long price) => (ulong)(price - 1) < uint.MaxValue;

    /// <summary>A new pair of sides (bids, asks) for an instrument: the bid side's number; the ask side is the next.</summary>
    public int AddInstrument()
    {
        if (_sides + 2 > _deeper.Length)
        {
            Resize(_deeper.Length * 2);
        }
        int bids = _sides;
        _sides += 2;
        if (_deeperCapacity > 0)
        {
            _deeper[bids] = new BookSide(bids: true, _deeperCapacity);
            _deeper[bids + 1] = new BookSide(bids: false, _deeperCapacity);
        }
        return bids;
    }

    /// <summary>The side number of an instrument's bids (<paramref name="isBuy"/>) or asks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Side(int instrumentBids, bool isBuy) => instrumentBids + (isBuy ? 0 : 1);

    /// <summary>Adds shares (and, for a new order, one order) at <paramref name="price"/> (see <see cref="IsValidPrice"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int side, long price, long shares, int orders)
    {
        Debug.Assert(IsValidPrice(price));
        uint key = (uint)price;
        int block = side * SlotsPerSide;
        ref uint keys = ref Key(block);
        uint match = Matches(ref keys, key);
        uint free = Matches(ref keys, Free);
        if ((match | free) == 0)
        {
            AddBeyondFullBlock(side, key, shares, orders);
            return;
        }
        // The level's slot if it has one, else the first free slot (whose totals are 0).
        int slot = BitOperations.TrailingZeroCount(match != 0 ? match : free);
        Unsafe.Add(ref keys, slot) = key;
        ref Totals totals = ref Total(block + slot);
        ulong sum = totals.Shares + (ulong)shares;
        if (sum > uint.MaxValue)
        {
            sum = uint.MaxValue;
            Saturated++;
        }
        totals.Shares = (uint)sum;
        totals.Orders += orders;
        ref uint best = ref BestKeyOf(side);
        best = Rank(side, key) > Rank(side, best) ? key : best;
    }

    /// <summary>Takes shares (and, when an order leaves, one order) from <paramref name="price"/>; an emptied level goes.</summary>
    /// <returns>False when there is no such level (the book is inconsistent with the feed).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Remove(int side, long price, long shares, int orders)
    {
        Debug.Assert(IsValidPrice(price)); // a book's orders all have one (else price 0 would find free slots)
        uint key = (uint)price;
        int block = side * SlotsPerSide;
        ref uint keys = ref Key(block);
        uint match = Matches(ref keys, key);
        if (match == 0)
        {
            return RemoveBeyondBlock(side, price, shares, orders);
        }
        int slot = BitOperations.TrailingZeroCount(match);
        // The side's best without this level, should it go: worked out before the level's price
        // is written, since a vector load of the block right after a store into it waits for the
        // store to reach the cache (a narrower store does not forward to a wider load).
        uint bestWithout = BestKey(ref keys, side, exceptSlot: slot);
        ref Totals totals = ref Total(block + slot);
        long sharesLeft = totals.Shares - shares;
        int ordersLeft = totals.Orders - orders;
        bool emptied = (sharesLeft <= 0) | (ordersLeft <= 0);
        Unsafe.Add(ref keys, slot) = emptied ? Free : key;
        totals.Shares = emptied ? 0 : (uint)sharesLeft;
        totals.Orders = emptied ? 0 : ordersLeft;
        if (_deeper[side] is { Count: > 0 } deeper && emptied)
        {
            Refill(side, block + slot, deeper); // worse than every level left in the block
        }
        ref uint best = ref BestKeyOf(side);
        // Worked out on every message and kept by a conditional move when the best level went:
        // a branch on that mispredicted often enough to cost more (hosted 0.982, 0.985).
        best = emptied & (key == best) ? bestWithout : best;
        return true;
    }

    /// <summary>
    /// Starts loading all of an instrument's level data into the cache: both sides' prices (two
    /// adjacent lines) and totals (four), for a message whose side and price are not known until
    /// its order is read. Called a message ahead (VenueBook.Prefetch), so the misses overlap the
    /// message before. The totals too: the level's totals load was the Delete path's largest stall
    /// in a profile, and loading them measured 0.984 and 0.968 of the time without (hosted
    /// market-data benchmark, 30 runs taking turns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int instrumentBids)
    {
        if (Sse.IsSupported)
        {
            // Pinned: never moves. Each store is line-aligned, and a side's block is 1 line of
            // prices (16 × 4 bytes) and 2 of totals (16 × 8), the ask side's right after the bid side's.
            byte* keys = (byte*)Unsafe.AsPointer(ref Key(instrumentBids * SlotsPerSide));
            byte* totals = (byte*)Unsafe.AsPointer(ref Total(instrumentBids * SlotsPerSide));
            Sse.Prefetch0(keys);
            Sse.Prefetch0(keys + 64);
            Sse.Prefetch0(totals);
            Sse.Prefetch0(totals + 64);
            Sse.Prefetch0(totals + 128);
            Sse.Prefetch0(totals + 192);
        }
    }

    /// <summary>The best level of <paramref name="side"/>, if it has any.</summary>
    /// <remarks>
    /// Read after every message when a plugin subscribes to the book's top (CrossVenue does):
    /// the best price is kept as levels come and go, so this is one compare of the block's
    /// prices with it, for the slot.
    /// </remarks>
    public bool TryBest(int side, out PriceLevel best)
    {
        int block = side * SlotsPerSide;
        uint key = BestKeyOf(side);
        if (key == Free)
        {
            best = default;
            return false;
        }
        Debug.Assert(Matches(ref Key(block), key) != 0, "the kept best price is in the block");
        best = Level(block + BitOperations.TrailingZeroCount(Matches(ref Key(block), key)));
        return true;
    }

    // The best price of a block, Free when it has none: the slot of highest Rank (a free
    // slot's 0 ranks lowest on both sides), its key back from the rank (negating is its own
    // inverse). No branch on the side, which a message's order decides.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint BestKey(ref uint keys, int side, int exceptSlot = -1)
    {
        uint negate = (uint)-(side & 1);
        Vector512<uint> flip = Vector512.Create(negate);
        Vector512<uint> ranks = (Vector512.LoadUnsafe(ref keys) ^ flip) - flip;
        ranks = Vector512.AndNot(ranks, Vector512.Equals(Vector512<uint>.Indices, Vector512.Create((uint)exceptSlot)));
        Vector256<uint> half = Vector256.Max(ranks.GetLower(), ranks.GetUpper());
        Vector128<uint> quarter = Vector128.Max(half.GetLower(), half.GetUpper());
        quarter = Vector128.Max(quarter, Vector128.Shuffle(quarter, Vector128.Create(2u, 3, 0, 1)));
        quarter = Vector128.Max(quarter, Vector128.Shuffle(quarter, Vector128.Create(1u, 0, 3, 2)));
        return (quarter.ToScalar() ^ negate) - negate;
    }

    /// <summary>The <paramref name="depth"/> best levels of <paramref name="side"/>, best first (a query's path: it sorts).</summary>
    public IEnumerable<PriceLevel> Depth(int side, int depth)
    {
        int block = side * SlotsPerSide;
        var levels = new List<PriceLevel>(SlotsPerSide);
        for (int slot = block; slot < block + SlotsPerSide; slot++)
        {
            if (Key(slot) != Free)
            {
                levels.Add(Level(slot));
            }
        }
        bool bids = (side & 1) == 0;
        levels.Sort((a, b) => bids ? b.Price.CompareTo(a.Price) : a.Price.CompareTo(b.Price));
        if (_deeper[side] is { } deeper)
        {
            levels.AddRange(deeper.Depth(int.MaxValue)); // all worse than the block's
        }
        return levels.Take(depth);
    }

    /// <summary>Levels on <paramref name="side"/>, in the block and beyond.</summary>
    public int Count(int side)
    {
        int count = 0;
        for (int slot = side * SlotsPerSide; slot < (side + 1) * SlotsPerSide; slot++)
        {
            count += Key(slot) != Free ? 1 : 0;
        }
        return count + (_deeper[side]?.Count ?? 0);
    }

    private PriceLevel Level(int slot) => new(Key(slot), Total(slot).Shares, Total(slot).Orders);

    /// <summary>Bit i set when slot i of the block at <paramref name="keys"/> holds <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Matches(ref uint keys, uint key)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return (uint)Vector512.Equals(Vector512.LoadUnsafe(ref keys), Vector512.Create(key)).ExtractMostSignificantBits();
        }
        Vector256<uint> probe = Vector256.Create(key);
        return Vector256.Equals(Vector256.LoadUnsafe(ref keys), probe).ExtractMostSignificantBits()
            | (Vector256.Equals(Vector256.LoadUnsafe(ref keys, (nuint)Vector256<uint>.Count), probe).ExtractMostSignificantBits() << Vector256<uint>.Count);
    }

    // Slots by number, without bounds checks: every slot number used is one of an allocated
    // side (Debug builds check).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref uint Key(int slot)
    {
        Debug.Assert((uint)slot < (uint)(_deeper.Length * SlotsPerSide));
        return ref _keys[slot];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref uint BestKeyOf(int side)
    {
        Debug.Assert((uint)side < (uint)_bestKeyStore.Length);
        return ref _bestKeys[side];
    }

    // Orders prices so that a better one ranks higher on both sides, without a branch on the
    // side: a bid's price as it is, an ask's negated (−p as uint: lower prices rank higher),
    // and a free slot's 0 lowest either way.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rank(int side, uint key)
    {
        uint negate = (uint)-(side & 1);
        return (key ^ negate) - negate;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Totals Total(int slot)
    {
        Debug.Assert((uint)slot < (uint)(_deeper.Length * SlotsPerSide));
        return ref _totals[slot];
    }

    private void Resize(int sides)
    {
        int used = _sides * SlotsPerSide;
        // The new arrays go to locals until the copies are done: the old ones are reached only
        // through their *Store fields, and a pinned array no field holds may be collected (and
        // its memory reused) by a collection that the next allocation starts.
        uint* keys = PinnedMemory.LineAligned(sides * SlotsPerSide, out uint[] keyStore);
        Totals* totals = PinnedMemory.LineAligned(sides * SlotsPerSide, out Totals[] totalStore);
        uint* bestKeys = PinnedMemory.Allocate(sides, out uint[] bestKeyStore);
        new ReadOnlySpan<uint>(_keys, used).CopyTo(new Span<uint>(keys, used));
        new ReadOnlySpan<Totals>(_totals, used).CopyTo(new Span<Totals>(totals, used));
        new ReadOnlySpan<uint>(_bestKeys, _sides).CopyTo(new Span<uint>(bestKeys, _sides));
        _keys = keys;
        _keyStore = keyStore;
        _totals = totals;
        _totalStore = totalStore;
        _bestKeys = bestKeys;
        _bestKeyStore = bestKeyStore;
        Array.Resize(ref _deeper, sides);
    }

    // The block is full and does not hold the price: the level is deeper, or new and better
    // than the block's worst level, which then moves deeper to make room.
    private void AddBeyondFullBlock(int side, uint key, long shares, int orders)
    {
        bool bids = (side & 1) == 0;
        BookSide deeper = _deeper[side] ??= new BookSide(bids, SlotsPerSide); // once per side, if ever
        int block = side * SlotsPerSide;
        int worst = block;
        for (int slot = block + 1; slot < block + SlotsPerSide; slot++)
        {
            worst = (bids ? Key(slot) < Key(worst) : Key(slot) > Key(worst)) ? slot : worst;
        }
        if (bids ? key < Key(worst) : key > Key(worst))
        {
            deeper.Add(key, shares, orders);
            return;
        }
        ref Totals totals = ref Total(worst);
        deeper.Add(Key(worst), totals.Shares, totals.Orders);
        Key(worst) = key;
        if (!totals.Set(shares, orders))
        {
            Saturated++;
        }
        BestKeyOf(side) = BestKey(ref Key(block), side);
    }

    private bool RemoveBeyondBlock(int side, long price, long shares, int orders) =>
        _deeper[side] is { } deeper && deeper.Remove(price, shares, orders);

    // A block slot emptied while deeper levels wait: the best of them moves up into it.
    private void Refill(int side, int slot, BookSide deeper)
    {
        deeper.TryBest(out PriceLevel best);
        deeper.Remove(best.Price, best.Shares, best.Orders);
        Key(slot) = (uint)best.Price;
        if (!Total(slot).Set(best.Shares, best.Orders))
        {
            Saturated++;
        }
    }
}
