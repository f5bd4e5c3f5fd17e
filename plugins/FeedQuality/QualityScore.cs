namespace HftHost.Plugins.FeedQuality;

/// <summary>
/// The 0-100 quality score of a feed:
/// <c>100 − 50·min(1, loss/1%) − 10·min(1, duplicated/1%) − 10·min(1, reordered/1%) − 30·min(1, stale/10%)</c>,
/// where <c>loss</c> is the share of the session's messages never delivered (gap messages over
/// delivered + gap messages), <c>duplicated</c> and <c>reordered</c> are the shares of messages
/// that came again or late (same denominator), and <c>stale</c> is the share of the session's
/// observed time (first to last receive time) spent beyond the staleness limit.
/// Why these weights: a lost message leaves a book wrong until it is recovered, so loss weighs
/// most and 1% loss (already unusable for book building) takes half the score; duplicates and
/// late packets are absorbed by the sequencer and only cost work and latency; stale time is
/// time the book could not be trusted, and a feed silent for a tenth of its life has failed.
/// Each term saturates, so one bad dimension cannot hide the others.
/// Threading: pure functions.
/// </summary>
public static class QualityScore
{
    /// <summary>Share of messages at which loss, duplication and reordering take their full weight.</summary>
    public const double MessageShareAtFullPenalty = 0.01;

    /// <summary>Share of observed time at which staleness takes its full weight.</summary>
    public const double StaleShareAtFullPenalty = 0.10;

    /// <summary>Weight of lost messages.</summary>
    public const double LossWeight = 50;

    /// <summary>Weight of duplicated messages.</summary>
    public const double DuplicateWeight = 10;

    /// <summary>Weight of reordered (late) messages.</summary>
    public const double ReorderWeight = 10;

    /// <summary>Weight of stale time.</summary>
    public const double StaleWeight = 30;

    /// <summary>The score from a session's figures.</summary>
    /// <param name="delivered">Messages delivered (live or recovered).</param>
    /// <param name="lost">Messages in declared gaps (never delivered).</param>
    /// <param name="duplicated">Messages that came again.</param>
    /// <param name="reordered">Messages that came in a late packet.</param>
    /// <param name="staleNs">Time spent beyond the staleness limit.</param>
    /// <param name="observedNs">Time from the first to the last traffic.</param>
    /// <returns>0 to 100; 100 for a perfect (or still empty) feed.</returns>
    public static double Compute(long delivered, long lost, long duplicated, long reordered, long staleNs, long observedNs)
    {
        double expected = Math.Max(1, delivered + lost);
        double stale = observedNs > 0 ? (double)staleNs / observedNs : 0;
        double penalty =
            LossWeight * Saturate(lost / expected, MessageShareAtFullPenalty)
            + DuplicateWeight * Saturate(duplicated / expected, MessageShareAtFullPenalty)
            + ReorderWeight * Saturate(reordered / expected, MessageShareAtFullPenalty)
            + StaleWeight * Saturate(stale, StaleShareAtFullPenalty);
        return Math.Max(0, 100 - penalty);
    }

    private static double Saturate(double share, double full) => Math.Min(1, share / full);
}
