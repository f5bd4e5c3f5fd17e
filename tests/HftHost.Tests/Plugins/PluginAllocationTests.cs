using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Plugins;

/// <summary>
/// The plugin path allocates nothing per frame: a poll loop dispatching a million generated
/// frames to a plugin loaded in its own context (decoder, route lookup, struct events to a
/// subscriber in another plugin) allocates 0 bytes on the poll thread.
/// </summary>
[Collection(nameof(PluginReloadCollection))]
public class PluginAllocationTests
{
    [Fact]
    public void Should_not_allocate_while_dispatching_a_million_frames_to_plugins_and_their_events()
    {
        using var plugins = new TestPlugins("TickPublisher", "TickSubscriber");
        using PluginManager manager = plugins.Manager(load: ["TickPublisher", "TickSubscriber"]);
        manager.LoadAll();
        Poll(manager, 200_000); // compile and tier up first: JIT work is not per-frame cost

        long allocated = Poll(manager, 1_000_000);

        Assert.Equal(1_200_000, manager.List().Single(p => p.Name == "TickPublisher").FramesClaimed);
        Assert.Equal(0, allocated);
        using BinaryReader subscriber = TestPlugins.State(manager, "TickSubscriber");
        Assert.Equal((1_200_000L, 0L), (subscriber.ReadInt64(), subscriber.ReadInt64()));
    }

    private static unsafe long Poll(PluginManager manager, ulong frames)
    {
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = frames, Overflow = OverflowPolicy.Wait,
        });
        var loop = new PollLoop<PluginHandler>(port.Ring(0), new PluginHandler(manager.Dispatchers[0]), "alloc", NullLogger.Instance);
        port.Start();
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Run(default(BackoffIdleStrategy));
        long after = GC.GetAllocatedBytesForCurrentThread();
        port.Stop();
        return after - before;
    }
}
