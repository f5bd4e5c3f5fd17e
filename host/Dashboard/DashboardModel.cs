namespace HftHost.Dashboard;

/// <summary>
/// Everything one frame of the dashboard shows, collected off the poll threads by
/// <see cref="DashboardCollector"/> and drawn by <see cref="DashboardView"/>. Plain data, so the
/// view can be tested with a model made by hand.
/// </summary>
internal sealed record DashboardModel
{
    /// <summary>The command and its source, e.g. "replay feed.pcap".</summary>
    public required string Title { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>True for the snapshot taken after the data plane stopped.</summary>
    public bool Final { get; init; }

    /// <summary>What the rates are measured over, e.g. "last 0.25 s" or "whole run".</summary>
    public required string RateWindow { get; init; }

    public required HostTotals Host { get; init; }

    /// <summary>How far a replay has read its file; null for live sources.</summary>
    public ReplayProgress? Progress { get; init; }

    /// <summary>One row per MoldUDP64 session, ordered by session.</summary>
    public IReadOnlyList<FeedRow> Feeds { get; init; } = [];

    /// <summary>Latency percentiles per session and metric.</summary>
    public IReadOnlyList<LatencyRow> Latency { get; init; } = [];

    /// <summary>Best bid and offer of the busiest symbols, busiest first.</summary>
    public IReadOnlyList<QuoteRow> Quotes { get; init; } = [];

    /// <summary>Why a part is empty or stale (no plugins loaded, a query failed), shown under the tables.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
