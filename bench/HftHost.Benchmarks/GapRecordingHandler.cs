using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using HftHost.DataPlane;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;

namespace HftHost.Benchmarks;

/// <summary>
/// The host's <see cref="PluginHandler"/> with a <see cref="BurstGapRecorder"/> reading the
/// clock at each burst boundary, before the dispatcher applies pending plugin changes there,
/// so a hand-off's pause lands inside a measured interval. While a hand-off is expected it
/// also times the boundary that applies it (seen as a new snapshot of the dispatcher's instances).
/// </summary>
internal readonly struct GapRecordingHandler(FrameDispatcher dispatcher, BurstGapRecorder recorder) : IFrameHandler
{
    private readonly PluginHandler _plugins = new(dispatcher);
    private readonly FrameDispatcher _dispatcher = dispatcher;
    private readonly BurstGapRecorder _recorder = recorder;

    public static bool ReadsPayload => PluginHandler.ReadsPayload;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnFrame(in FrameView frame)
    {
        _recorder.OnFrame();
        _plugins.OnFrame(in frame);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnBurstBoundary()
    {
        _recorder.OnBoundary();
        if (_recorder.HandoffExpected)
        {
            WatchHandoff();
            return;
        }
        _plugins.OnBurstBoundary();
    }

    public void OnIdle(bool drained) => _plugins.OnIdle(drained);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WatchHandoff()
    {
        IReadOnlyList<PluginInstance> before = _dispatcher.Active;
        long started = Stopwatch.GetTimestamp();
        TimeSpan jit = JitInfo.GetCompilationTime(currentThread: true);
        long methods = JitInfo.GetCompiledMethodCount(currentThread: true);
        _plugins.OnBurstBoundary();
        if (!ReferenceEquals(before, _dispatcher.Active))
        {
            _recorder.OnHandoff(started, jit, methods);
        }
    }
}
