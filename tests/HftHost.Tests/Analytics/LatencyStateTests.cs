using HftHost.Latency;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk;
using HftHost.Sdk.Histograms;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;
using HftHost.Tests.Support;

namespace HftHost.Tests.Analytics;

/// <summary>
/// Across a hot reload the latency plugin hands its histograms and counters to the new build:
/// a feed replayed in two halves, with the state of the first build imported by the second
/// (as the host's reload does, MoldUDP64's state too), ends with exactly the histograms and
/// counters of the whole feed replayed by one build.
/// </summary>
public sealed class LatencyStateTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Should_continue_counts_and_percentiles_after_a_reload_as_if_none_happened()
    {
        (string firstHalf, string secondHalf) = Split(feed.Pcap);
        var targets = new Dictionary<string, string?> { [$"TargetsMicroseconds:{feed.Sessions.First()}"] = "10" };

        byte[] latencyState;
        byte[] moldState;
        long firstHalfWireFrames;
        var before = new LatencyPlugin();
        using (var harness = new PluginTestHarness(before, targets))
        {
            var mold = new MoldUdp64Plugin();
            harness.AddPlugin(mold);
            harness.Replay(firstHalf);
            firstHalfWireFrames = before.Sessions.Sum(s => s[LatencyMetric.Wire].TotalCount);
            latencyState = harness.ExportState();
            moldState = Export(mold);
        }
        var after = new LatencyPlugin();
        using var reloaded = new PluginTestHarness(after, targets);
        var reloadedMold = new MoldUdp64Plugin();
        reloaded.AddPlugin(reloadedMold);
        reloaded.ImportState(latencyState);
        Import(reloadedMold, moldState);
        Assert.Equal(firstHalfWireFrames, after.Sessions.Sum(s => s[LatencyMetric.Wire].TotalCount)); // imported before any new frame
        ReplayResult result = reloaded.Replay(secondHalf);

        var whole = new LatencyPlugin();
        using (var harness = new PluginTestHarness(whole, targets))
        {
            harness.AddPlugin(new MoldUdp64Plugin());
            harness.Replay(feed.Pcap);
        }

        Assert.Equal(0, result.Faults);
        Assert.Equal(whole.Sessions.Select(s => s.Name).Order(), after.Sessions.Select(s => s.Name).Order());
        Assert.InRange(firstHalfWireFrames, 1, whole.Sessions.Sum(s => s[LatencyMetric.Wire].TotalCount) - 1);
        foreach (FeedLatency expected in whole.Sessions)
        {
            FeedLatency actual = after.Sessions.Single(s => s.Name == expected.Name);
            Assert.Equal(expected.MidnightUnixNs, actual.MidnightUnixNs);
            Assert.Equal(expected.Messages, actual.Messages);
            Assert.Equal(expected.RecoveredMessages, actual.RecoveredMessages);
            Assert.Equal(expected.ShortMessages, actual.ShortMessages);
            Assert.Equal(expected.Breaches, actual.Breaches);
            foreach (LatencyMetric metric in Enum.GetValues<LatencyMetric>())
            {
                HdrHistogram e = expected[metric];
                HdrHistogram a = actual[metric];
                Assert.Equal(e.TotalCount, a.TotalCount);
                Assert.Equal(e.OutOfRangeCount, a.OutOfRangeCount);
                Assert.Equal(e.Min, a.Min);
                Assert.Equal(e.Max, a.Max);
                foreach (double p in new[] { 50, 90, 99, 99.9, 99.99 })
                {
                    Assert.Equal(e.GetValueAtPercentile(p), a.GetValueAtPercentile(p));
                }
                // Every count in every bucket.
                Assert.Equal(HdrHistogramEncoding.Encode(e), HdrHistogramEncoding.Encode(a));
            }
        }
        // The query, which reads the refreshed snapshots, agrees too.
        Assert.Equal(whole.Query("latency"), after.Query("latency"));
    }

    [Fact]
    public void Should_refuse_state_of_another_version_so_the_old_build_keeps_running()
    {
        using var harness = new PluginTestHarness(new LatencyPlugin());
        byte[] state = harness.ExportState();
        state[0] ^= 0x7f; // the version number comes first (PluginState)

        var ex = Assert.Throws<InvalidDataException>(() => harness.ImportState(state));
        Assert.Contains("Latency state version", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static byte[] Export(HftPlugin plugin)
    {
        using var state = new MemoryStream();
        plugin.ExportState(state);
        return state.ToArray();
    }

    private static void Import(HftPlugin plugin, byte[] state)
    {
        using var source = new MemoryStream(state, writable: false);
        plugin.ImportState(source);
    }

    // The capture's first and second half of frames, as two captures (ns timestamps kept).
    private (string First, string Second) Split(string pcap)
    {
        var frames = new List<(long Ns, byte[] Bytes)>();
        using (CaptureReader reader = CaptureReader.Open(pcap))
        {
            while (reader.TryRead(out CapturedFrame frame))
            {
                frames.Add((frame.TimestampNs, frame.Bytes.ToArray()));
            }
        }
        var first = new PcapWriter(nanosecond: true);
        var second = new PcapWriter(nanosecond: true);
        for (int i = 0; i < frames.Count; i++)
        {
            (i < frames.Count / 2 ? first : second).Add(frames[i].Ns, frames[i].Bytes);
        }
        File.WriteAllBytes(_dir.File("first.pcap"), first.ToArray());
        File.WriteAllBytes(_dir.File("second.pcap"), second.ToArray());
        return (_dir.File("first.pcap"), _dir.File("second.pcap"));
    }
}
