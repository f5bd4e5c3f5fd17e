namespace HftHost.Benchmarks;

/// <summary>What one plugin hand-off cost the poll thread, as <see cref="BurstGapRecorder"/> saw it.</summary>
internal struct HandoffTiming
{
    /// <summary>The burst boundary that applied the change (state export and import, new routes).</summary>
    public TimeSpan Boundary;

    /// <summary>Time the JIT took on the poll thread within <see cref="Boundary"/>.</summary>
    public TimeSpan BoundaryJit;

    public long BoundaryJitMethods;

    /// <summary>From the end of that boundary to the end of the first burst that handled frames: the new version's first frames.</summary>
    public TimeSpan FirstBurst;

    /// <summary>Time the JIT took on the poll thread within <see cref="FirstBurst"/>.</summary>
    public TimeSpan FirstBurstJit;

    public long FirstBurstJitMethods;
}
