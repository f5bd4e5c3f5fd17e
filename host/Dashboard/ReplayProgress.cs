namespace HftHost.Dashboard;

/// <summary>How much of a capture file a replay has read (over all loops).</summary>
internal sealed record ReplayProgress(long BytesDone, long BytesTotal, long Frames)
{
    /// <summary>0..1; 0 when the total is unknown.</summary>
    public double Fraction => BytesTotal > 0 ? Math.Clamp((double)BytesDone / BytesTotal, 0, 1) : 0;
}
