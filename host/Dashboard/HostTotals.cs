namespace HftHost.Dashboard;

/// <summary>The host's own figures since the run started (process-wide for the GC figures).</summary>
internal sealed record HostTotals
{
    public long Frames { get; init; }

    public double FramesPerSecond { get; init; }

    public long Bytes { get; init; }

    public double MegabitsPerSecond { get; init; }

    public long Malformed { get; init; }

    public long RingFullDrops { get; init; }

    public long KernelDrops { get; init; }

    /// <summary>Frames no plugin decoder claimed; 0 without plugins.</summary>
    public long Unclaimed { get; init; }

    public long HandlerFaults { get; init; }

    /// <summary>Garbage collections of generations 0, 1 and 2 since the run started.</summary>
    public IReadOnlyList<int> Collections { get; init; } = [0, 0, 0];

    /// <summary>Bytes the whole process allocated since the run started (the dashboard's own included).</summary>
    public long AllocatedBytes { get; init; }
}
