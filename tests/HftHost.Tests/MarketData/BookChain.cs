using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>An order book fed as the host feeds it, and clean generated feeds for it.</summary>
internal static class BookChain
{
    /// <summary>MoldUdp64 → Itch50 → <paramref name="book"/> on one queue (the book is the harness's plugin).</summary>
    public static PluginTestHarness For(OrderBookPlugin book)
    {
        var harness = new PluginTestHarness(book);
        harness.AddPlugin(new MoldUdp64Plugin());
        harness.AddPlugin(new Itch50Plugin());
        return harness;
    }

    /// <summary>A feed without faults from <c>hfthost gen itch</c>, written in <paramref name="dir"/>.</summary>
    public static string Generate(TempDir dir, int venues, int symbols, int messages, int seed)
    {
        string pcap = dir.File("feed.pcap");
        Shell.Result generated = Shell.Run(RepoPaths.Host,
        [
            "gen", "itch", "--venues", $"{venues}", "--symbols", $"{symbols}", "--messages", $"{messages}", "--seed", $"{seed}", "--out", pcap,
        ]);
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        return pcap;
    }
}
