namespace HftHost.Generator;

/// <summary>
/// Where injected events (faults, cross-venue crosses) go in the order flow: the kinds in a
/// random order, one per equal stretch of the first 90% of the flow (so that every planned
/// point is followed by packets it can act on, even in a small feed), at a random place in
/// its stretch. Deterministic for a seed: the same calls to the random stream in the same order.
/// </summary>
internal static class InjectionPlan
{
    private const double PlannedShare = 0.9;

    /// <returns>(message index in the flow, kind), in flow order.</returns>
    public static (long At, TKind Kind)[] Spread<TKind>(List<TKind> kinds, long flowMessages, ref FeedRandom random)
    {
        for (int i = kinds.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (kinds[i], kinds[j]) = (kinds[j], kinds[i]);
        }
        var plan = new (long, TKind)[kinds.Count];
        double stretch = flowMessages * PlannedShare / Math.Max(kinds.Count, 1);
        for (int i = 0; i < plan.Length; i++)
        {
            long start = (long)(i * stretch);
            long width = Math.Max((long)((i + 1) * stretch) - start, 1);
            plan[i] = (start + random.NextLong(width), kinds[i]);
        }
        return plan;
    }
}
