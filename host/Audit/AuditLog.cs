using Microsoft.Extensions.Logging;

namespace HftHost.Audit;

/// <summary>The audit trail's log lines (event ids 80-89).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Critical, Message = "Audit trail {File} cannot be written ({What}); every record from now on is counted as lost")]
    public static partial void AuditWriteFailed(this ILogger logger, Exception exception, string file, string what);

    [LoggerMessage(EventId = 81, Level = LogLevel.Warning, Message = "Audit file {File} was created but its directory could not be synced (errno {Errno}): a power cut could lose the file")]
    public static partial void AuditDirectoryNotSynced(this ILogger logger, string file, int errno);
}
