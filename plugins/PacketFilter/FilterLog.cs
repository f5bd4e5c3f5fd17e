using Microsoft.Extensions.Logging;

namespace HftHost.Plugins.PacketFilter;

/// <summary>The plugin's log lines, defined once (no boxing, no formatting when the level is off).</summary>
internal static class FilterLog
{
    public static readonly Action<ILogger, string, string, string, long, Exception?> Match =
        LoggerMessage.Define<string, string, string, long>(
            LogLevel.Information, new EventId(1, "FilterLog"),
            "filter rule {Rule}: {Action} {Flow} ({Earlier} earlier frames since the last line)");

    public static readonly Action<ILogger, string, int, string, Exception?> Scan =
        LoggerMessage.Define<string, int, string>(
            LogLevel.Warning, new EventId(2, "PortScan"), "port scan: {Source} sent to {Ports} distinct ports within {Window}");

    public static readonly Action<ILogger, string, Exception?> RulesError =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(3, "RulesError"), "{Error}");

    public static readonly Action<ILogger, string, int, string, Exception?> RulesLoaded =
        LoggerMessage.Define<string, int, string>(LogLevel.Information, new EventId(4, "RulesLoaded"), "rules file {Path}: {Rules} rules ({Matcher})");

    public static readonly Action<ILogger, string, int, Exception?> RulesRejected =
        LoggerMessage.Define<string, int>(
            LogLevel.Error, new EventId(5, "RulesRejected"), "rules file {Path} changed but has {Count} errors; the rules in force stay");

    public static readonly Action<ILogger, string, Exception?> CheckFailed =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(6, "RulesCheckFailed"), "checking the rules file {Path} failed");

    public static readonly Action<ILogger, Exception?> NotConfigured =
        LoggerMessage.Define(LogLevel.Information, new EventId(7, "NotConfigured"), "no RulesFile setting: PacketFilter filters nothing");
}
