using System.Text.Json;
using HftHost.DataPlane;
using HftHost.MoldUdp64;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Histograms;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Analytics;

/// <summary>
/// The host's own reload path: the built MoldUdp64 and Latency plugins (artifacts/plugins) loaded
/// by the plugin manager, a paced replay of a generated capture through the real port and poll
/// loop, and Latency reloaded while frames flow. At the end the reloaded build reports exactly
/// what one build reports for the whole capture, and the histogram log both builds wrote has
/// one header and every frame once.
/// </summary>
public sealed class LatencyReloadTests(CleanFeedFixture feed) : IClassFixture<CleanFeedFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Should_carry_histograms_counters_and_the_histogram_log_across_a_reload_by_the_host()
    {
        long totalFrames = feed.Truth.RootElement.GetProperty("frames").GetInt64();
        double captureSeconds = (feed.Truth.RootElement.GetProperty("lastTimestampNs").GetInt64()
            - feed.Truth.RootElement.GetProperty("firstTimestampNs").GetInt64()) / 1e9;
        string hlog = _dir.File("reload.hlog");
        IConfiguration latencySettings = new ConfigurationBuilder().AddInMemoryCollection(
            [new("HistogramLog", hlog), new("HistogramLogIntervalMilliseconds", "200")]).Build();
        var options = new PluginHostOptions
        {
            Directory = Path.Combine(RepoPaths.Root, "artifacts", "plugins"),
            ShadowRoot = _dir.File("shadow"),
            Watch = false,
            Load = ["MoldUdp64", "Latency"],
            Plugins = new Dictionary<string, PluginEntry> { ["Latency"] = new PluginEntry(latencySettings, []) },
        };

        string reported;
        long framesAtReload;
        long framesConsumed;
        using (var manager = new PluginManager(options, 1, NullLoggerFactory.Instance))
        {
            manager.LoadAll();
            using var port = NativePort.Open(new PortSettings
            {
                Backend = PortBackend.Pcap, Source = feed.Pcap, Overflow = OverflowPolicy.Wait,
                // About 6 s of traffic: time to reload while frames still come.
                PacePermille = (uint)Math.Max(1000, captureSeconds / 6 * 1000),
            });
            using var pipeline = new PortPipeline<PluginHandler>(port, q => new PluginHandler(manager.Dispatchers[q]), IdleMode.Backoff, NullLogger.Instance);
            pipeline.Start();
            manager.SetPollThreadsRunning(true);
            WaitUntil(() => Consumed(pipeline) >= totalFrames / 5, "a fifth of the frames");

            ReloadResult reload = manager.Reload("Latency");
            framesAtReload = Consumed(pipeline);
            Assert.True(reload.Succeeded, reload.Message);

            WaitUntil(() => pipeline.Wait(TimeSpan.FromMilliseconds(50)), "the end of the replay");
            pipeline.Stop();
            manager.SetPollThreadsRunning(false);
            Assert.Null(pipeline.Failure);
            framesConsumed = Consumed(pipeline);
            Assert.Equal(2, manager.List().Single(p => p.Name == "Latency").Generation);
            (bool ok, string answer) = manager.Query("Latency", "latency");
            Assert.True(ok, answer);
            reported = answer;
        } // unloads: each build's log has written its last interval

        Assert.Equal(totalFrames, framesConsumed);
        Assert.InRange(framesAtReload, 1, totalFrames - 1); // the reload happened under traffic
        // One build, the whole capture, no reload: the same figures to the last bucket.
        var whole = new LatencyPlugin();
        using (var harness = new PluginTestHarness(whole))
        {
            harness.AddPlugin(new MoldUdp64Plugin());
            harness.Replay(feed.Pcap);
        }
        Assert.Equal(whole.Query("latency"), reported);

        string[] lines = File.ReadAllLines(hlog);
        Assert.Single(lines, l => l.StartsWith("#[Histogram log format version", StringComparison.Ordinal));
        var wire = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var text = new StreamReader(hlog))
        {
            var reader = new HistogramLogReader(text);
            while (reader.ReadNextInterval() is { } entry)
            {
                wire[entry.Tag!] = wire.GetValueOrDefault(entry.Tag!) + entry.Histogram.TotalCount;
            }
        }
        foreach (FeedLatency s in whole.Sessions)
        {
            Assert.Equal(MoldCapture.DataFrameTimes(feed.Pcap, MoldSession.FromText(s.Name)).Count, wire[$"{s.Name}.wire"]);
        }
    }

    public void Dispose() => _dir.Dispose();

    private static long Consumed(PortPipeline<PluginHandler> pipeline) => pipeline.Loops.Sum(l => l.Counters.Frames);

    private static void WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 120 s for {what}");
            Thread.Sleep(5);
        }
    }
}
