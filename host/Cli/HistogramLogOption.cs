using System.CommandLine;
using System.Globalization;
using HftHost.Plugins;
using Microsoft.Extensions.Configuration;

namespace HftHost.Cli;

/// <summary>
/// <c>--hlog FILE [--hlog-interval 1s]</c> on replay and listen: the latency histograms in the
/// HdrHistogram interval log format. The Latency plugin measures, so it writes the log too,
/// from a thread of its own (the poll threads only record, lock-free): the host hands it the
/// file and the interval as its settings <c>HistogramLog</c> and
/// <c>HistogramLogIntervalMilliseconds</c> (plugins/Latency/README.md), on every load and reload.
/// </summary>
internal sealed class HistogramLogOption
{
    public const string LatencyPlugin = "Latency";

    public Option<FileInfo?> File { get; } = new("--hlog")
    {
        Description = "write the Latency plugin's histograms to FILE in the HdrHistogram log format (.hlog), one interval per session and metric",
    };

    public Option<string?> Interval { get; } = new("--hlog-interval") { Description = "with --hlog: length of an interval: 1s (default), 500ms" };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Interval);
    }

    /// <summary>The plugin options with the log's settings given to the Latency plugin; unchanged without --hlog.</summary>
    /// <exception cref="UsageException">--hlog without the Latency plugin, a folder that does not exist, a bad interval.</exception>
    public PluginHostOptions? Apply(ParseResult result, PluginHostOptions? options)
    {
        FileInfo? file = result.GetValue(File);
        string? intervalText = result.GetValue(Interval);
        if (file is null)
        {
            return intervalText is null ? options : throw new UsageException("--hlog-interval needs --hlog FILE");
        }
        TimeSpan interval = intervalText is null ? TimeSpan.FromSeconds(1) : ValueParsers.ParseDuration(intervalText, "--hlog-interval");
        if (interval < TimeSpan.FromMilliseconds(1))
        {
            throw new UsageException($"--hlog-interval {intervalText} must be at least 1ms");
        }
        if (options is null)
        {
            throw new UsageException("--hlog needs the Latency plugin: add --plugins DIR (or a plugins section in --config)");
        }
        bool loaded = options.Load.Count != 0
            ? options.Load.Contains(LatencyPlugin, StringComparer.Ordinal)
            : System.IO.File.Exists(Path.Combine(options.Directory, LatencyPlugin, LatencyPlugin + ".dll"));
        if (!loaded)
        {
            throw new UsageException($"--hlog needs the Latency plugin, which this run does not load (no {LatencyPlugin} in --plugin, or no {Path.Combine(options.Directory, LatencyPlugin, LatencyPlugin + ".dll")})");
        }
        if (Directory.Exists(file.FullName) || !Directory.Exists(file.DirectoryName))
        {
            throw new UsageException($"--hlog '{file}': not a file in an existing folder");
        }
        var settings = new Dictionary<string, string?>
        {
            ["HistogramLog"] = file.FullName,
            ["HistogramLogIntervalMilliseconds"] = ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        PluginEntry? entry = options.Plugins.GetValueOrDefault(LatencyPlugin);
        var builder = new ConfigurationBuilder();
        if (entry is not null)
        {
            builder.AddConfiguration(entry.Settings);
        }
        IConfiguration merged = builder.AddInMemoryCollection(settings).Build();
        var plugins = new Dictionary<string, PluginEntry>(options.Plugins, StringComparer.Ordinal)
        {
            [LatencyPlugin] = new PluginEntry(merged, entry?.Bindings ?? []),
        };
        return options with { Plugins = plugins };
    }
}
