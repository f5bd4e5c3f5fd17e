using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary><c>hfthost decode</c>, <c>hfthost book</c> and the default plugins as users run them.</summary>
public class MarketDataCliTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    private static readonly string Bundled = Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");
    private static readonly string Snippet = Path.Combine(RepoPaths.SharedData, "nasdaq-itch50", "12302019_SNIPPET.NASDAQ_ITCH50");

    [Theory]
    [InlineData("capture")]
    [InlineData("binaryfile")]
    public void Should_decode_the_real_nasdaq_messages_from_the_capture_and_the_binaryfile(string kind)
    {
        Shell.Result r = Shell.Run(RepoPaths.Host, ["decode", kind == "capture" ? Bundled : Snippet, "--json", "--types", "A"]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(367, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("AddOrder", first.RootElement.GetProperty("type").GetString());
        Assert.Equal(kind == "capture" ? "HFTSIM01" : null, first.RootElement.GetProperty("session").GetString());
        Assert.Contains("1,000 messages (A 367 C 1 D 167 E 28 F 193 I 4 P 4 Q 4 S 1 U 225 X 6); short 0, unknown type 0", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--types", "Z", "--types 'Z' is not an ITCH 5.0 message type")]
    [InlineData("--limit", "x", "x")]
    public void Should_refuse_bad_decode_options_with_exit_code_2(string option, string value, string mentions)
    {
        Shell.Result r = Shell.Run(RepoPaths.Host, ["decode", Bundled, option, value]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentions, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_print_the_ground_truth_best_prices_of_a_symbol_after_replaying_the_feed()
    {
        // A feed without faults: its final books are the truth's.
        using var dir = new TempDir();
        string pcap = dir.File("clean.pcap"), truthPath = dir.File("truth.json");
        Shell.Check(RepoPaths.Host, "gen", "itch", "--venues", "2", "--symbols", "5", "--messages", "20000", "--seed", "9", "--out", pcap, "--truth", truthPath);
        using var truth = JsonDocument.Parse(File.ReadAllBytes(truthPath));
        string symbol = truth.RootElement.GetProperty("books")[0].GetProperty("symbol").GetString()!;

        string json = Shell.Check(RepoPaths.Host, "book", pcap, "--symbol", symbol, "--depth", "3", "--json");

        using var book = JsonDocument.Parse(json);
        JsonElement[] venues = [.. book.RootElement.GetProperty("venues").EnumerateArray()];
        Assert.Equal(2, venues.Length);
        foreach (JsonElement expected in truth.RootElement.GetProperty("books").EnumerateArray().Where(b => b.GetProperty("symbol").GetString() == symbol))
        {
            JsonElement ours = venues.Single(v => v.GetProperty("session").GetString() == expected.GetProperty("session").GetString());
            foreach ((string truthSide, string ourSide) in new[] { ("bid", "bids"), ("ask", "asks") })
            {
                JsonElement best = ours.GetProperty(ourSide)[0];
                Assert.Equal(expected.GetProperty(truthSide).GetProperty("price").GetInt64(), best.GetProperty("price").GetInt64());
                Assert.Equal(expected.GetProperty(truthSide).GetProperty("shares").GetInt64(), best.GetProperty("shares").GetInt64());
                Assert.Equal(expected.GetProperty(truthSide).GetProperty("orders").GetInt64(), best.GetProperty("orders").GetInt64());
            }
        }
        string text = Shell.Check(RepoPaths.Host, "book", pcap, "--symbol", symbol);
        Assert.StartsWith($"{symbol} at VENUE01", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_sessions_and_message_types_when_replaying_through_the_default_plugins()
    {
        string json = Shell.Check(RepoPaths.Host, "replay", feed.Pcap, "--json", "--plugins", Path.Combine(RepoPaths.Root, "artifacts", "plugins"),
            "--no-watch", "--control", Path.Combine(Path.GetTempPath(), $"hfthost-test-{Guid.NewGuid():N}.sock"));

        using var report = JsonDocument.Parse(json);
        var metrics = report.RootElement.GetProperty("plugin_metrics").EnumerateArray()
            .ToDictionary(m => $"{m.GetProperty("name").GetString()}{{{m.GetProperty("tags").GetString()}}}", m => m.GetProperty("value").GetDouble());
        foreach (JsonElement fault in feed.Truth.RootElement.GetProperty("faults").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "gap"))
        {
            Assert.True(metrics[$"moldudp64.gaps{{session={fault.GetProperty("session").GetString()}}}"] >= 1);
        }
        Assert.Equal(4, feed.Truth.RootElement.GetProperty("faults").EnumerateArray().Count(f => f.GetProperty("kind").GetString() == "gap"));
        Assert.Equal(4, feed.Sessions.Sum(s => metrics.GetValueOrDefault($"moldudp64.gaps{{session={s}}}")));
        double addOrders = feed.Truth.RootElement.GetProperty("messageCounts").GetProperty("A").GetDouble();
        Assert.True(metrics["itch50.messages{type=A}"] <= addOrders && metrics["itch50.messages{type=A}"] > addOrders * 0.9);
    }
}
