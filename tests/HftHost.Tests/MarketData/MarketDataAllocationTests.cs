using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.MarketData;

/// <summary>
/// After warm-up (every venue, instrument and price level met, the order table sized by
/// settings), sequencing, decoding and book building allocate nothing per message: a part
/// of the second half of a generated feed, through the host's dispatcher, allocates 0 bytes
/// (see <see cref="SteadyAllocation"/> for why the least of four parts).
/// </summary>
public class MarketDataAllocationTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    [Fact]
    public void Should_not_allocate_per_message_once_the_books_are_warm()
    {
        List<byte[]> frames = ReadFrames(feed.Pcap);
        var dispatcher = new FrameDispatcher(0, new EventBus());
        IConfiguration none = new ConfigurationBuilder().Build();
        IConfiguration sized = new ConfigurationBuilder().AddInMemoryCollection([new("OrderCapacity", "65536"), new("LevelCapacity", "256")]).Build();
        foreach (HftPlugin plugin in new HftPlugin[] { new MoldUdp64Plugin(), new Itch50Plugin(), new OrderBookPlugin() })
        {
            IConfiguration settings = plugin is OrderBookPlugin ? sized : none;
            var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, NullLogger.Instance, settings, TimeProvider.System);
            var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(1));
            instance.RegisterAndBind([]);
            dispatcher.ApplyNow(DispatcherChange.Adding(instance));
        }
        int half = frames.Count / 2;
        Dispatch(dispatcher, frames, 0, half); // warm-up, and the JIT's tiering

        // The second half in four parts (thousands of messages each): once, in CI with the
        // suite running in parallel, tiering installed code late in the measured window (5,456
        // bytes on this thread) and the test failed.
        int quarter = (frames.Count - half) / 4;
        long allocated = SteadyAllocation.MeasureEach(Enumerable.Range(0, 4).Select(part => (Action)(() =>
            Dispatch(dispatcher, frames, half + part * quarter, part == 3 ? frames.Count : half + (part + 1) * quarter))));

        Assert.Equal(0, allocated);
        Assert.All(dispatcher.Active, i => Assert.Equal(0, i.Faults));
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
        using var reader = HftHost.Sdk.Testing.CaptureReader.Open(path);
        while (reader.TryRead(out HftHost.Sdk.Testing.CapturedFrame frame))
        {
            frames.Add(frame.Bytes.ToArray());
        }
        Assert.Null(reader.Error);
        return frames;
    }
}
