namespace HftHost.Cli;

/// <summary>The process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read and handled.</summary>
    public const int Ok = 0;

    /// <summary>The run happened but the source reported an error (truncated or corrupt file, read error).</summary>
    public const int SourceError = 1;

    /// <summary>Bad usage: unknown option, bad value, missing file or interface, not permitted.</summary>
    public const int Usage = 2;
}
