using System.Text.Json;
using HftHost.PacketFilter;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.PacketFilter;
using HftHost.Sdk;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.Filter;

/// <summary>
/// The PacketFilter plugin in the host's dispatch (HftHost.Sdk.Testing), in front of MoldUdp64:
/// exact per-rule counts on a known mix, dropped frames reaching no decoder, audit records,
/// the port-scan rule, and rules reloaded from their file without a restart.
/// </summary>
public class PacketFilterPluginTests(FilterTraffic traffic) : IClassFixture<FilterTraffic>
{
    [Fact]
    public void Should_count_every_rule_exactly_on_a_known_mix_and_audit_the_audited_rule()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.yaml");
        File.WriteAllText(rules, FilterMix.Rules);
        Dictionary<string, long> expected = FilterMix.Expected(FilterRulesFile.Load(rules), traffic.Pcap);
        var filter = new PacketFilterPlugin();
        using var harness = new PluginTestHarness(new MoldUdp64Plugin());
        harness.AddPlugin(filter, Settings(rules, watch: false));

        ReplayResult result = harness.Replay(traffic.Pcap);

        using var answer = JsonDocument.Parse(filter.Query("rules")!);
        Dictionary<string, long> counted = answer.RootElement.GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("frames").GetInt64());
        counted[""] = answer.RootElement.GetProperty("unmatched").GetInt64();
        Assert.Equal(expected, counted);
        Assert.All(expected.Where(e => e.Key != ""), e => Assert.True(e.Value > 0, $"rule {e.Key} matched nothing: the mix does not test it"));
        Assert.Equal(traffic.FeedFrames + traffic.ExtraFrames, result.FramesRead);
        var audited = new List<AuditEntry>();
        filter.Audit!.Drain(audited.Add);
        Assert.Equal(expected["drop-rest"], audited.Count);
        Assert.All(audited, e => Assert.StartsWith("rule drop-rest drop proto ", e.Detail, StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Detail == "rule drop-rest drop proto 17 192.168.1.5:40000 > 233.54.12.1:26401 vlan 0");
    }

    [Fact]
    public void Should_keep_dropped_frames_from_every_decoder()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.yaml");
        File.WriteAllText(rules, FilterMix.Rules);
        long venue2 = 0;
        FilterTraffic.Each(traffic.Pcap, (in FrameView f) => venue2 += f.DestinationAddress == 0xE9360C02 && f.DestinationPort == 26402 ? 1 : 0);
        ReplayResult alone;
        using (var unfiltered = new PluginTestHarness(new MoldUdp64Plugin()))
        {
            alone = unfiltered.Replay(traffic.Pcap);
        }
        var filter = new PacketFilterPlugin();
        using var harness = new PluginTestHarness(new MoldUdp64Plugin());
        harness.AddPlugin(filter, Settings(rules, watch: false));

        ReplayResult filtered = harness.Replay(traffic.Pcap);

        Assert.True(venue2 > 100, $"venue 2 sent {venue2} frames");
        Assert.Equal(venue2, filter.Filter.Current.Frames[0]);
        Assert.Equal(venue2, alone.ClaimedTotal - filtered.ClaimedTotal);
    }

    [Fact]
    public void Should_fire_the_port_scan_rule_once_per_scanning_source_and_window_and_never_on_the_feed()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.yaml");
        File.WriteAllText(rules, """
            rules:
              - { name: all, action: count }
            port-scan: { ports: 20, window: 1s, action: drop, audit: true }
            """);
        var filter = new PacketFilterPlugin();
        using var harness = new PluginTestHarness(new MoldUdp64Plugin());
        harness.AddPlugin(filter, Settings(rules, watch: false));

        harness.Replay(traffic.FeedPcap);
        PortScanDetector scan = filter.Filter.Current.Scan!;
        Assert.Equal((0L, 0L), (scan.Fired, scan.Dropped));
        Assert.Equal(traffic.FeedFrames, filter.Filter.Current.Frames[0]);

        const long second = 1_000_000_000;
        long t0 = 1_800_000_000 * second;
        var dropped = new List<int>();
        for (int port = 0; port < 25; port++)
        {
            // The scanner touches 25 ports within 25 ms; a neighbour touches 19 (under the threshold).
            ReplayResult r = harness.Feed(TestFrames.Udp([9], source: 0xC6336407, destinationPort: (ushort)(1000 + port)), t0 + port * 1_000_000);
            if (r.Unclaimed == 0 && r.ClaimedTotal == 0)
            {
                dropped.Add(port);
            }
            if (port < 19)
            {
                harness.Feed(TestFrames.Udp([9], source: 0xC6336408, destinationPort: (ushort)(1000 + port)), t0 + port * 1_000_000);
            }
        }
        Assert.Equal((1L, 6L), (scan.Fired, scan.Dropped));
        Assert.Equal([19, 20, 21, 22, 23, 24], dropped); // from the 20th distinct port on, until the window ends
        for (int port = 0; port < 20; port++)
        {
            harness.Feed(TestFrames.Udp([9], source: 0xC6336407, destinationPort: (ushort)(2000 + port)), t0 + 2 * second + port);
        }
        Assert.Equal(2, scan.Fired); // a new window, a new scan
        var audited = new List<AuditEntry>();
        filter.Audit!.Drain(audited.Add);
        Assert.Equal(
            ["port-scan drop src 198.51.100.7 ports 20 window-ms 1000", "port-scan drop src 198.51.100.7 ports 20 window-ms 1000"],
            audited.Select(e => e.Detail));
    }

    [Fact]
    public void Should_swap_in_a_rewritten_rules_file_without_a_restart_and_keep_the_old_rules_when_the_new_file_is_bad()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.yaml");
        File.WriteAllText(rules, "rules:\n  - { name: venue-1, action: count, dst: 233.54.12.1 }\n  - { name: rest, action: count }\n");
        long[] perVenue = new long[4];
        FilterTraffic.Each(traffic.FeedPcap, (in FrameView f) => perVenue[f.DestinationAddress & 3]++);
        var filter = new PacketFilterPlugin();
        using var harness = new PluginTestHarness(new MoldUdp64Plugin());
        harness.AddPlugin(filter, Settings(rules, watch: true));
        long claimedBefore = harness.Replay(traffic.FeedPcap).ClaimedTotal;
        Assert.Equal([perVenue[1], traffic.FeedFrames - perVenue[1]], filter.Filter.Current.Frames);

        Rewrite(rules, "rules:\n  - { name: drop-venue-3, action: drop, dst: 233.54.12.3 }\n  - { name: rest, action: count }\n");
        WaitUntil(() => filter.Filter.HasPending, "the new rules file was not picked up");
        long claimedAfter = harness.Replay(traffic.FeedPcap).ClaimedTotal;

        CompiledRules current = filter.Filter.Current;
        Assert.Equal(["drop-venue-3", "rest"], current.Names);
        Assert.Equal(perVenue[3], current.Frames[0]);
        Assert.Equal(traffic.FeedFrames - perVenue[1] + traffic.FeedFrames - perVenue[3], current.Frames[1]); // "rest" kept its count
        Assert.Equal(perVenue[3], claimedBefore - claimedAfter);
        Assert.Equal(1, filter.Filter.Reloads);

        Rewrite(rules, "rules:\n  - { name: broken, action: explode, dst: 233.54.12.300 }\n");
        WaitUntil(() => filter.Watcher!.Rejected == 1, "the bad rules file was not noticed");
        harness.Replay(traffic.FeedPcap);

        Assert.Same(current, filter.Filter.Current);
        Assert.Equal(2 * perVenue[3], current.Frames[0]);
        Assert.Equal([$"{rules}:2:29: unknown action 'explode' (allow, drop, log or count)", $"{rules}:2:43: 'dst': '233.54.12.300' is not a CIDR block: '233.54.12.300' is not a dotted IPv4 address"],
            filter.Watcher!.LastErrors);
        using var answer = JsonDocument.Parse(filter.Query("rules")!);
        Assert.Equal(1, answer.RootElement.GetProperty("rejected").GetInt64());
        Assert.Equal(2, answer.RootElement.GetProperty("errors").GetArrayLength());
    }

    internal static Dictionary<string, string?> Settings(string rules, bool watch) => new()
    {
        ["RulesFile"] = rules,
        ["WatchRules"] = watch ? "true" : "false",
    };

    // A new version of the file as an editor saves it; its time moved on so that a file system
    // with coarse timestamps still shows a change.
    private static void Rewrite(string path, string text)
    {
        DateTime previous = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, previous.AddSeconds(2));
    }

    // Waits for the watcher's timer thread (it looks once a second); the deadline only keeps a broken build from hanging the run.
    private static void WaitUntil(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            Thread.Sleep(20);
        }
    }
}
