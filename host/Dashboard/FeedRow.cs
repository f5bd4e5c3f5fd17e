namespace HftHost.Dashboard;

/// <summary>
/// One MoldUDP64 session: traffic from the MoldUdp64 plugin, faults and score from the
/// FeedQuality plugin (the MoldUdp64 plugin's own fault counts when FeedQuality is not loaded).
/// </summary>
internal sealed record FeedRow
{
    public required string Session { get; init; }

    /// <summary>MoldUDP64 packets (frames) of the session.</summary>
    public long Packets { get; init; }

    public double PacketsPerSecond { get; init; }

    /// <summary>Messages delivered in sequence.</summary>
    public long Messages { get; init; }

    public double MessagesPerSecond { get; init; }

    /// <summary>Gaps declared (ranges of missing messages).</summary>
    public long Gaps { get; init; }

    public long GapMessages { get; init; }

    public long Duplicates { get; init; }

    public long Reorders { get; init; }

    /// <summary>FeedQuality's 0-100 score; null when that plugin is not loaded.</summary>
    public double? Score { get; init; }
}
