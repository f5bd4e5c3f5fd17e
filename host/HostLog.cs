using Microsoft.Extensions.Logging;

namespace HftHost;

/// <summary>Every log line the host writes, as source-generated LoggerMessage methods (no boxing, no parsing at run time).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Ring memory is on normal 4 KiB pages: {Note}")]
    public static partial void RingOnNormalPages(this ILogger logger, string note);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Count} frames reached the ring but were not consumed")]
    public static partial void FramesUnconsumed(this ILogger logger, long count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Source error at offset {Offset}: {Reason} (every whole frame before it was delivered)")]
    public static partial void SourceError(this ILogger logger, ulong offset, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Loop}: frame handler threw on frame {Index} (fault {Faults})")]
    public static partial void HandlerFault(this ILogger logger, Exception exception, string loop, ulong index, long faults);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Loop}: receiving from the source failed: {Reason} (error {Errors})")]
    public static partial void PollFailed(this ILogger logger, string loop, string reason, long errors);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Loop}: poll thread pinned to CPU {Cpu}")]
    public static partial void PollThreadPinned(this ILogger logger, string loop, int cpu);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "{Loop}: poll loop failed")]
    public static partial void PollLoopFailed(this ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Plugin {Plugin} {Version} loaded (generation {Generation}, built for SDK {Sdk}): {Bindings}")]
    public static partial void PluginLoaded(this ILogger logger, string plugin, string version, int generation, string sdk, string bindings);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "Plugin {Plugin} reloaded: {OldVersion} (generation {OldGeneration}) -> {NewVersion} (generation {NewGeneration}), {StateBytes} bytes of state, poll threads paused {PauseMicros:F0} us at most")]
    public static partial void PluginReloaded(
        this ILogger logger, string plugin, string oldVersion, int oldGeneration, string newVersion, int newGeneration, long stateBytes, double pauseMicros);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Plugin {Plugin}: reload refused, the running version carries on: {Reason}")]
    public static partial void PluginReloadFailed(this ILogger logger, string plugin, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Plugin {Plugin} quarantined (queue {Queue}): {Reason}; the host and the other plugins carry on")]
    public static partial void PluginQuarantined(this ILogger logger, string plugin, int queue, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Plugin {Plugin} (queue {Queue}): {Site} threw (fault {Faults})")]
    public static partial void PluginFault(this ILogger logger, Exception exception, string plugin, int queue, string site, long faults);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning,
        Message = "Plugin {Plugin}: {Site} has held the poll thread of queue {Queue} for more than {BudgetMs} ms; frames on that queue wait")]
    public static partial void PluginBlocking(this ILogger logger, string plugin, string site, int queue, double budgetMs);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Plugin {Plugin}: queue {Queue} moves again after {BlockedMs:F0} ms")]
    public static partial void PluginUnblocked(this ILogger logger, string plugin, int queue, double blockedMs);

    [LoggerMessage(EventId = 27, Level = LogLevel.Error,
        Message = "Plugin {Plugin} generation {Generation} was unloaded but its load context is still alive after {Seconds:F1} s: something outside it holds its objects (a static event, a timer, a thread); the host carries on without reclaiming that memory")]
    public static partial void PluginLeaked(this ILogger logger, string plugin, int generation, double seconds);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "Plugin {Plugin}: a new build in {Folder}, reloading")]
    public static partial void PluginChanged(this ILogger logger, string plugin, string folder);

    [LoggerMessage(EventId = 29, Level = LogLevel.Information, Message = "Control channel listening on {Path}")]
    public static partial void ControlListening(this ILogger logger, string path);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Control channel: {Reason}")]
    public static partial void ControlFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Plugin {Plugin} back in service: {Detail}")]
    public static partial void PluginReadmitted(this ILogger logger, string plugin, string detail);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Plugin supervisor: a round failed; it carries on")]
    public static partial void SupervisorFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Metrics: Prometheus endpoint on http://127.0.0.1:{Port}/metrics")]
    public static partial void MetricsListening(this ILogger logger, int port);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Metrics: a scrape failed: {Reason}")]
    public static partial void MetricsScrapeFailed(this ILogger logger, string reason);
}
