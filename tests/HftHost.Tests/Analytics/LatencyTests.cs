using System.Text.Json;
using HftHost.Latency;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Histograms;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;

namespace HftHost.Tests.Analytics;

/// <summary>
/// The latency plugin behind the MoldUDP64 plugin on a generated feed, whose frames are
/// stamped 25 µs after the newest ITCH timestamp they carry (host/Generator: WireLatencyNs),
/// counted from New York midnight of 2024-06-03.
/// </summary>
public class LatencyTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    private const long WireNs = 25_000;

    // 2024-06-03 00:00 in New York (EDT, UTC-4).
    private static readonly long NewYorkMidnight = new DateTimeOffset(2024, 6, 3, 0, 0, 0, TimeSpan.FromHours(-4)).ToUnixTimeMilliseconds() * 1_000_000;

    [Fact]
    public void Should_measure_the_generators_fixed_25_microsecond_wire_latency_at_every_percentile()
    {
        var (plugin, latency) = Run([]);

        Assert.Equal(3, plugin.Sessions.Count);
        foreach (FeedLatency s in plugin.Sessions)
        {
            Assert.Equal(NewYorkMidnight, s.MidnightUnixNs);
            HdrHistogram wire = s[LatencyMetric.Wire];
            Assert.True(wire.TotalCount > 1000, $"{s.Name}: {wire.TotalCount} frames");
            Assert.Equal(0, wire.OutOfRangeCount);
            long top = wire.HighestEquivalentValue(WireNs);
            Assert.Equal(wire.LowestEquivalentValue(WireNs), wire.Min);
            Assert.Equal(top, wire.Max);
            JsonElement ours = latency.RootElement.GetProperty("sessions").EnumerateArray().Single(j => j.GetProperty("session").GetString() == s.Name);
            foreach (string p in new[] { "p50", "p90", "p99", "p99.9", "p99.99", "max" })
            {
                Assert.Equal(top, ours.GetProperty("wire").GetProperty(p).GetInt64());
            }
            // Within the histogram's precision (3 digits: 0.1%) of 25 µs.
            Assert.InRange(top, WireNs, WireNs + WireNs / 1000);
            // Per message the exchange's batching adds to it: never less than the wire.
            HdrHistogram perMessage = s[LatencyMetric.ExchangeToRx];
            Assert.Equal(wire.LowestEquivalentValue(WireNs), perMessage.Min);
            Assert.Equal(s.Messages - s.RecoveredMessages - s.ShortMessages, perMessage.TotalCount);
            Assert.True(s[LatencyMetric.Jitter].TotalCount > 0);
            // A replay's frames are years old: receive-to-plugin is only meaningful live.
            Assert.Equal(wire.TotalCount, s[LatencyMetric.RxToPlugin].OutOfRangeCount);
        }
    }

    [Fact]
    public void Should_count_breaches_of_a_10_microsecond_target_and_none_of_a_100_microsecond_one()
    {
        string[] sessions = [.. feed.Sessions];
        var (plugin, latency) = Run(new Dictionary<string, string?>
        {
            [$"TargetsMicroseconds:{sessions[0]}"] = "10",
            [$"TargetsMicroseconds:{sessions[1]}"] = "100",
        });

        FeedLatency tight = plugin.Sessions.Single(s => s.Name == sessions[0]);
        FeedLatency loose = plugin.Sessions.Single(s => s.Name == sessions[1]);
        FeedLatency none = plugin.Sessions.Single(s => s.Name == sessions[2]);
        Assert.Equal(tight[LatencyMetric.Wire].TotalCount, tight.Breaches); // every frame is 25 µs > 10 µs
        Assert.Equal(10_000, tight.TargetNs);
        Assert.Equal(0, loose.Breaches);
        Assert.Equal(0, none.Breaches);
        Assert.Equal(tight.Breaches, latency.RootElement.GetProperty("sessions").EnumerateArray()
            .Single(j => j.GetProperty("session").GetString() == sessions[0]).GetProperty("breaches").GetInt64());
    }

    [Fact]
    public void Should_derive_midnight_in_the_configured_zone_across_daylight_saving()
    {
        TimeZoneInfo ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        long summerRx = NewYorkMidnight + (9 * 3600 + 30 * 60) * 1_000_000_000L;
        Assert.Equal(NewYorkMidnight, LatencyPlugin.MidnightOf(summerRx, ny));
        long winterMidnight = new DateTimeOffset(2024, 12, 2, 0, 0, 0, TimeSpan.FromHours(-5)).ToUnixTimeMilliseconds() * 1_000_000;
        Assert.Equal(winterMidnight, LatencyPlugin.MidnightOf(winterMidnight + 23L * 3600 * 1_000_000_000, ny));
    }

    private (LatencyPlugin Plugin, JsonDocument Latency) Run(Dictionary<string, string?> settings)
    {
        var plugin = new LatencyPlugin();
        using var harness = new PluginTestHarness(plugin, settings);
        harness.AddPlugin(new MoldUdp64Plugin());
        ReplayResult result = harness.Replay(feed.Pcap);
        Assert.Equal(0, result.Faults);
        return (plugin, JsonDocument.Parse(plugin.Query("latency")!));
    }
}
