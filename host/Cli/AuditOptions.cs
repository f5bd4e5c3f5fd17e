using System.CommandLine;
using System.Globalization;
using HftHost.Audit;
using Microsoft.Extensions.Logging;

namespace HftHost.Cli;

/// <summary><c>--audit FILE</c>, <c>--audit-flush</c>, <c>--audit-rotate</c> on the commands that run the data plane.</summary>
internal sealed class AuditOptions
{
    public Option<FileInfo?> File { get; } = new("--audit")
    {
        Description = "append a hash-chained audit trail (plugin loads, reloads, quarantines, feed gaps, config) to FILE; check it with 'hfthost audit verify FILE'",
    };

    public Option<string?> Flush { get; } = new("--audit-flush")
    {
        Description = "fsync the audit trail this often, e.g. 1s (default), 200ms: a crash loses at most the records of this interval",
    };

    public Option<string?> Rotate { get; } = new("--audit-rotate")
    {
        Description = "go on in FILE.1, FILE.2, ... when the audit file reaches this size, e.g. 64M (default), 1G, 512K",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Flush);
        command.Options.Add(Rotate);
    }

    /// <summary>
    /// Opens the trail asked for: --audit FILE, else the config file's <c>audit</c> section
    /// (the options override its values); null when neither names one.
    /// </summary>
    /// <exception cref="UsageException">A bad value, or a trail that cannot be opened.</exception>
    public AuditTrail? Open(ParseResult result, ILogger logger, Config.AuditSection? configured = null)
    {
        FileInfo? file = result.GetValue(File);
        string? flush = result.GetValue(Flush);
        string? rotate = result.GetValue(Rotate);
        if (file is null && configured is null)
        {
            if (flush is not null || rotate is not null)
            {
                throw new UsageException("--audit-flush and --audit-rotate need --audit FILE (or an audit section in the config)");
            }
            return null;
        }
        var settings = new AuditSettings { Path = file?.FullName ?? configured!.File };
        if (configured is not null)
        {
            settings = settings with { FlushInterval = configured.FlushInterval, RotateBytes = configured.RotateBytes };
        }
        if (flush is not null)
        {
            settings = settings with { FlushInterval = ParseInterval(flush) };
        }
        if (rotate is not null)
        {
            settings = settings with { RotateBytes = ParseSize(rotate) };
        }
        if (settings.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }
        try
        {
            return AuditTrail.Open(settings, logger);
        }
        catch (AuditException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    /// <summary>"1s", "250ms", or a number of seconds.</summary>
    internal static TimeSpan ParseInterval(string text)
    {
        (string number, double scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value * scale is >= 0.001 and <= 3600
            ? TimeSpan.FromSeconds(value * scale)
            : throw new UsageException($"--audit-flush '{text}' is not an interval of 1ms to 3600s such as 1s or 200ms");
    }

    /// <summary>Bytes, or a number with K, M or G (powers of 1024).</summary>
    internal static long ParseSize(string text)
    {
        (string number, long scale) = text.Length == 0 ? (text, 1L) : char.ToUpperInvariant(text[^1]) switch
        {
            'K' => (text[..^1], 1L << 10),
            'M' => (text[..^1], 1L << 20),
            'G' => (text[..^1], 1L << 30),
            _ => (text, 1L),
        };
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0 && value <= long.MaxValue / scale
            && value * scale >= 4096
            ? value * scale
            : throw new UsageException($"--audit-rotate '{text}' is not a size of at least 4096 bytes such as 64M, 1G or 512K");
    }
}
