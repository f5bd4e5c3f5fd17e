namespace HftHost.Benchmarks;

/// <summary>The process's GC counts and total pause time at one moment; differences give a phase's share.</summary>
internal readonly record struct GcSnapshot(int Collections, int Gen2, TimeSpan Pause)
{
    public static GcSnapshot Take() => new(GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcSnapshot operator -(GcSnapshot after, GcSnapshot before) =>
        new(after.Collections - before.Collections, after.Gen2 - before.Gen2, after.Pause - before.Pause);
}
