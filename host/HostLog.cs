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
}
