using System.Globalization;
using HftHost.Native;

namespace HftHost.Cli;

/// <summary>Parses option values that have a unit or a form; throws <see cref="UsageException"/>.</summary>
internal static class ValueParsers
{
    /// <summary>"max" = as fast as possible (0); "x1" = recorded pace (1000); "x2.5" = 2500 permille.</summary>
    public static uint ParsePace(string text)
    {
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        if (text.Length > 1 && (text[0] == 'x' || text[0] == 'X')
            && double.TryParse(text.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out double factor)
            && factor >= 0.001 && factor <= 1_000_000)
        {
            return (uint)Math.Round(factor * 1000);
        }
        throw new UsageException($"--pace '{text}' is not 'max' or x<factor> (x1 = recorded pace, x0.5, x10)");
    }

    /// <summary>"10s", "500ms", "2m", "1h" or a number of seconds.</summary>
    public static TimeSpan ParseDuration(string text) => ParseDuration(text, "--duration");

    /// <summary>A duration of 1 ms up to 49 days, in whole ms, for --max-gap.</summary>
    public static uint ParseMaxGapMs(string text)
    {
        double ms = Math.Round(ParseDuration(text, "--max-gap").TotalMilliseconds);
        return ms is >= 1 and <= uint.MaxValue
            ? (uint)ms
            : throw new UsageException($"--max-gap '{text}' must be between 1ms and 49 days");
    }

    public static TimeSpan ParseDuration(string text, string option)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            && value * scale <= TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(value * scale);
        }
        throw new UsageException($"{option} '{text}' is not a positive duration such as 10s, 500ms, 2m");
    }

    /// <summary>auto | copy | zerocopy.</summary>
    public static AfXdpMode ParseAfXdpMode(string text) => text switch
    {
        "auto" => AfXdpMode.Auto,
        "copy" => AfXdpMode.Copy,
        "zerocopy" => AfXdpMode.ZeroCopy,
        _ => throw new UsageException($"afxdp mode '{text}' is not auto, copy or zerocopy"),
    };

    /// <summary>"2,3" or "2": CPU numbers that exist on this machine.</summary>
    public static List<int> ParseCores(string text)
    {
        var cores = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            cores.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu)
                ? cpu
                : throw new UsageException($"--cores '{text}' is not a list of CPU numbers such as 1 or 2,3"));
        }
        return cores;
    }

    /// <summary>Ring capacity: 0 (default) or a power of two up to 2^24.</summary>
    public static uint ParseRingCapacity(int value)
    {
        if (value == 0 || (value > 0 && value <= 1 << 24 && (value & (value - 1)) == 0))
        {
            return (uint)value;
        }
        throw new UsageException($"--ring {value} is not a power of two between 1 and 16777216");
    }
}
