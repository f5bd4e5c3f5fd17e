namespace HftHost.Audit;

/// <summary>
/// Where the audit trail goes and how it is written (command-line options <c>--audit</c>,
/// <c>--audit-flush</c>, <c>--audit-rotate</c>, or the config file's <c>audit</c> section).
/// </summary>
internal sealed record AuditSettings
{
    /// <summary>The trail's first file; rotated files are <c>{Path}.1</c>, <c>{Path}.2</c>, ...</summary>
    public required string Path { get; init; }

    /// <summary>
    /// How often written records are flushed and fsync'ed: a crash of the process or the
    /// machine loses at most the records of the last interval.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A file that reaches this size is closed and the trail goes on in the next one.</summary>
    public long RotateBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Records waiting for the writer thread. When full, appends are counted as lost and the
    /// count is written as a record of its own as soon as the writer catches up.
    /// </summary>
    public int QueueCapacity { get; init; } = 16_384;

    /// <summary>Checks the values; returns the first problem, or null.</summary>
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Path) ? "the audit file path is empty"
        : FlushInterval < TimeSpan.FromMilliseconds(1) || FlushInterval > TimeSpan.FromHours(1)
            ? $"the audit flush interval {FlushInterval.TotalMilliseconds} ms must be 1 ms to 1 h"
        : RotateBytes < 4096 ? $"the audit rotate size {RotateBytes} bytes must be at least 4096"
        : QueueCapacity is < 16 or > (1 << 24) ? $"the audit queue capacity {QueueCapacity} must be 16 to 16777216"
        : null;
}
