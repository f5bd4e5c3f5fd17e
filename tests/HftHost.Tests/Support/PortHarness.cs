using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Support;

/// <summary>Runs a real port through a real poll loop in the test and returns what arrived.</summary>
internal static class PortHarness
{
    /// <summary>Replays a file to the end and returns every frame, the shim's counters and its error.</summary>
    public static (List<ReceivedFrame> Frames, PortStats Stats, SourceError? Error) Replay(
        string path, uint loops = 1, uint pacePermille = 0, uint paceMaxGapMs = 0)
    {
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Pcap, Source = path, Loops = loops, PacePermille = pacePermille,
            PaceMaxGapMs = paceMaxGapMs,
        });
        using var pipeline = new PortPipeline<RecordingHandler>(port, _ => new RecordingHandler(), IdleMode.Backoff, NullLogger.Instance);
        pipeline.Start();
        Assert.True(pipeline.Wait(TimeSpan.FromMinutes(2)), "replay did not finish");
        return (pipeline.Loops[0].Handler.Frames, port.GetStats(), port.GetError());
    }

    /// <summary>
    /// Replays a file to the end through the plugins <paramref name="manager"/> has loaded,
    /// on the host's own poll loop (<see cref="PluginHandler"/>); returns the shim's counters and error.
    /// </summary>
    public static (PortStats Stats, SourceError? Error) ReplayThroughPlugins(string path, PluginManager manager)
    {
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.Pcap, Source = path });
        manager.SetPollThreadsRunning(true);
        try
        {
            using var pipeline = new PortPipeline<PluginHandler>(port, q => new PluginHandler(manager.Dispatchers[q]), IdleMode.Backoff, NullLogger.Instance);
            pipeline.Start();
            Assert.True(pipeline.Wait(TimeSpan.FromMinutes(2)), "replay did not finish");
            Assert.Null(pipeline.Failure);
        }
        finally
        {
            manager.SetPollThreadsRunning(false); // the poll thread has stopped: changes apply directly again
        }
        return (port.GetStats(), port.GetError());
    }
}
