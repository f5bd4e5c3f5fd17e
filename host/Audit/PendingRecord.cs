using HftHost.MoldUdp64;

namespace HftHost.Audit;

/// <summary>
/// A record waiting for the writer thread. Either a category and detail text, or a feed
/// gap kept as its numbers: the poll thread that saw the gap enqueues this struct and
/// allocates nothing; the text is made on the writer thread.
/// </summary>
internal readonly struct PendingRecord(long utcTicks, string category, string? detail, MoldSessionEvent gap = default, int queue = 0)
{
    public long UtcTicks { get; } = utcTicks;

    public string Category { get; } = category;

    public string? Detail { get; } = detail;

    public MoldSessionEvent Gap { get; } = gap;

    public int Queue { get; } = queue;
}
