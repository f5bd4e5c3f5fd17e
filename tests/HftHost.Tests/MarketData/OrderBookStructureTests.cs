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
                bool added = table.Add(new RestingOrder { Reference = reference, Price = (long)reference * 7, Shares = 1 });
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
                bool added = index.Add(new RestingOrder { Reference = reference, Price = (long)reference * 3, Shares = 1 });
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
                    index.Remove(ref found);
                }
            }
            Assert.Equal(oracle.Count, index.Count);
            displacedSeen = Math.Max(displacedSeen, index.Displaced);
        }
        Assert.True(displacedSeen > 0, "the test never displaced an order from the window");
        // Reference 0 marks an empty slot: never found, never added (a garbage feed may send it).
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref index.Find(0)));
        Assert.False(index.Add(new RestingOrder { Reference = 0, Shares = 1 }));
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
            Assert.False(index.Add(new RestingOrder { Reference = reference, Shares = 1 }));
        }
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
}
