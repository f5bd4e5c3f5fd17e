using System.Runtime.CompilerServices;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;

namespace HftHost.DataPlane;

/// <summary>
/// Connects a poll loop to the plugins of its queue: each frame goes to the queue's
/// <see cref="FrameDispatcher"/>, and plugin changes (reload, quarantine) are applied
/// between bursts.
/// </summary>
internal readonly struct PluginHandler(FrameDispatcher dispatcher) : IFrameHandler
{
    private readonly FrameDispatcher _dispatcher = dispatcher;

    public static bool ReadsPayload => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnFrame(in FrameView frame) => _dispatcher.Dispatch(in frame);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnBurstBoundary() => _dispatcher.AtBurstBoundary();

    public void OnIdle(bool drained) => _dispatcher.OnIdle(drained);
}
