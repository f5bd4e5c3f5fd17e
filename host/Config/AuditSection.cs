namespace HftHost.Config;

/// <summary>The <c>audit</c> section: where the audit trail goes and how often it is made durable.</summary>
/// <param name="File">Full path of the audit file (given relative to the config file); its folder exists.</param>
/// <param name="FlushInterval">Records are written and fsync'ed at least this often: a crash loses at most this much (default 1 s).</param>
/// <param name="RotateBytes">A file reaching this size is closed and the chain goes on in a new one (default 64 MiB).</param>
internal sealed record AuditSection(string File, TimeSpan FlushInterval, long RotateBytes)
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);

    public const long DefaultRotateBytes = 64L << 20;
}
