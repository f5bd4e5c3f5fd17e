using HftHost.Latency;
using HftHost.MoldUdp64;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.Analytics;

/// <summary>
/// The latency plugin publishes a <see cref="LatencyAlert"/> for every frame above a session's
/// wire-latency target. On a generated feed without faults every data frame is stamped 25 µs
/// after its newest ITCH timestamp (host/Generator: WireLatencyNs), so a 10 µs target is
/// breached by every data frame of its session, and a 100 µs one by none. The frames expected
/// are read from the capture itself, independently of the plugins.
/// </summary>
public class LatencyAlertTests(CleanFeedFixture feed) : IClassFixture<CleanFeedFixture>
{
    [Fact]
    public void Should_publish_one_alert_per_frame_above_a_10_microsecond_target_and_none_at_100()
    {
        string[] sessions = [.. feed.Truth.RootElement.GetProperty("venues").EnumerateArray().Select(v => v.GetProperty("session").GetString()!)];
        var plugin = new LatencyPlugin();
        using var harness = new PluginTestHarness(plugin, new Dictionary<string, string?>
        {
            [$"TargetsMicroseconds:{sessions[0]}"] = "10",
            [$"TargetsMicroseconds:{sessions[1]}"] = "100",
        });
        harness.AddPlugin(new MoldUdp64Plugin());
        var alerts = new List<LatencyAlert>();
        harness.Subscribe<LatencyAlert>(alerts.Add);

        ReplayResult result = harness.Replay(feed.Pcap);

        Assert.Equal(0, result.Faults);
        MoldSession tight = MoldSession.FromText(sessions[0]);
        List<long> expected = MoldCapture.DataFrameTimes(feed.Pcap, tight);
        Assert.True(expected.Count > 100, $"{expected.Count} data frames of {sessions[0]}");
        Assert.All(alerts, a =>
        {
            Assert.Equal(tight, a.Session);
            Assert.Equal(LatencyMetric.Wire, a.Metric);
            Assert.Equal(10_000, a.TargetNs);
            Assert.InRange(a.ObservedNs, 25_000, 25_000 + 25); // 25 µs within the histogram's 0.1%
        });
        // Exactly the session's data frames, each once; nothing for the 100 µs target or no target.
        Assert.Equal(expected, alerts.Select(a => a.RxTimestampNs).Order().ToList());
        Assert.Equal(expected.Count, plugin.Sessions.Single(s => s.Name == sessions[0]).Breaches);
    }

    [Fact]
    public void Should_publish_no_alert_without_a_target()
    {
        using var harness = new PluginTestHarness(new LatencyPlugin());
        harness.AddPlugin(new MoldUdp64Plugin());
        var alerts = new List<LatencyAlert>();
        harness.Subscribe<LatencyAlert>(alerts.Add);

        harness.Replay(feed.Pcap);

        Assert.Empty(alerts);
    }
}
