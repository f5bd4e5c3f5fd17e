using HftHost.Sdk;

namespace HftHost.DataPlane;

/// <summary>
/// What a poll loop hands each parsed frame to. Internal for now: the plugin-SDK issue
/// turns it into the public plugin contract. Implementations are structs so that
/// <see cref="PollLoop{THandler}"/>, generic over them, is specialised by the JIT and
/// the call is direct (and inlinable), not an interface dispatch.
/// Threading: called only on the loop's poll thread.
/// </summary>
internal interface IFrameHandler
{
    /// <summary>Handles one frame; the view is valid only during the call.</summary>
    void OnFrame(in FrameView frame);
}
