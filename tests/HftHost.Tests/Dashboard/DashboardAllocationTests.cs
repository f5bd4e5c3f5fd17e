using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HftHost.Dashboard;
using HftHost.DataPlane;
using HftHost.Metrics;
using HftHost.Native;
using HftHost.Plugins.FeedQuality;
using HftHost.Plugins.Itch50;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace HftHost.Tests.Dashboard;

/// <summary>
/// The dashboard reads the plugins' figures from its own thread while frames flow: the thread
/// that dispatches frames (here the test's, standing for a poll thread) allocates nothing
/// because of it. The plugins' bbo query, which runs on the poll thread, is what the dashboard
/// asks only every --dashboard-bbo-interval: its cost there is measured and printed.
/// </summary>
public class DashboardAllocationTests(GeneratedFeedFixture feed, ITestOutputHelper output) : IClassFixture<GeneratedFeedFixture>
{
    [Fact]
    public void Should_allocate_nothing_on_the_dispatching_thread_while_the_dashboard_collects()
    {
        List<(byte[] Bytes, long RxNs)> frames = ReadFrames(feed.Pcap);
        // Listening before the plugins create their instruments, and only to this test's: tests
        // running alongside create plugins (and sessions) of their own under the same meter names.
        var ours = new ConcurrentDictionary<Meter, bool>();
        using var meters = new MeterReader(ours.ContainsKey);
        var dispatcher = new FrameDispatcher(0, new EventBus());
        var orderBook = new OrderBookPlugin();
        IConfiguration none = new ConfigurationBuilder().Build();
        IConfiguration sized = new ConfigurationBuilder().AddInMemoryCollection([new("OrderCapacity", "65536"), new("LevelCapacity", "256")]).Build();
        var contexts = new List<PluginContext>();
        foreach (HftPlugin plugin in new HftPlugin[] { new MoldUdp64Plugin(), new Itch50Plugin(), orderBook, new FeedQualityPlugin(), new LatencyPlugin() })
        {
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, plugin == orderBook ? sized : none, TimeProvider.System);
            contexts.Add(context);
            ours[context.Meter] = true;
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(1));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
        }
        var collector = new DashboardCollector(
            new DashboardSources { Title = "test", Counters = () => default(FrameCounters), Stats = () => default(PortStats), Meters = meters, IsReplay = true },
            new DashboardSettings { Live = false, Interval = TimeSpan.FromMilliseconds(10) });
        collector.Start();
        int half = frames.Count / 2;
        Dispatch(dispatcher, frames, 0, half); // warm-up: every session, instrument and level met; the JIT's tiering
        dispatcher.OnIdle(drained: false);     // the Latency plugin's first snapshot

        long collections = 0;
        DashboardModel? last = null;
        Exception? failure = null;
        var stop = new ManualResetEventSlim();
        var dashboard = new Thread(() =>
        {
            try
            {
                while (!stop.IsSet)
                {
                    last = collector.Collect(final: false);
                    Interlocked.Increment(ref collections);
                }
            }
            catch (Exception ex)
            {
                failure = ex; // asserted on the test thread
            }
        });
        dashboard.Start();

        long before = GC.GetAllocatedBytesForCurrentThread();
        int step = (frames.Count - half) / 8;
        for (int from = half; from < frames.Count; from += step)
        {
            // Not timed: each eighth of the frames waits until the dashboard has collected again,
            // so collections run all through the measured half.
            long seen = Interlocked.Read(ref collections);
            Dispatch(dispatcher, frames, from, Math.Min(frames.Count, from + step));
            while (Interlocked.Read(ref collections) == seen && failure is null)
            {
                Thread.Yield();
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        stop.Set();
        dashboard.Join();

        Assert.Null(failure);
        Assert.Equal(0, allocated);
        Assert.True(collections >= 8, $"{collections} collections");
        Assert.Equal(feed.Sessions, last!.Feeds.Select(f => f.Session));
        Assert.True(last.Feeds.All(f => f.Messages > 0));
        Assert.Equal(feed.Sessions, last.Latency.Select(l => l.Session));

        // What one refresh costs the dashboard's own thread (for the README; Spectre.Console's rendering dominates).
        var text = new DashboardText();
        text.Render(collector.Collect(final: false));
        long beforeRefresh = GC.GetAllocatedBytesForCurrentThread();
        DashboardModel model = collector.Collect(final: false);
        long collected = GC.GetAllocatedBytesForCurrentThread() - beforeRefresh;
        string snapshot = text.Render(model);
        long rendered = GC.GetAllocatedBytesForCurrentThread() - beforeRefresh - collected;
        Assert.Contains("| VENUE01 |", snapshot, StringComparison.Ordinal);
        output.WriteLine($"one refresh on the dashboard's thread: collecting allocated {collected:N0} bytes, rendering {snapshot.Length:N0} characters of text {rendered:N0} bytes");

        // The bbo query, on this thread between two bursts as the plugin manager runs it.
        string? answer = null;
        var query = DispatcherChange.Running(() => answer = orderBook.Query("bbo"));
        dispatcher.Post(query);
        long beforeQuery = GC.GetAllocatedBytesForCurrentThread();
        dispatcher.AtBurstBoundary();
        long queryBytes = GC.GetAllocatedBytesForCurrentThread() - beforeQuery;
        Assert.StartsWith("[{\"session\":", answer, StringComparison.Ordinal);
        output.WriteLine($"one bbo query ({answer!.Length:N0} characters of JSON) allocated {queryBytes:N0} bytes on the dispatching thread; {collections:N0} dashboard collections allocated none there");
        contexts.ForEach(c => c.Dispose());
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

    private static List<(byte[] Bytes, long RxNs)> ReadFrames(string path)
    {
        var frames = new List<(byte[] Bytes, long RxNs)>();
        using CaptureReader reader = CaptureReader.Open(path);
        while (reader.TryRead(out CapturedFrame frame))
        {
            frames.Add((frame.Bytes.ToArray(), frame.TimestampNs));
        }
        return frames;
    }
}
