using HftHost.Sdk;

namespace HftHost.DataPlane;

/// <summary>
/// What a poll loop hands each parsed frame to. Implementations are structs so that
/// <see cref="PollLoop{THandler}"/>, generic over them, is specialised by the JIT and
/// the calls are direct (and inlinable), not interface dispatches. Plugins reach the loop
/// through <see cref="PluginHandler"/>, which implements this contract.
/// Threading: called only on the loop's poll thread.
/// </summary>
internal interface IFrameHandler
{
    /// <summary>
    /// True when <see cref="OnFrame"/> reads the frame past its headers (plugins decode the
    /// payload): the poll loop then loads the whole next frame into the cache while this one
    /// is handled (<see cref="FramePrefetch"/>), else only its first line, which the parse reads.
    /// Static, so the JIT folds it into each loop it specialises.
    /// </summary>
    static abstract bool ReadsPayload { get; }

    /// <summary>Handles one frame; the view is valid only during the call.</summary>
    void OnFrame(in FrameView frame);

    /// <summary>
    /// Called before each burst (and on every idle turn): the one place where the handler
    /// may change what it runs, so a change never splits a burst.
    /// </summary>
    void OnBurstBoundary();

    /// <summary>
    /// Called when the loop finds no frame ready (before it idles), and once more with
    /// <paramref name="drained"/> true when the source has ended and the ring is empty:
    /// where time-based work (holding windows, staleness) runs when traffic stops.
    /// </summary>
    void OnIdle(bool drained);
}
