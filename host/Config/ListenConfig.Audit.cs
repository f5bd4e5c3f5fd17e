using System.Globalization;
using HftHost.Cli;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>
/// The <c>audit</c> section:
/// <code>
/// audit:
///   file: audit/hfthost.audit  # relative to the config file; its folder must exist
///   flush-interval: 1s         # write and fsync at least this often (default 1s)
///   rotate-size: 64MiB         # start a new file at this size (default 64MiB; B, KB, MB, GB, KiB, MiB, GiB)
/// </code>
/// </summary>
internal sealed partial record ListenConfig
{
    private const long MinRotateBytes = 4096;

    /// <summary>The audit section; null when the file has none.</summary>
    public AuditSection? Audit { get; init; }

    private static AuditSection? ParseAudit(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<AuditSection>(errors, path, node.Start, "'audit' must be a mapping such as { file: hfthost.audit }");
        }
        string? file = null;
        TimeSpan flush = AuditSection.DefaultFlushInterval;
        long rotate = AuditSection.DefaultRotateBytes;
        int errorCount = errors.Count;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "file":
                    file = Convert(value, path, errors, v => AuditFile(RelativeTo(path, v)));
                    break;
                case "flush-interval":
                    flush = Convert(value, path, errors, v => NamedDuration(v, "flush-interval"));
                    break;
                case "rotate-size":
                    rotate = Convert(value, path, errors, v => Size(v, "rotate-size", MinRotateBytes));
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key 'audit.{Key(key)}' (expected file, flush-interval, rotate-size)");
                    break;
            }
        }
        if (file is null)
        {
            if (errors.Count == errorCount)
            {
                Fail(errors, path, map.Start, "'audit' needs a file");
            }
            return null;
        }
        return errors.Count == errorCount ? new AuditSection(file, flush, rotate) : null;
    }

    private static string AuditFile(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new UsageException($"audit file '{fullPath}' is a directory");
        }
        string folder = Path.GetDirectoryName(fullPath)!;
        return Directory.Exists(folder) ? fullPath : throw new UsageException($"the folder of audit file '{fullPath}' does not exist");
    }

    /// <summary>A duration such as 1s or 500ms (the same forms as --duration), named after its key in errors.</summary>
    private static TimeSpan NamedDuration(string text, string what)
    {
        try
        {
            return ValueParsers.ParseDuration(text);
        }
        catch (UsageException)
        {
            throw new UsageException($"{what} '{text}' is not a positive duration such as 1s, 500ms, 2m");
        }
    }

    private static readonly (string Suffix, long Scale)[] SizeUnits =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30),
        ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("B", 1),
    ];

    /// <summary>A size in bytes: "65536", "64MiB", "1.5GB" (KiB = 1024 bytes, KB = 1000).</summary>
    private static long Size(string text, string what, long min)
    {
        string number = text;
        long scale = 1;
        foreach ((string suffix, long unit) in SizeUnits)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                (number, scale) = (text[..^suffix.Length].TrimEnd(), unit);
                break;
            }
        }
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            throw new UsageException($"{what} '{text}' is not a size such as 64MiB, 500MB or 1048576 (bytes)");
        }
        double bytes = Math.Round(value * scale);
        return bytes >= min && bytes <= long.MaxValue / 2
            ? (long)bytes
            : throw new UsageException($"{what} '{text}' must be at least {min} bytes");
    }
}
