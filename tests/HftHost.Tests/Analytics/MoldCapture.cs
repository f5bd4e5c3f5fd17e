using HftHost.MoldUdp64;
using HftHost.Sdk;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.Analytics;

/// <summary>What a MoldUDP64 capture holds, read straight from its frames (independently of the plugins).</summary>
internal static class MoldCapture
{
    /// <summary>Receive times, in order, of the frames of <paramref name="session"/> that carry messages (no heartbeat, no end of session).</summary>
    public static List<long> DataFrameTimes(string pcap, MoldSession session)
    {
        var times = new List<long>();
        using CaptureReader reader = CaptureReader.Open(pcap);
        while (reader.TryRead(out CapturedFrame captured))
        {
            FrameView frame = FrameParser.Parse(captured.Bytes, captured.TimestampNs, captured.WireLength, 0, 0);
            if (MoldUdp64Format.TryReadHeader(frame.Payload, out MoldSession s, out _, out ushort count)
                && s == session && count is > 0 and < MoldUdp64Format.EndOfSession)
            {
                times.Add(frame.RxTimestampNs);
            }
        }
        times.Sort();
        return times;
    }
}
