namespace HftHost.Dashboard;

/// <summary>
/// One session's percentiles of one Latency-plugin metric, in nanoseconds, as of the plugin's
/// last snapshot (it refreshes them when its poll thread is idle, at most once a second, and
/// when the source ends).
/// </summary>
internal sealed record LatencyRow(string Session, string Metric, long P50, long P90, long P99, long P999, long Max);
