namespace HftHost.Plugins;

/// <summary>What <c>hfthost plugins list</c> shows of one plugin (a snapshot).</summary>
internal sealed record PluginStatus
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string SdkBuiltFor { get; init; }

    /// <summary>running, quarantined, or failed (see <see cref="Detail"/>).</summary>
    public required string State { get; init; }

    public string? Detail { get; init; }

    public required int Generation { get; init; }

    public required int Reloads { get; init; }

    public required int Instances { get; init; }

    public required long FramesClaimed { get; init; }

    public required long Faults { get; init; }

    public string? LastFault { get; init; }

    public required IReadOnlyList<string> Decoders { get; init; }

    public required IReadOnlyList<string> Bindings { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Longest poll-thread pause of the last reload, in microseconds.</summary>
    public double LastReloadPauseMicros { get; init; }

    /// <summary>Bytes of state the last reload handed over (per queue, summed).</summary>
    public long LastReloadStateBytes { get; init; }

    /// <summary>Unloaded generations whose context was not collected in time.</summary>
    public IReadOnlyList<int> LeakedGenerations { get; init; } = [];

    public int BlockedReports { get; init; }
}

/// <summary>The outcome of a reload.</summary>
internal sealed record ReloadResult(bool Succeeded, string Message, TimeSpan LongestPause, bool OldCollected);
