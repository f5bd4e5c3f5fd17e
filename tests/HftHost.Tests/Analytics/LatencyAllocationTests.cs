using HftHost.Latency;
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
/// With everything on — a target every frame breaches, a plugin subscribed to the alerts and
/// the histogram log being written — the latency plugin still allocates nothing per frame on
/// the poll thread once every session is known: the alerts are structs delivered by reference,
/// and the log's intervals are taken and written on the log's own thread.
/// </summary>
public sealed class LatencyAllocationTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Should_not_allocate_per_frame_with_alerts_subscribed_and_the_histogram_log_on()
    {
        var frames = new List<(byte[] Bytes, long RxNs)>();
        using (CaptureReader reader = CaptureReader.Open(feed.Pcap))
        {
            while (reader.TryRead(out CapturedFrame frame))
            {
                frames.Add((frame.Bytes.ToArray(), frame.TimestampNs));
            }
        }
        string hlog = _dir.File("alloc.hlog");
        IConfiguration latencySettings = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("TargetsMicroseconds:" + feed.Sessions.First(), "10"),
            new("HistogramLog", hlog),
            new("HistogramLogIntervalMilliseconds", "10"),
        ]).Build();
        var dispatcher = new FrameDispatcher(0, new EventBus());
        var latency = new LatencyPlugin();
        var counter = new AlertCounter();
        var instances = new List<PluginInstance>();
        foreach (HftPlugin plugin in new HftPlugin[] { new MoldUdp64Plugin(), latency, counter })
        {
            IConfiguration settings = plugin is LatencyPlugin ? latencySettings : new ConfigurationBuilder().Build();
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, settings, TimeProvider.System);
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(1));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
            instances.Add(instance);
        }
        int half = frames.Count / 2;
        Dispatch(dispatcher, frames, 0, half); // warm-up: every session met (the log's thread started), the JIT's tiering
        long alertsBefore = counter.Alerts;

        // The second half in four parts, each measured after a pause for the background
        // compiler (SteadyAllocation): once, in CI with the suite running in parallel, the
        // whole half measured at once counted 5,816 bytes on this thread, what tiering
        // installing code late costs (MarketDataAllocationTests saw the same). An allocation
        // per frame shows in every part.
        int quarter = (frames.Count - half) / 4;
        long allocated = SteadyAllocation.MeasureEach(Enumerable.Range(0, 4).Select(part => (Action)(() =>
            Dispatch(dispatcher, frames, half + part * quarter, part == 3 ? frames.Count : half + (part + 1) * quarter))));

        foreach (PluginInstance instance in instances)
        {
            dispatcher.ApplyNow(DispatcherChange.Removing(instance));
            instance.Dispose(); // the log writes its last interval
        }
        Assert.Equal(0, allocated);
        Assert.All(instances, i => Assert.Equal(0, i.Faults));
        Assert.True(counter.Alerts > alertsBefore, $"{counter.Alerts} alerts, {alertsBefore} in the first half");
        Assert.Equal(latency.Sessions.Single(s => s.Name == feed.Sessions.First()).Breaches, counter.Alerts);
        Assert.Contains(File.ReadLines(hlog), l => l.StartsWith($"Tag={feed.Sessions.First()}.wire,", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

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

    /// <summary>Another plugin on the queue that acts on the alerts: it counts them.</summary>
    private sealed class AlertCounter : HftPlugin, IEventSubscriber<LatencyAlert>
    {
        public long Alerts { get; private set; }

        public override void Register(IPluginRegistry registry) => registry.Subscribe<LatencyAlert>(this);

        public void OnEvent(in LatencyAlert evt) => Alerts++;
    }
}
