using HftHost.Plugins.CrossVenue;
using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Sdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.CrossVenue;

/// <summary>
/// After warm-up (every venue and symbol seen), the whole chain with the book publishing its
/// tops and CrossVenue consolidating them, opening, announcing and closing opportunities,
/// allocates nothing: the second half of the generated feed, through the host's dispatcher,
/// allocates 0 bytes.
/// </summary>
public class CrossVenueAllocationTests(CrossVenueFeedFixture feed) : IClassFixture<CrossVenueFeedFixture>
{
    [Theory]
    [InlineData("0")]
    [InlineData("50000")] // announcements wait for the minimum duration: the pending queue works too
    public void Should_not_allocate_per_message_once_warm(string minDurationMicroseconds)
    {
        List<byte[]> frames = ReadFrames(feed.Pcap);
        var dispatcher = new FrameDispatcher(0, new EventBus());
        IConfiguration none = new ConfigurationBuilder().Build();
        IConfiguration book = new ConfigurationBuilder().AddInMemoryCollection([new("OrderCapacity", "65536"), new("LevelCapacity", "256")]).Build();
        IConfiguration cross = new ConfigurationBuilder().AddInMemoryCollection([new("MinDurationMicroseconds", minDurationMicroseconds)]).Build();
        var crossVenue = new CrossVenuePlugin();
        foreach (HftPlugin plugin in new HftPlugin[] { new MoldUdp64Plugin(), new Itch50Plugin(), new OrderBookPlugin(), crossVenue })
        {
            IConfiguration settings = plugin switch { OrderBookPlugin => book, CrossVenuePlugin => cross, _ => none };
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, settings, TimeProvider.System);
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(1));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
        }
        int half = frames.Count / 2;
        Dispatch(dispatcher, frames, 0, half); // warm-up, and the JIT's tiering
        long reportedBefore = crossVenue.History.Total;

        long before = GC.GetAllocatedBytesForCurrentThread();
        Dispatch(dispatcher, frames, half, frames.Count);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.All(dispatcher.Active, i => Assert.Equal(0, i.Faults));
        Assert.True(crossVenue.History.Total > reportedBefore, "opportunities were reported in the measured half");
    }

    private static void Dispatch(FrameDispatcher dispatcher, List<byte[]> frames, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if ((i & 31) == 0)
            {
                dispatcher.AtBurstBoundary();
            }
            FrameView frame = FrameParser.Parse(frames[i], i, frames[i].Length, 0, 0);
            dispatcher.Dispatch(in frame);
        }
    }

    private static List<byte[]> ReadFrames(string path)
    {
        var frames = new List<byte[]>();
        using var reader = CaptureReader.Open(path);
        while (reader.TryRead(out CapturedFrame frame))
        {
            frames.Add(frame.Bytes.ToArray());
        }
        Assert.Null(reader.Error);
        return frames;
    }
}
