using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
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
        string pcap = dir.File("feed.pcap");
        Shell.Result generated = Shell.Run(RepoPaths.Host,
            ["gen", "itch", "--venues", "2", "--symbols", "20", "--messages", "60000", "--seed", "9", "--out", pcap]);
        Assert.True(generated.ExitCode == 0, generated.Stderr);
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
        using PluginTestHarness before = Chain(first);
        Feed(before, frames[..half]);
        string bboAtHandOff = first.Query("bbo")!;
        byte[] state = before.ExportState();

        var next = new OrderBookPlugin();
        using PluginTestHarness after = Chain(next);
        after.ImportState(state);
        Assert.Equal(bboAtHandOff, next.Query("bbo"));
        Assert.Equal(first.RestingOrders, next.RestingOrders);
        Assert.True(first.RestingOrders > 100, $"only {first.RestingOrders} orders rest at the hand-off");

        // The rest of the feed to both: the next instance's MoldUdp64 joins mid-session.
        Feed(before, frames[half..]);
        Feed(after, frames[half..]);
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

    private static PluginTestHarness Chain(OrderBookPlugin book)
    {
        var harness = new PluginTestHarness(book);
        harness.AddPlugin(new MoldUdp64Plugin());
        harness.AddPlugin(new Itch50Plugin());
        return harness;
    }

    private static void Feed(PluginTestHarness harness, IEnumerable<(byte[] Bytes, long Timestamp)> frames)
    {
        foreach ((byte[] bytes, long timestamp) in frames)
        {
            harness.Feed(bytes, timestamp);
        }
    }
}
