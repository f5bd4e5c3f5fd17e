using System.Text.Json;
using HftHost.MoldUdp64;
using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>
/// The market-data plugins on a generated feed with injected gaps, duplicates and reordering,
/// checked against the generator's ground truth and against Wireshark's MoldUDP64 dissector.
/// </summary>
public class GeneratedFeedTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    [Fact]
    public void Should_report_every_injected_fault_with_its_exact_range_and_nothing_else()
    {
        var plugin = new MoldUdp64Plugin();
        using var harness = new PluginTestHarness(plugin);
        var recorder = new MoldRecorder();
        harness.AddPlugin(recorder);

        harness.Replay(feed.Pcap);

        var expected = feed.Truth.RootElement.GetProperty("faults").EnumerateArray()
            .Select(f => (Kind(f.GetProperty("kind").GetString()!), f.GetProperty("session").GetString()!, f.GetProperty("first").GetUInt64(), f.GetProperty("count").GetUInt64()))
            .Order().ToList();
        var reported = recorder.Events
            .Where(e => e.Kind is MoldSessionEventKind.Gap or MoldSessionEventKind.Duplicate or MoldSessionEventKind.OutOfOrder)
            .Select(e => (e.Kind, e.Session.ToString(), e.First, e.Count))
            .Order().ToList();
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, reported);
    }

    [Fact]
    public void Should_build_the_ground_truth_books_when_every_gap_is_recovered_from_the_request_server()
    {
        using var server = MoldRequestServer.FromBinaryFiles(feed.Sessions.Select(s => (s, feed.BinaryFile(s))));
        var mold = new MoldUdp64Plugin();
        var book = new OrderBookPlugin();
        using var harness = new PluginTestHarness(mold, new Dictionary<string, string?>
        {
            ["RecoveryServer"] = server.EndPoint.ToString(),
            ["RecoveryTimeoutMilliseconds"] = "50",
        });
        harness.AddPlugin(new Itch50Plugin());
        harness.AddPlugin(book);
        var recorder = new MoldRecorder();
        harness.AddPlugin(recorder);

        ReplayResult result = harness.Replay(feed.Pcap);

        Assert.Equal(0, result.Faults);
        long gapMessages = FaultMessages("gap"), reorderedMessages = FaultMessages("reorder");
        // Every lost message comes from the server. A reordered packet looks lost until it
        // arrives, so its messages may come from the server first (and the late packet is
        // then a duplicate): which one wins is a race, the outcome is the same.
        Assert.InRange(mold.Sessions.Sum(s => s.Counters.RecoveredMessages), gapMessages, gapMessages + reorderedMessages);
        Assert.Equal(0, mold.Sessions.Sum(s => s.Counters.Gaps));
        Assert.DoesNotContain(recorder.Events, e => e.Kind == MoldSessionEventKind.Gap);
        Assert.Equal(feed.Truth.RootElement.GetProperty("venues").EnumerateArray().Sum(v => v.GetProperty("messages").GetInt64()), recorder.Messages.Count);

        using var actual = JsonDocument.Parse(book.Query("bbo")!);
        var books = actual.RootElement.EnumerateArray().ToDictionary(b => (b.GetProperty("session").GetString(), b.GetProperty("symbol").GetString()));
        int compared = 0;
        foreach (JsonElement truth in feed.Truth.RootElement.GetProperty("books").EnumerateArray())
        {
            var key = (truth.GetProperty("session").GetString(), truth.GetProperty("symbol").GetString());
            Assert.True(books.TryGetValue(key, out JsonElement ours), $"no book for {key}");
            foreach (string side in new[] { "bid", "ask" })
            {
                Assert.Equal(Level(truth.GetProperty(side)), Level(ours.GetProperty(side)));
            }
            compared++;
        }
        Assert.Equal(75, compared); // 3 venues x 25 symbols
    }

    [Fact]
    public void Should_see_the_packets_that_wiresharks_moldudp64_dissector_sees()
    {
        string tshark = new[] { "/usr/bin/tshark", "/usr/local/bin/tshark" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("tshark is not installed: ./setup.sh installs Debian's tshark");
        Shell.Result r = Shell.Run(tshark, ["-r", feed.Pcap, "-d", "udp.port==26401-26403,moldudp64", "-T", "fields",
            "-e", "moldudp64.session", "-e", "moldudp64.sequence", "-e", "moldudp64.count"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var packets = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => (Session: f[0].Trim(), Sequence: ulong.Parse(f[1]), Count: int.Parse(f[2])))
            .ToList();
        var plugin = new MoldUdp64Plugin();
        using var harness = new PluginTestHarness(plugin);
        var recorder = new MoldRecorder();
        harness.AddPlugin(recorder);

        harness.Replay(feed.Pcap);

        foreach (IGrouping<string, (string Session, ulong Sequence, int Count)> session in packets.GroupBy(p => p.Session))
        {
            SessionTracker ours = plugin.Sessions.Single(s => s.Session.ToString() == session.Key);
            var data = session.Where(p => p.Count is > 0 and < 0xFFFF).ToList();
            // Every packet, every heartbeat and end of session, every message copy on the wire.
            Assert.Equal(session.Count(), ours.Counters.Packets);
            Assert.Equal(session.Count(p => p.Count == 0), ours.Counters.Heartbeats);
            Assert.Equal(session.Count(p => p.Count == 0xFFFF), ours.Counters.EndOfSession);
            Assert.Equal(data.Sum(p => (long)p.Count), ours.Counters.Messages + ours.Counters.DuplicateMessages);
            // And the messages delivered are exactly the distinct sequence numbers on the wire.
            var onTheWire = data.SelectMany(p => Enumerable.Range(0, p.Count).Select(i => p.Sequence + (ulong)i)).ToHashSet();
            var delivered = recorder.Messages.Where(m => m.Session.ToString() == session.Key).Select(m => m.Sequence).ToList();
            Assert.Equal(onTheWire.Count, delivered.Count);
            Assert.True(onTheWire.SetEquals(delivered));
        }
        Assert.Equal(3, packets.Select(p => p.Session).Distinct().Count());
    }

    private long FaultMessages(string kind) => feed.Truth.RootElement.GetProperty("faults").EnumerateArray()
        .Where(f => f.GetProperty("kind").GetString() == kind).Sum(f => f.GetProperty("count").GetInt64());

    private static MoldSessionEventKind Kind(string kind) => kind switch
    {
        "gap" => MoldSessionEventKind.Gap,
        "duplicate" => MoldSessionEventKind.Duplicate,
        "reorder" => MoldSessionEventKind.OutOfOrder,
        _ => throw new InvalidDataException($"unknown fault kind '{kind}' in the ground truth"),
    };

    private static (long Price, long Shares, long Orders)? Level(JsonElement level) =>
        level.ValueKind == JsonValueKind.Null ? null
            : (level.GetProperty("price").GetInt64(), level.GetProperty("shares").GetInt64(), level.GetProperty("orders").GetInt64());
}
