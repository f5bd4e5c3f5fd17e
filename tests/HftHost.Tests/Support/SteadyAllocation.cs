namespace HftHost.Tests.Support;

/// <summary>
/// Bytes a piece of work allocates on the calling thread once warm. Tiered compilation can
/// install new code (and allocate doing it) on the thread that runs the code, late when the
/// machine is busy (the full suite in parallel): that is start-up cost, not per-frame cost.
/// So the work is measured in up to <paramref name="attempts"/> windows, with a pause for the
/// background compiler between them, and the least is returned: an allocation made by the
/// work itself shows in every window.
/// </summary>
internal static class SteadyAllocation
{
    public static long Measure(Action work, int attempts = 5)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < attempts && least != 0; attempt++)
        {
            if (attempt > 0)
            {
                Thread.Sleep(200);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    /// <summary>
    /// The same for work that cannot be repeated (it changes state, as a feed through a book
    /// does): consecutive parts of it, each in its own window after the pause, and the least.
    /// An allocation the work makes per item shows in every part.
    /// </summary>
    public static long MeasureEach(IEnumerable<Action> parts)
    {
        long least = long.MaxValue;
        foreach (Action part in parts)
        {
            Thread.Sleep(200);
            long before = GC.GetAllocatedBytesForCurrentThread();
            part();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
