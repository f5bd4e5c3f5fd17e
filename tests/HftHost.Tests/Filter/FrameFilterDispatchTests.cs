using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.Filter;

/// <summary>
/// The SDK's filter stage: filters of every plugin run before the route lookup; a dropped frame
/// reaches no decoder and is counted; a filter that throws is a fault of its plugin (the frame
/// goes on) up to quarantine.
/// </summary>
public class FrameFilterDispatchTests
{
    [Fact]
    public void Should_drop_frames_before_any_decoder_and_count_them_on_the_dispatcher()
    {
        var decoderPlugin = new DecoderPlugin();
        var filterPlugin = new FilterPlugin(port => port == 2 ? FilterVerdict.Drop : FilterVerdict.Allow);
        var dispatcher = new FrameDispatcher(0, new EventBus());
        Add(dispatcher, filterPlugin);
        Add(dispatcher, decoderPlugin);

        for (ushort port = 1; port <= 4; port++)
        {
            Dispatch(dispatcher, TestFrames.Udp([1], destinationPort: port));
        }

        Assert.Equal([1, 3, 4], decoderPlugin.Ports);
        Assert.Equal([1, 2, 3, 4], filterPlugin.Seen);
        Assert.Equal((4L, 1L, 0L), (dispatcher.Frames, dispatcher.Filtered, dispatcher.Unclaimed));
        Assert.Equal(1, Assert.Single(dispatcher.Filters).Dropped);
    }

    [Fact]
    public void Should_count_a_throwing_filter_as_a_fault_let_the_frame_through_and_quarantine_at_the_limit()
    {
        var filterPlugin = new FilterPlugin(_ => throw new InvalidOperationException("broken rule"));
        using var harness = new PluginTestHarness(filterPlugin, maxFaults: 3);
        var decoderPlugin = new DecoderPlugin();
        harness.AddPlugin(decoderPlugin);

        var results = new List<ReplayResult>();
        for (ushort port = 1; port <= 5; port++)
        {
            results.Add(harness.Feed(TestFrames.Udp([1], destinationPort: port), 0));
        }

        Assert.Equal([1, 2, 3, 4, 5], decoderPlugin.Ports);
        Assert.Equal([1, 2, 3], filterPlugin.Seen); // quarantined after the third fault
        Assert.Equal([1L, 1, 1, 0, 0], results.Select(r => r.Faults));
        Assert.Equal([false, false, true, true, true], results.Select(r => r.Quarantined));
        Assert.Equal("filter ports: InvalidOperationException: broken rule", results[^1].LastFault);
    }

    [Fact]
    public void Should_refuse_two_filters_of_one_name_in_one_plugin()
    {
        var twice = Assert.Throws<InvalidOperationException>(() => new PluginTestHarness(new FilterPlugin(_ => FilterVerdict.Allow, twice: true)));
        Assert.Contains("registered two filters named 'ports'", twice.Message, StringComparison.Ordinal);
    }

    private static void Add(FrameDispatcher dispatcher, HftPlugin plugin)
    {
        var context = new PluginContext(plugin.GetType().Name, new Version(1, 0), 0, 1, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), TimeProvider.System);
        var instance = new PluginInstance(plugin, context, dispatcher.Bus, _ => null, new FaultPolicy(100));
        instance.RegisterAndBind([]);
        dispatcher.ApplyNow(DispatcherChange.Adding(instance));
    }

    private static void Dispatch(FrameDispatcher dispatcher, byte[] bytes)
    {
        FrameView frame = FrameParser.Parse(bytes, 0, bytes.Length, 0, 0);
        dispatcher.Dispatch(in frame);
    }

    /// <summary>A plugin whose filter decides by destination port.</summary>
    private sealed class FilterPlugin(Func<int, FilterVerdict> verdict, bool twice = false) : HftPlugin
    {
        public List<int> Seen { get; } = [];

        public override void Register(IPluginRegistry registry)
        {
            registry.AddFilter(new PortFilter(this, verdict));
            if (twice)
            {
                registry.AddFilter(new PortFilter(this, verdict));
            }
        }

        private sealed class PortFilter(FilterPlugin owner, Func<int, FilterVerdict> verdict) : FrameFilter("ports")
        {
            public override FilterVerdict Filter(in FrameView frame)
            {
                owner.Seen.Add(frame.DestinationPort);
                return verdict(frame.DestinationPort);
            }
        }
    }

    /// <summary>A plugin whose decoder claims every frame and notes its destination port.</summary>
    private sealed class DecoderPlugin : HftPlugin
    {
        public List<int> Ports { get; } = [];

        private Recorder? _decoder;

        public override void Register(IPluginRegistry registry) => registry.AddDecoder(_decoder = new Recorder(this));

        public override void Bind(IPluginBinder binder) => binder.BindAll(_decoder!);

        private sealed class Recorder(DecoderPlugin owner) : FrameDecoder("recorder")
        {
            public override int Decode(in FrameView frame)
            {
                owner.Ports.Add(frame.DestinationPort);
                return 1;
            }
        }
    }
}
