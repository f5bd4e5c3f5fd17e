using HftHost.Plugins.FeedQuality;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Analytics;

/// <summary>
/// Once every session has been seen (its histograms and records created), the latency and
/// feed-quality plugins allocate nothing per frame: the second half of a generated feed with
/// faults, through the host's dispatcher behind the MoldUDP64 plugin, allocates 0 bytes.
/// </summary>
public class AnalyticsAllocationTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    [Fact]
    public void Should_not_allocate_per_frame_once_every_session_is_known()
    {
        var frames = new List<(byte[] Bytes, long RxNs)>();
        using (CaptureReader reader = CaptureReader.Open(feed.Pcap))
        {
            while (reader.TryRead(out CapturedFrame frame))
            {
                frames.Add((frame.Bytes.ToArray(), frame.TimestampNs));
            }
        }
        var dispatcher = new FrameDispatcher(0, new EventBus());
        var latency = new LatencyPlugin();
        var quality = new FeedQualityPlugin();
        IConfiguration targets = new ConfigurationBuilder().AddInMemoryCollection([new("TargetsMicroseconds:" + feed.Sessions.First(), "10")]).Build();
        foreach (HftPlugin plugin in new HftPlugin[] { new MoldUdp64Plugin(), latency, quality })
        {
            IConfiguration settings = plugin is LatencyPlugin ? targets : new ConfigurationBuilder().Build();
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, settings, TimeProvider.System);
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(1));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
        }
        int half = frames.Count / 2;
        Dispatch(dispatcher, frames, 0, half); // warm-up: every session met, and the JIT's tiering

        // The second half in four parts, each after a pause for the background compiler
        // (SteadyAllocation): tiering that installs code late, with the suite running in
        // parallel, allocates on this thread once (LatencyAllocationTests and
        // MarketDataAllocationTests each failed in CI so, measured in one window); an
        // allocation per frame shows in every part.
        int quarter = (frames.Count - half) / 4;
        long allocated = SteadyAllocation.MeasureEach(Enumerable.Range(0, 4).Select(part => (Action)(() =>
            Dispatch(dispatcher, frames, half + part * quarter, part == 3 ? frames.Count : half + (part + 1) * quarter))));

        Assert.Equal(0, allocated);
        Assert.All(dispatcher.Active, i => Assert.Equal(0, i.Faults));
        Assert.Equal(3, latency.Sessions.Count);
        Assert.True(latency.Sessions[0].Breaches > 0);
        Assert.Equal(3, quality.Sessions.Count);
        Assert.True(quality.Sessions.Sum(s => s.Messages) > 100_000);
    }

    private static void Dispatch(FrameDispatcher dispatcher, List<(byte[] Bytes, long RxNs)> frames, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if ((i & 31) == 0)
            {
                dispatcher.AtBurstBoundary();
            }
            FrameView frame = FrameParser.Parse(frames[i].Bytes, frames[i].RxNs, frames[i].Bytes.Length, 0, 0);
            dispatcher.Dispatch(in frame);
        }
    }
}
