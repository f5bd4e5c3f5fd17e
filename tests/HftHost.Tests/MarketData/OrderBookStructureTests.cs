using HftHost.Plugins.OrderBook;

namespace HftHost.Tests.MarketData;

/// <summary>The order book's storage against plain collections as oracles, under random operations.</summary>
public class OrderBookStructureTests
{
    [Fact]
    public void Should_find_every_order_the_oracle_holds_through_growth_and_backward_shift_deletes()
    {
        var table = new OrderTable(capacity: 8); // small: it has to grow
        var oracle = new Dictionary<ulong, long>();
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            // Keys from a small range so that adds, finds and deletes collide in probe runs.
            ulong reference = (ulong)random.Next(1, 5000);
            if (random.Next(3) != 0)
            {
                bool added = table.Add(new RestingOrder { Reference = reference, Price = (uint)reference * 7, Shares = 1 });
                Assert.Equal(oracle.TryAdd(reference, (long)reference * 7), added);
            }
            else if (oracle.Remove(reference))
            {
                table.Remove(reference);
            }
            Assert.Equal(oracle.Count, table.Count);
        }
        foreach ((ulong reference, long price) in oracle)
        {
            ref RestingOrder order = ref table.Find(reference);
            Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order), $"order {reference} lost");
            Assert.Equal(price, order.Price);
        }
        for (ulong reference = 1; reference < 5000; reference++)
        {
            Assert.Equal(oracle.ContainsKey(reference), !System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(reference)));
        }
    }

    [Theory]
    [InlineData(false)] // references in sequence, as exchanges number orders
    [InlineData(true)]  // references anywhere: the window collides all the time
    public void Should_index_every_order_the_oracle_holds_in_the_window_and_the_overflow(bool scattered)
    {
        var index = new OrderIndex(capacity: 64); // a 128-slot window: survivors get displaced
        var oracle = new Dictionary<ulong, long>();
        var random = new Random(11);
        ulong next = 1;
        int displacedSeen = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int roll = random.Next(10);
            if (roll < 5 || oracle.Count == 0)
            {
                ulong reference = scattered ? (ulong)random.Next(1, 20_000) : next++;
                bool added = index.Add(reference, new RestingOrder { Price = (uint)reference * 3, Shares = 1 });
                Assert.Equal(oracle.TryAdd(reference, (long)reference * 3), added);
            }
            else
            {
                // Mostly recent orders go; one in ten lives on for a long time (a deep level).
                ulong reference = scattered || random.Next(10) == 0 ? (ulong)random.Next(1, (int)Math.Max(next, 20_000)) : next - 1 - (ulong)random.Next(0, (int)Math.Min(next - 1, 40));
                ref RestingOrder found = ref index.Find(reference);
                Assert.Equal(oracle.Remove(reference), !System.Runtime.CompilerServices.Unsafe.IsNullRef(ref found));
                if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref found))
                {
                    Assert.Equal(reference, found.Reference);
                    index.Remove(reference, ref found);
                }
            }
            Assert.Equal(oracle.Count, index.Count);
            displacedSeen = Math.Max(displacedSeen, index.Displaced);
        }
        Assert.True(displacedSeen > 0, "the test never displaced an order from the window");
        // Reference 0 marks an empty slot: never found, never added (a garbage feed may send it).
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref index.Find(0)));
        Assert.False(index.Add(0, new RestingOrder { Shares = 1 }));
        foreach ((ulong reference, long price) in oracle)
        {
            ref RestingOrder order = ref index.Find(reference);
            Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order), $"order {reference} lost");
            Assert.Equal(price, order.Price);
        }
        Assert.Equal(oracle.Keys.Order(), index.All().Select(o => o.Reference).Order());
        // A duplicate is refused wherever the first one lives.
        foreach (ulong reference in oracle.Keys.Take(50))
        {
            Assert.False(index.Add(reference, new RestingOrder { Shares = 1 }));
        }
    }

    // The order window's sets and the level blocks are one cache line each only if their
    // storage starts on a line: whatever the array's own alignment, the start is on one and
    // the requested elements lie inside the array.
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(1000)]
    public unsafe void Should_start_line_aligned_storage_on_a_line_inside_its_array(int length)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            _ = new byte[attempt * 8 + 24]; // vary where the next pinned arrays land
            uint* keys = PinnedMemory.LineAligned(length, out uint[] keyArray);
            RestingOrder* orders = PinnedMemory.LineAligned(length, out RestingOrder[] orderArray);
            Assert.Equal(0, (long)keys % 64);
            Assert.Equal(0, (long)orders % 64);
            fixed (uint* first = keyArray)
            {
                Assert.True(keys >= first && keys + length <= first + keyArray.Length);
            }
            fixed (RestingOrder* first = orderArray)
            {
                Assert.True(orders >= first && orders + length <= first + orderArray.Length);
            }
        }
    }

    // The index finds an order by comparing the first word of each order in a line with the
    // reference: the layout it relies on.
    [Fact]
    public void Should_keep_an_orders_reference_in_its_first_word_of_two()
    {
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<RestingOrder>());
        var order = new RestingOrder { Price = uint.MaxValue, Shares = uint.MaxValue, Locate = ushort.MaxValue, IsBuy = true, Reference = RestingOrder.MaxReference - 5 };
        ulong first = System.Runtime.CompilerServices.Unsafe.As<RestingOrder, ulong>(ref order);
        Assert.Equal(RestingOrder.MaxReference - 5, first & RestingOrder.MaxReference);
    }

    // Orders whose references share a set fill its four ways, a freed way taking the next one;
    // a set full of live orders moves the oldest (lowest reference, wherever it sits) aside,
    // and every order is still found.
    [Fact]
    public void Should_move_only_the_oldest_of_a_full_set_aside()
    {
        var index = new OrderIndex(capacity: 16); // 32 ways: 8 sets of 4; reference mod 8 = 3 below
        foreach (ulong reference in new ulong[] { 3, 11, 19, 27 })
        {
            Assert.True(index.Add(reference, new RestingOrder { Price = (uint)reference, Shares = 1 }));
        }
        ref RestingOrder first = ref index.Find(3);
        index.Remove(3, ref first);
        Assert.True(index.Add(35, new RestingOrder { Price = 35, Shares = 1 })); // takes the freed way 0
        Assert.Equal(0, index.Displaced);
        Assert.True(index.Add(43, new RestingOrder { Price = 43, Shares = 1 }));
        Assert.Equal(1, index.Displaced);
        Assert.Equal([11UL], index.All().Select(o => o.Reference).Except(WindowReferences(index)));
        foreach (ulong reference in new ulong[] { 11, 19, 27, 35, 43 })
        {
            ref RestingOrder order = ref index.Find(reference);
            Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order), $"order {reference} lost");
            Assert.Equal((uint)reference, order.Price);
        }
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref index.Find(3)));
        Assert.False(index.Add(11, new RestingOrder { Price = 1, Shares = 1 })); // a duplicate of the moved one
        Assert.False(index.Add(27, new RestingOrder { Price = 1, Shares = 1 })); // and of one in the set
    }

    // The references the window itself holds: All() lists the window's first, then the overflow's.
    private static IEnumerable<ulong> WindowReferences(OrderIndex index) =>
        index.All().Select(o => o.Reference).Take(index.Count - index.Displaced);

    // The operator's sign that OrderCapacity is too small for the feed's order lifetimes: every
    // move out of the window counts once, and the count stays when those orders leave.
    [Fact]
    public void Should_count_each_order_moved_out_of_the_window_once_and_keep_the_count_after_it_leaves()
    {
        var index = new OrderIndex(capacity: 16); // a 32-slot window
        for (ulong reference = 1; reference <= 32; reference++)
        {
            Assert.True(index.Add(reference, new RestingOrder { Price = 1, Shares = 1 }));
        }
        Assert.Equal(0, index.DisplacedSinceStart);
        for (ulong reference = 33; reference <= 40; reference++)
        {
            Assert.True(index.Add(reference, new RestingOrder { Price = 1, Shares = 1 })); // takes the slot of reference − 32
        }
        Assert.Equal(8, index.DisplacedSinceStart);
        Assert.Equal(8, index.Displaced);
        for (ulong reference = 1; reference <= 8; reference++)
        {
            ref RestingOrder order = ref index.Find(reference);
            Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order));
            index.Remove(reference, ref order);
        }
        Assert.Equal(0, index.Displaced);
        Assert.Equal(8, index.DisplacedSinceStart);
        // A slot an order left empty takes the next reference that maps to it without a move.
        ref RestingOrder gone = ref index.Find(9);
        index.Remove(9, ref gone);
        Assert.True(index.Add(41, new RestingOrder { Price = 1, Shares = 1 }));
        Assert.Equal(8, index.DisplacedSinceStart);
    }

    // References on both sides of the 47 bits an order packs with its side and locate: the
    // larger ones are kept apart, whole; every order keeps its price, side and locate.
    [Fact]
    public void Should_keep_every_order_whole_on_both_sides_of_the_packed_reference_range()
    {
        var index = new OrderIndex(capacity: 16);
        var oracle = new Dictionary<ulong, (uint Price, ushort Locate, bool IsBuy)>();
        var random = new Random(5);
        ulong[] references = [.. Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? RestingOrder.MaxReference - 150 + (ulong)i : ulong.MaxValue - (ulong)i)];
        for (int i = 0; i < 50_000; i++)
        {
            ulong reference = references[random.Next(references.Length)];
            if (random.Next(2) == 0)
            {
                (uint Price, ushort Locate, bool IsBuy) order = ((uint)random.Next(1, int.MaxValue) * 2, (ushort)random.Next(65536), random.Next(2) == 0);
                bool added = index.Add(reference, new RestingOrder { Price = order.Price, Shares = 1, Locate = order.Locate, IsBuy = order.IsBuy });
                Assert.Equal(oracle.TryAdd(reference, order), added);
            }
            else
            {
                ref RestingOrder found = ref index.Find(reference);
                Assert.Equal(oracle.Remove(reference, out (uint Price, ushort Locate, bool IsBuy) expected), !System.Runtime.CompilerServices.Unsafe.IsNullRef(ref found));
                if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref found))
                {
                    Assert.Equal(expected, (found.Price, found.Locate, found.IsBuy));
                    index.Remove(reference, ref found);
                }
            }
            Assert.Equal(oracle.Count, index.Count);
        }
        Assert.True(index.Wide > 0 && index.Wide < index.Count, "both kinds of reference should rest at the end");
        var all = index.All().ToList();
        Assert.Equal(oracle.Keys.Order(), all.Select(o => o.Reference).Order());
        Assert.All(all, o => Assert.Equal(oracle[o.Reference], (o.Order.Price, o.Order.Locate, o.Order.IsBuy)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_keep_levels_sorted_best_first_and_drop_empty_ones(bool bids)
    {
        var side = new BookSide(bids, 16);
        var oracle = new SortedDictionary<long, (long Shares, int Orders)>();
        var random = new Random(11);
        for (int i = 0; i < 50_000; i++)
        {
            long price = random.Next(100, 400) * 100L;
            bool present = oracle.TryGetValue(price, out (long Shares, int Orders) level);
            if (random.Next(2) == 0 || !present)
            {
                long shares = random.Next(1, 10) * 100;
                side.Add(price, shares, 1);
                oracle[price] = present ? (level.Shares + shares, level.Orders + 1) : (shares, 1);
            }
            else
            {
                (long shares, int orders) = level;
                Assert.True(side.Remove(price, shares / orders, 1));
                if (orders == 1)
                {
                    oracle.Remove(price);
                }
                else
                {
                    oracle[price] = (shares - shares / orders, orders - 1);
                }
            }
        }
        var expected = (bids ? oracle.Reverse() : oracle).Select(l => new PriceLevel(l.Key, l.Value.Shares, l.Value.Orders)).ToList();
        Assert.Equal(expected, side.Depth(int.MaxValue).ToList());
        Assert.Equal(expected.Count > 0, side.TryBest(out PriceLevel best));
        Assert.Equal(expected.FirstOrDefault(), best);
    }

    // Price spans wide enough that sides run past the 16 slots of their block: levels move
    // deeper when a better one arrives, and back up when a slot frees. Narrow spans stay in
    // the block; wide ones mostly live deeper.
    [Theory]
    [InlineData(8, 1)]
    [InlineData(40, 2)]
    [InlineData(300, 3)]
    public void Should_hold_the_same_levels_as_a_sorted_oracle_in_the_block_and_beyond(int priceSpan, int seed)
    {
        var levels = new PriceLevels(instruments: 1, levelsPerSide: 16); // grows: sides added below
        int[] sides = [.. Enumerable.Range(0, 3).Select(_ => levels.AddInstrument())];
        var oracles = new Dictionary<int, SortedDictionary<long, (long Shares, int Orders)>>();
        var random = new Random(seed);
        for (int i = 0; i < 60_000; i++)
        {
            int side = sides[random.Next(sides.Length)] + random.Next(2);
            SortedDictionary<long, (long Shares, int Orders)> oracle = oracles.TryGetValue(side, out var known) ? known : oracles[side] = [];
            // Top of the ITCH range included: uint.MaxValue is a price, 0 is not.
            long price = random.Next(4) == 0 ? uint.MaxValue - random.Next(priceSpan) : 10_000 + random.Next(priceSpan) * 100L;
            bool present = oracle.TryGetValue(price, out (long Shares, int Orders) level);
            if (random.Next(2) == 0 || !present)
            {
                long shares = random.Next(1, 10) * 100;
                levels.Add(side, price, shares, 1);
                oracle[price] = present ? (level.Shares + shares, level.Orders + 1) : (shares, 1);
            }
            else
            {
                (long shares, int orders) = level;
                long taken = random.Next(3) == 0 ? shares : shares / orders;
                Assert.True(levels.Remove(side, price, taken, 1));
                if (orders == 1 || taken == shares)
                {
                    oracle.Remove(price);
                }
                else
                {
                    oracle[price] = (shares - taken, orders - 1);
                }
            }
            Assert.False(levels.Remove(side, 5, 1, 1)); // a price never used: no such level
            // The top, as TopOfBookChanged reads it before and after every message.
            Assert.Equal(oracle.Count > 0, levels.TryBest(side, out PriceLevel top));
            if (oracle.Count > 0)
            {
                KeyValuePair<long, (long Shares, int Orders)> best = side % 2 == 0 ? oracle.Last() : oracle.First();
                Assert.Equal(new PriceLevel(best.Key, best.Value.Shares, best.Value.Orders), top);
            }
        }
        foreach ((int side, SortedDictionary<long, (long Shares, int Orders)> oracle) in oracles)
        {
            bool bids = side % 2 == 0;
            var expected = (bids ? oracle.Reverse() : oracle).Select(l => new PriceLevel(l.Key, l.Value.Shares, l.Value.Orders)).ToList();
            Assert.Equal(expected, levels.Depth(side, int.MaxValue).ToList());
            Assert.Equal(expected.Take(5), levels.Depth(side, 5));
            Assert.Equal(expected.Count, levels.Count(side));
            Assert.Equal(expected.Count > 0, levels.TryBest(side, out PriceLevel best));
            Assert.Equal(expected.FirstOrDefault(), best);
        }
        Assert.Contains(oracles, o => o.Value.Count > PriceLevels.SlotsPerSide == (priceSpan > 16));
    }

    // Storage doubles as instruments appear (here from 1 instrument to 600: ten doublings),
    // with collections in between: every level and best price held before must come through.
    [Fact]
    public void Should_keep_every_level_and_best_price_as_its_storage_grows()
    {
        var levels = new PriceLevels(instruments: 1, levelsPerSide: 16);
        var sides = new List<int>();
        for (int instrument = 0; instrument < 600; instrument++)
        {
            int bids = levels.AddInstrument();
            sides.Add(bids);
            levels.Add(bids, 10_000 + instrument, 100, 1);
            levels.Add(bids + 1, 20_000 + instrument, 200, 2);
            if (instrument % 50 == 0)
            {
                GC.Collect();
            }
        }
        for (int instrument = 0; instrument < sides.Count; instrument++)
        {
            Assert.True(levels.TryBest(sides[instrument], out PriceLevel bid));
            Assert.Equal(new PriceLevel(10_000 + instrument, 100, 1), bid);
            Assert.True(levels.TryBest(sides[instrument] + 1, out PriceLevel ask));
            Assert.Equal(new PriceLevel(20_000 + instrument, 200, 2), ask);
        }
    }

    [Fact]
    public void Should_hold_a_level_past_32_bits_of_shares_at_the_limit_and_count_it()
    {
        var levels = new PriceLevels(instruments: 1, levelsPerSide: 16);
        int bids = levels.AddInstrument();
        levels.Add(bids, 1_000_000, uint.MaxValue, 1); // ITCH's largest order: fits exactly
        Assert.True(levels.TryBest(bids, out PriceLevel full));
        Assert.Equal(new PriceLevel(1_000_000, uint.MaxValue, 1), full);
        Assert.Equal(0, levels.Saturated);

        levels.Add(bids, 1_000_000, 100, 1);
        Assert.True(levels.TryBest(bids, out PriceLevel held));
        Assert.Equal(new PriceLevel(1_000_000, uint.MaxValue, 2), held);
        Assert.Equal(1, levels.Saturated);
        // Its neighbours keep their own totals.
        levels.Add(bids, 999_900, 300, 2);
        Assert.Equal(new PriceLevel(999_900, 300, 2), levels.Depth(bids, 2).Last());
        Assert.Equal(1, levels.Saturated);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L + uint.MaxValue)]
    [InlineData(-100L)]
    public void Should_refuse_and_count_an_order_at_a_price_a_level_cannot_have(long price)
    {
        var venue = new VenueBook(HftHost.MoldUdp64.MoldSession.FromText("TEST"), orderCapacity: 16, levelCapacity: 16);
        venue.Add(1, isBuy: true, 100, price, locate: 7, default);
        venue.Add(2, isBuy: true, 100, 1_000_000, locate: 7, default);
        venue.Delete(1);

        Assert.Equal(1, venue.InvalidPrices);
        Assert.Equal(1, venue.UnknownOrders); // the refused order was never booked
        Assert.Equal(1, venue.Orders);
        Assert.True(venue.Levels.TryBest(venue.BidSide(7), out PriceLevel best));
        Assert.Equal(new PriceLevel(1_000_000, 100, 1), best);
    }
}
