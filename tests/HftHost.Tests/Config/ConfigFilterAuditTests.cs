using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Config;

/// <summary>
/// The venue config's <c>filter</c> and <c>audit</c> sections working together through the real
/// executable: the rules file's drop rule keeps one venue's frames from every decoder, each
/// audited drop reaches the hash-chained trail through the plugin audit channel, and the trail
/// verifies. Bad rules are reported by <c>config validate</c> at their place in the rules file.
/// </summary>
public class ConfigFilterAuditTests
{
    private static readonly string Host = RepoPaths.Host;
    private static readonly string Plugins = Path.Combine(RepoPaths.Root, "artifacts", "plugins");

    [Fact]
    public void Should_drop_one_venue_before_the_decoders_and_audit_every_drop_in_a_trail_that_verifies()
    {
        using var dir = new TempDir();
        string capture = dir.File("feed.pcap"), truthPath = dir.File("truth.json"), config = dir.File("venues.yaml"), trail = dir.File("run.audit");
        Shell.Result gen = Shell.Run(Host, ["gen", "itch", "--venues", "2", "--symbols", "5", "--messages", "3000", "--seed", "9", "--out", capture, "--truth", truthPath]);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        File.WriteAllText(dir.File("venues.rules"), """
            rules:
              - { name: drop-venue-2, action: drop, protocol: udp, dst: 233.54.12.2, dst-port: 26402, audit: true }

            """);
        File.WriteAllText(config, $$"""
            replay: { file: "{{capture}}" }
            venues:
              - { name: one, session: VENUE01, protocol: MoldUdp64, feeds: { one-a: { group: 233.54.12.1, port: 26401 } } }
              - { name: two, session: VENUE02, protocol: MoldUdp64, feeds: { two-a: { group: 233.54.12.2, port: 26402 } } }
            plugins: { directory: "{{Plugins}}", load: [PacketFilter, MoldUdp64], watch: false }
            filter: { rules-file: venues.rules }
            audit: { file: run.audit, flush-interval: 50ms }

            """);

        Shell.Result run = Shell.Run(Host, ["run", "--config", config, "--json"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        using JsonDocument truth = JsonDocument.Parse(File.ReadAllText(truthPath));
        JsonElement[] feeds = [.. truth.RootElement.GetProperty("venues").EnumerateArray()];
        long venueTwoFrames = feeds[1].GetProperty("frames").GetInt64();
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        JsonElement root = json.RootElement;
        Assert.True(venueTwoFrames > 0);
        Assert.Equal(venueTwoFrames, root.GetProperty("filtered_frames").GetInt64());
        Assert.Equal(0, root.GetProperty("unclaimed_frames").GetInt64());
        long[] messages = [.. root.GetProperty("plugin_metrics").EnumerateArray()
            .Where(m => m.GetProperty("name").GetString() == "moldudp64.messages")
            .Select(m => m.GetProperty("tags").GetString() == "session=VENUE01" ? m.GetProperty("value").GetInt64() : -1)];
        Assert.Equal([feeds[0].GetProperty("messages").GetInt64()], messages); // VENUE02 never reached MoldUdp64

        Shell.Result verify = Shell.Run(Host, ["audit", "verify", trail]);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        string[] drops = [.. File.ReadLines(trail).Where(l => l.Contains("\"category\":\"plugin.filter\"", StringComparison.Ordinal))];
        Assert.Equal(venueTwoFrames, drops.Length); // one record per audited drop: the ring never filled on this small feed
        Assert.All(drops, d => Assert.Contains("drop-venue-2", d, StringComparison.Ordinal));
        Assert.Contains(File.ReadLines(trail), l => l.Contains("\"category\":\"config.change\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_report_bad_rules_at_their_place_in_the_rules_file_and_a_filter_without_its_plugin()
    {
        using var dir = new TempDir();
        string config = dir.File("venues.yaml"), rules = dir.File("bad.rules");
        File.WriteAllText(rules, """
            rules:
              - { name: a, action: drop, src: 10.0.0.0/33 }
              - { name: b, action: reject }

            """);
        File.WriteAllText(config, $$"""
            replay: { file: "{{Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap")}}" }
            plugins: { directory: "{{Plugins}}", load: [MoldUdp64] }
            filter: { rules-file: bad.rules }

            """);

        Shell.Result r = Shell.Run(Host, ["config", "validate", config]);

        Assert.Equal(2, r.ExitCode);
        string[] expected =
        [
            $"{config}:3:1: 'filter' needs the PacketFilter plugin, which is not loaded (plugins.load lists MoldUdp64)",
            $"{rules}:2:35: 'src': '10.0.0.0/33' is not a CIDR block: the prefix length is 0..32",
            $"{rules}:3:24: unknown action 'reject' (allow, drop, log or count)",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), r.Stderr.TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal));
    }
}
