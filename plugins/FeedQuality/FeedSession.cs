using HftHost.MoldUdp64;

namespace HftHost.Plugins.FeedQuality;

/// <summary>
/// What one MoldUDP64 session has done so far. Written on the poll thread; the metric
/// callbacks read the counters from the collector's thread (64-bit reads, so a figure may be
/// one event old, never torn).
/// </summary>
internal sealed class FeedSession(MoldSession session)
{
    public MoldSession Session { get; } = session;

    // Built once, when the session is first seen: tags and JSON use it without allocating per event.
    public string Name { get; } = session.ToString();

    public long Messages { get; set; }

    public long Heartbeats { get; set; }

    public long Gaps { get; set; }

    public long GapMessages { get; set; }

    public long Duplicates { get; set; }

    public long DuplicateMessages { get; set; }

    public long Reorders { get; set; }

    public long ReorderMessages { get; set; }

    public long Recoveries { get; set; }

    public long RecoveredMessages { get; set; }

    public long Malformed { get; set; }

    public bool Ended { get; set; }

    /// <summary>Receive time of the first traffic (message or event); 0 before any.</summary>
    public long FirstRxNs { get; set; }

    /// <summary>Receive time of the latest traffic.</summary>
    public long LastRxNs { get; set; }

    public long StalePeriods { get; set; }

    /// <summary>Time beyond the limit in stale periods that have ended.</summary>
    public long StaleNs { get; set; }

    /// <summary>True while a stale period declared by <see cref="FeedQualityPlugin.OnIdle"/> has not ended.</summary>
    public bool Stale { get; set; }

    /// <summary>Score now; <paramref name="rxNowNs"/> is the newest receive time of any session on the queue.</summary>
    public double Score(long rxNowNs, long staleAfterNs)
    {
        long ongoing = Stale ? Math.Max(0, rxNowNs - LastRxNs - staleAfterNs) : 0;
        long end = Stale ? Math.Max(rxNowNs, LastRxNs) : LastRxNs;
        return QualityScore.Compute(Messages, GapMessages, DuplicateMessages, ReorderMessages, StaleNs + ongoing, end - FirstRxNs);
    }
}
