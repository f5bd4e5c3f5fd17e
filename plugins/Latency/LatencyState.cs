using HftHost.MoldUdp64;
using HftHost.Sdk;
using HftHost.Sdk.Histograms;

namespace HftHost.Plugins.Latency;

/// <summary>
/// What a hot reload hands from one build of the plugin to the next: per session its counters,
/// its inter-arrival state and every histogram (in the SDK's V2 encoding, which keeps the counts
/// exactly whatever range and precision the new build's settings give its histograms), and
/// whether a histogram log is being written (so the new build appends to it). Targets are not
/// carried: they come from the new build's settings.
/// Threading: the poll thread, between two bursts.
/// </summary>
internal static class LatencyState
{
    /// <summary>Version 1: sessions, then the histogram log.</summary>
    public const int Version = 1;

    public static void Write(Stream destination, IReadOnlyList<FeedLatency> sessions, LatencyLogContinuation? log)
    {
        using BinaryWriter w = PluginState.CreateWriter(destination, Version);
        w.Write(sessions.Count);
        w.Write(FeedLatency.MetricCount);
        foreach (FeedLatency s in sessions)
        {
            s.Session.Write(w);
            w.Write(s.MidnightUnixNs);
            w.Write(s.Messages);
            w.Write(s.RecoveredMessages);
            w.Write(s.ShortMessages);
            w.Write(s.Breaches);
            w.Write(s.LastAlertRxNs);
            w.Write(s.PreviousFrameRxNs);
            w.Write(s.PreviousGapNs);
            w.Write(s.HasPreviousGap);
            foreach (HdrHistogram h in s.Histograms)
            {
                // Not part of the V2 encoding, so carried beside it.
                w.Write(h.OutOfRangeCount);
                byte[] encoded = HdrHistogramEncoding.Encode(h);
                w.Write(encoded.Length);
                w.Write(encoded);
            }
        }
        w.Write(log is not null);
        if (log is not null)
        {
            w.Write(log.Path);
            w.Write(log.StartTimeSec);
        }
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote into sessions made by <paramref name="create"/>;
    /// returns false when the previous build wrote nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">Another state version or a different set of metrics.</exception>
    public static bool Read(
        Stream source, Func<MoldSession, FeedLatency> create, out List<FeedLatency> sessions, out LatencyLogContinuation? log)
    {
        sessions = [];
        log = null;
        using BinaryReader? r = PluginState.OpenReader(source, Version, "Latency");
        if (r is null)
        {
            return false;
        }
        int count = r.ReadInt32();
        int metrics = r.ReadInt32();
        if (metrics != FeedLatency.MetricCount)
        {
            throw new InvalidDataException($"Latency state has {metrics} metrics per session; this build measures {FeedLatency.MetricCount}");
        }
        for (int i = 0; i < count; i++)
        {
            FeedLatency s = create(MoldSession.Read(ReadExactly(r, MoldSession.Length)));
            s.MidnightUnixNs = r.ReadInt64();
            s.Messages = r.ReadInt64();
            s.RecoveredMessages = r.ReadInt64();
            s.ShortMessages = r.ReadInt64();
            s.Breaches = r.ReadInt64();
            s.LastAlertRxNs = r.ReadInt64();
            s.PreviousFrameRxNs = r.ReadInt64();
            s.PreviousGapNs = r.ReadInt64();
            s.HasPreviousGap = r.ReadBoolean();
            foreach (HdrHistogram h in s.Histograms)
            {
                long outOfRange = r.ReadInt64();
                HdrHistogram previous = HdrHistogramEncoding.Decode(ReadExactly(r, r.ReadInt32()));
                h.Add(previous);
                // A negative value is counted as out of range, count times (HdrHistogram.RecordValue).
                h.RecordValue(-1, outOfRange);
            }
            sessions.Add(s);
        }
        if (r.ReadBoolean())
        {
            log = new LatencyLogContinuation(r.ReadString(), r.ReadDouble());
        }
        return true;
    }

    private static byte[] ReadExactly(BinaryReader r, int length)
    {
        byte[] bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException($"Latency state ends {length - bytes.Length} bytes early");
    }
}

/// <summary>A histogram log a previous build of the plugin began: its file and start time.</summary>
/// <param name="Path">The file (as the plugin resolved it).</param>
/// <param name="StartTimeSec">Its StartTime and BaseTime, seconds since the Unix epoch.</param>
internal sealed record LatencyLogContinuation(string Path, double StartTimeSec);
