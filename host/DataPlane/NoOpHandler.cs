using HftHost.Sdk;

namespace HftHost.DataPlane;

/// <summary>Takes frames and does nothing: what replay runs when no plugin is loaded.</summary>
internal struct NoOpHandler : IFrameHandler
{
    public static bool ReadsPayload => false;

    public readonly void OnFrame(in FrameView frame)
    {
    }

    public readonly void OnBurstBoundary()
    {
    }


    public readonly void OnIdle(bool drained)

    {

    }
}
