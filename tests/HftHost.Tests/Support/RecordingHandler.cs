using HftHost.DataPlane;
using HftHost.Sdk;

namespace HftHost.Tests.Support;

/// <summary>One received frame as a test keeps it (copied: the view dies with the call).</summary>
internal sealed record ReceivedFrame(byte[] Bytes, long RxTimestampNs, int WireLength, ushort Port, ushort Queue, FrameKind Kind);

/// <summary>A handler that copies every frame it sees into a list (tests only: it allocates).</summary>
internal struct RecordingHandler : IFrameHandler
{
    public static bool ReadsPayload => true;

    public readonly void OnBurstBoundary()
    {
    }

    public readonly void OnIdle(bool drained)
    {
    }

    public RecordingHandler()
    {
    }

    public List<ReceivedFrame> Frames { get; } = [];

    public readonly void OnFrame(in FrameView frame) =>
        Frames.Add(new ReceivedFrame(frame.Bytes.ToArray(), frame.RxTimestampNs, frame.WireLength, frame.Port, frame.Queue, frame.Kind));
}
