using HftHost.Config;
using HftHost.Native;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Tests.Support;

namespace HftHost.Tests.Config;

/// <summary>What a valid venue configuration becomes: named feeds, bindings, latency targets, sections.</summary>
public class VenueConfigTests
{
    private const string TwoVenues = """
        venues:
          - name: nasdaq
            session: VENUE01
            protocol: MoldUdp64
            latency-target-us: 20
            feeds:
              nasdaq-a: { group: 233.54.12.1, port: 26401, source: 10.54.12.0/24 }
              nasdaq-b: { group: 233.54.12.3, port: 26403 }
          - name: bats
            session: VENUE02
            protocol: MoldUdp64
            decoder: moldudp64
            latency-target-us: 12.5
            feeds:
              bats-a: { group: 233.54.12.2, port: 26402 }
        feeds:
          control: { group: 239.1.1.1, port: 30001 }
        plugins:
          directory: "PLUGINS"
          load:
            - PacketFilter
            - MoldUdp64
            - name: Latency
              settings: { AlertLogIntervalMilliseconds: 250 }
        replay:
          file: "CAPTURE"
          loop: 2
        filter:
          rules-file: venues.rules
        audit:
          file: trail/hfthost.audit
          rotate-size: 1MiB

        """;

    [Fact]
    public void Should_turn_venues_into_named_feeds_bindings_and_latency_targets()
    {
        using var dir = new TempDir();
        ListenConfig config = Load(dir, TwoVenues);

        Assert.Equal(["nasdaq", "bats"], config.Venues.Select(v => v.Name));
        Assert.Equal(new Dictionary<string, string> { ["VENUE01"] = "nasdaq", ["VENUE02"] = "bats" }, config.VenueBySession);
        Assert.Equal(new Ipv4Cidr((10u << 24) | (54u << 16) | (12u << 8), 24), config.Venues[0].Feeds[0].Source);

        var plugins = config.Plugins!;
        Assert.Equal(FeedEndpoint.Udp("233.54.12.1", 26401), plugins.Feeds["nasdaq-a"]);
        Assert.Equal(FeedEndpoint.Udp("233.54.12.3", 26403), plugins.Feeds["nasdaq-b"]);
        Assert.Equal(FeedEndpoint.Udp("233.54.12.2", 26402), plugins.Feeds["bats-a"]);
        Assert.Equal(FeedEndpoint.Udp("239.1.1.1", 30001), plugins.Feeds["control"]);
        Assert.Equal(
            [new ConfiguredBinding(null, null, "nasdaq-a"), new ConfiguredBinding(null, null, "nasdaq-b"), new ConfiguredBinding("moldudp64", null, "bats-a")],
            plugins.Plugins["MoldUdp64"].Bindings);

        // The Latency plugin's own settings stay; the venues' targets join them, keyed by session.
        var latency = plugins.Plugins["Latency"].Settings;
        Assert.Equal("20", latency["TargetsMicroseconds:VENUE01"]);
        Assert.Equal("12.5", latency["TargetsMicroseconds:VENUE02"]);
        Assert.Equal("250", latency["AlertLogIntervalMilliseconds"]);
        Assert.Empty(plugins.Plugins["Latency"].Bindings);
    }

    [Fact]
    public void Should_read_the_replay_filter_and_audit_sections()
    {
        using var dir = new TempDir();
        ListenConfig config = Load(dir, TwoVenues);

        Assert.Equal(PortBackend.Pcap, config.Port.Backend);
        Assert.Equal(Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap"), config.Port.Source);
        Assert.Equal(2u, config.Port.Loops);
        Assert.Equal(dir.File("venues.rules"), config.Filter!.RulesFile);
        Assert.Equal(new AuditSection(dir.File("trail/hfthost.audit"), TimeSpan.FromSeconds(1), 1 << 20), config.Audit);
    }

    [Theory]
    [InlineData("rotate-size: 65536", 65536)]
    [InlineData("rotate-size: 64KiB", 64 << 10)]
    [InlineData("rotate-size: 10MB", 10_000_000)]
    [InlineData("rotate-size: 1.5GiB", 3L << 29)]
    [InlineData("flush-interval: 250ms", 0)]
    public void Should_read_audit_sizes_and_intervals_in_their_units(string setting, long bytes)
    {
        using var dir = new TempDir();
        ListenConfig config = Load(dir, TwoVenues.Replace("rotate-size: 1MiB", setting, StringComparison.Ordinal));

        if (bytes != 0)
        {
            Assert.Equal(bytes, config.Audit!.RotateBytes);
        }
        else
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250), config.Audit!.FlushInterval);
            Assert.Equal(AuditSection.DefaultRotateBytes, config.Audit.RotateBytes);
        }
    }

    [Fact]
    public void Should_accept_json_with_the_same_sections()
    {
        using var dir = new TempDir();
        string capture = Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");
        string plugins = Path.Combine(RepoPaths.Root, "artifacts", "plugins");
        string json = $$"""
            {"venues": [{"name": "nasdaq", "session": "HFTSIM01", "protocol": "MoldUdp64",
                         "feeds": {"sim": {"group": "233.54.12.111", "port": 26477} } }],
             "plugins": {"directory": "{{plugins}}", "load": ["MoldUdp64"] },
             "replay": {"file": "{{capture}}"} }
            """;
        string path = dir.File("venues.json");
        File.WriteAllText(path, json);

        ListenConfig config = ListenConfig.Load(path, allowReplay: true);

        Assert.Equal("HFTSIM01", Assert.Single(config.Venues).Session);
    }

    private static ListenConfig Load(TempDir dir, string yaml)
    {
        Directory.CreateDirectory(dir.File("trail"));
        File.WriteAllText(dir.File("venues.rules"), "rules: []\n");
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, VenueConfigErrorTests.Fill(yaml));
        return ListenConfig.Load(path, allowReplay: true);
    }
}
