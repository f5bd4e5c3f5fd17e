using Microsoft.Extensions.Logging;

namespace HftHost.Dashboard;

/// <summary>The dashboard's log lines (event ids 60-69; the host's own are in HostLog).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Dashboard: a refresh failed and was skipped (reported once): {Reason}")]
    public static partial void DashboardRefreshFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Dashboard stopped; the run goes on without it: {Reason}")]
    public static partial void DashboardStopped(this ILogger logger, string reason);
}
