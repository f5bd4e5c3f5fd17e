using Microsoft.Extensions.Logging;

namespace HftHost.Plugins;

/// <summary>What a run needs to load plugins: their options, where the control channel listens, the log.</summary>
internal sealed record PluginRun(PluginHostOptions Options, string? ControlPath, bool ControlPathExplicit, ILoggerFactory Logging)
{
    /// <summary>False for runs nobody operates (hfthost book): no control socket.</summary>
    public bool OpenControlChannel { get; init; } = true;

    /// <summary>Where plugin loads, reloads, quarantines and feed gaps are recorded (--audit), if anywhere.</summary>
    public Audit.AuditTrail? Audit { get; init; }

    /// <summary>Runs after the data plane stopped, before the plugins unload (to query them).</summary>
    public Action<PluginManager>? AfterRun { get; init; }

    /// <summary>
    /// Opens the control channel. A path given on purpose that cannot be used is an error; the
    /// default path in use by another host only costs this host its channel (a warning).
    /// </summary>
    public ControlChannel? OpenControl(PluginManager manager, ILogger logger)
    {
        if (!OpenControlChannel)
        {
            return null;
        }
        string path = ControlPath ?? ControlChannel.DefaultPath;
        try
        {
            return ControlChannel.Open(path, manager, logger);
        }
        catch (Cli.UsageException ex) when (!ControlPathExplicit)
        {
            logger.ControlFailed($"{ex.Message}; this host runs without one");
            return null;
        }
    }
}
