using HftHost.DataPlane;
using HftHost.Sdk;

namespace HftHost.MarketData;

/// <summary>The poll-loop handler of <c>hfthost decode</c> on a capture: every UDP payload to the sink.</summary>
internal readonly struct DecodeHandler(DecodeSink sink) : IFrameHandler
{
    public static bool ReadsPayload => true;

    public void OnFrame(in FrameView frame)
    {
        if (frame.Kind == FrameKind.Udp)
        {
            sink.OnDatagram(frame.Payload);
        }
    }

    public void OnBurstBoundary()
    {
    }

    public void OnIdle(bool drained)
    {
    }
}
