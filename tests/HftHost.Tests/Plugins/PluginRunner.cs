using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Plugins;

/// <summary>The host's data plane with plugins: a generator port, its poll thread, the manager's dispatcher.</summary>
internal sealed class PluginRunner : IDisposable
{
    private readonly PluginManager _manager;
    private bool _stopped;

    /// <param name="frames">Frames the generator sends; 0 = until <see cref="Stop"/>.</param>
    public PluginRunner(PluginManager manager, ulong frames = 0)
    {
        _manager = manager;
        Port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = frames, Overflow = OverflowPolicy.Wait, RingCapacity = 4096,
        });
        Pipeline = new PortPipeline<PluginHandler>(Port, q => new PluginHandler(manager.Dispatchers[q]), IdleMode.Backoff, NullLogger.Instance);
        Pipeline.Start();
        manager.SetPollThreadsRunning(true);
    }

    public NativePort Port { get; }

    public PortPipeline<PluginHandler> Pipeline { get; }

    /// <summary>Frames the poll threads have taken from the ring so far.</summary>
    public long FramesConsumed => Pipeline.Loops.Sum(l => l.Counters.Frames);

    /// <summary>Stops the generator, drains the ring; returns the frames the generator sent.</summary>
    public long Stop()
    {
        if (!_stopped)
        {
            _stopped = true;
            Pipeline.Stop();
            _manager.SetPollThreadsRunning(false);
            Assert.Null(Pipeline.Failure);
        }
        return (long)Port.GetStats().Frames;
    }

    public void WaitForFrames(long frames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (FramesConsumed < frames)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {FramesConsumed} of {frames} frames arrived");
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        Stop();
        Pipeline.Dispose();
        Port.Dispose();
    }
}
