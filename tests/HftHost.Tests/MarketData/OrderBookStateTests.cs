using HftHost.Plugins.OrderBook;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>The order book's reload hand-off: the state one instance exports is the books the next one starts from.</summary>
public class OrderBookStateTests
{
    [Fact]
    public void Should_hand_every_book_to_the_next_instance_which_then_follows_the_feed_alike()
    {
        using var dir = new TempDir();
        string pcap = BookChain.Generate(dir, venues: 2, symbols: 20, messages: 60_000, seed: 9);
        List<(byte[] Bytes, long Timestamp)> frames = [];
        using (CaptureReader reader = CaptureReader.Open(pcap))
        {
            while (reader.TryRead(out CapturedFrame frame))
            {
                frames.Add((frame.Bytes.ToArray(), frame.TimestampNs));
            }
        }
        int half = frames.Count / 2;

        var first = new OrderBookPlugin();
        using PluginTestHarness before = BookChain.For(first);
        var topsBefore = new List<HftHost.OrderBook.TopOfBookChanged>();
        before.Subscribe<HftHost.OrderBook.TopOfBookChanged>(topsBefore.Add); // watching the top all along
        Feed(before, frames[..half]);
        topsBefore.Clear();
        string bboAtHandOff = first.Query("bbo")!;
        byte[] state = before.ExportState();

        var next = new OrderBookPlugin();
        using PluginTestHarness after = BookChain.For(next);
        after.ImportState(state);
        Assert.Equal(bboAtHandOff, next.Query("bbo"));
        Assert.Equal(first.RestingOrders, next.RestingOrders);
        Assert.True(first.RestingOrders > 100, $"only {first.RestingOrders} orders rest at the hand-off");

        // The rest of the feed to both: the next instance's MoldUdp64 joins mid-session. Both
        // publish the same changes of the top: the next one compares its first messages with
        // the imported books, the first one with the books it kept.
        var topsAfter = new List<HftHost.OrderBook.TopOfBookChanged>();
        after.Subscribe<HftHost.OrderBook.TopOfBookChanged>(topsAfter.Add);
        Feed(before, frames[half..]);
        Feed(after, frames[half..]);
        Assert.True(topsBefore.Count > 1_000, $"{topsBefore.Count} changes of the top");
        Assert.Equal(
            topsBefore.Select(t => (t.Session, t.StockLocate, t.Bid, t.Ask, t.Timestamp)),
            topsAfter.Select(t => (t.Session, t.StockLocate, t.Bid, t.Ask, t.Timestamp)));
        Assert.Equal(first.Query("bbo"), next.Query("bbo"));
        Assert.Equal(first.RestingOrders, next.RestingOrders);
        string[] symbols = [.. System.Text.Json.JsonDocument.Parse(first.Query("bbo")!).RootElement.EnumerateArray()
            .Select(b => b.GetProperty("symbol").GetString()!).Distinct()];
        Assert.Equal(20, symbols.Length);
        foreach (string symbol in symbols)
        {
            Assert.Equal(first.Query($"book {symbol} 50"), next.Query($"book {symbol} 50"));
        }
    }

    private static void Feed(PluginTestHarness harness, IEnumerable<(byte[] Bytes, long Timestamp)> frames)
    {
        foreach ((byte[] bytes, long timestamp) in frames)
        {
            harness.Feed(bytes, timestamp);
        }
    }
}
