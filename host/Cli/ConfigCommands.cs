using System.CommandLine;
using System.Globalization;
using HftHost.Config;

namespace HftHost.Cli;

/// <summary>
/// <c>hfthost config generate</c> writes a commented example of the venue configuration;
/// <c>hfthost config validate FILE</c> checks one and reports every error as FILE:LINE:COLUMN.
/// </summary>
internal static class ConfigCommands
{
    private const string BundledCapture = "tests/data/nasdaq-itch50-moldudp64.pcap";

    public static Command Build()
    {
        var command = new Command("config", "Write an example venue configuration, or check one.");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Validate());
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "the venue configuration (YAML or JSON)" };
        var command = new Command("validate", "Check a configuration: every error as FILE:LINE:COLUMN: message (exit 2), or a summary (exit 0).")
        {
            file,
        };
        command.SetAction(result =>
        {
            string path = result.GetRequiredValue(file).FullName;
            ListenConfig config;
            try
            {
                config = ListenConfig.Load(path, allowReplay: true);
            }
            catch (ConfigException ex)
            {
                // Bare FILE:LINE:COLUMN lines, as compilers print them, so editors can jump to each.
                foreach (string error in ex.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                return ExitCodes.Usage;
            }
            Console.Out.WriteLine(Summary(config));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"valid: 2 venues, 2 feeds, 5 plugins, source replay FILE, ..."</summary>
    internal static string Summary(ListenConfig config)
    {
        var inv = CultureInfo.InvariantCulture;
        List<string> parts =
        [
            Count(config.Venues.Count, "venue"),
            Count(config.Plugins?.Feeds.Count ?? 0, "feed"),
            config.Plugins is null ? "no plugins"
                : config.Plugins.Load.Count == 0 ? $"every plugin in {config.Plugins.Directory}"
                : $"{Count(config.Plugins.Load.Count, "plugin")} ({string.Join(", ", config.Plugins.Load)})",
            config.Port.Backend == Native.PortBackend.Pcap
                ? $"source replay {config.Port.Source}"
                : $"source {config.Port.Backend.ToString().ToLowerInvariant()} {config.Port.Source ?? config.Port.DpdkDevice}",
        ];
        if (config.Duration is { } duration)
        {
            parts.Add(string.Create(inv, $"duration {duration.TotalSeconds:0.###}s"));
        }
        if (config.Filter is { } filter)
        {
            parts.Add($"filter rules {filter.RulesFile}");
        }
        if (config.MetricsPort is { } port)
        {
            parts.Add(string.Create(inv, $"metrics port {port}"));
        }
        if (config.Audit is { } audit)
        {
            parts.Add(string.Create(inv, $"audit {audit.File} (flush every {audit.FlushInterval.TotalSeconds:0.###}s, rotate at {audit.RotateBytes} bytes)"));
        }
        return "valid: " + string.Join(", ", parts);
    }

    private static string Count(int n, string what) => string.Create(CultureInfo.InvariantCulture, $"{n} {what}{(n == 1 ? "" : "s")}");

    private static Command Generate()
    {
        var output = new Option<FileInfo?>("--out") { Description = "write the example here (default: stdout); also writes an empty rules file beside it" };
        var replay = new Option<FileInfo?>("--replay")
        {
            Description = "the capture the example replays (default: the bundled NASDAQ capture, " + BundledCapture + ")",
        };
        var venues = new Option<int>("--venues")
        {
            Description = "describe the N venues of a capture from 'hfthost gen itch --venues N' (default: the bundled capture's one venue)",
        };
        var plugins = new Option<DirectoryInfo?>("--plugins") { Description = "the plugin folder (default: the one built beside hfthost, artifacts/plugins)" };
        var metricsPort = new Option<int>("--metrics-port") { Description = "the port of the metrics section", DefaultValueFactory = _ => 9464 };
        var command = new Command("generate", "Write a commented example venue configuration that validates and runs as it is (a replay, no root).")
        {
            output, replay, venues, plugins, metricsPort,
        };
        command.SetAction(result =>
        {
            int venueCount = result.GetValue(venues);
            if (venueCount is < 0 or > 99)
            {
                throw new UsageException($"--venues {venueCount} is not 1 to 99 (without it: the bundled capture's venue)");
            }
            int metrics = result.GetValue(metricsPort);
            if (metrics is < 1 or > 65535)
            {
                throw new UsageException($"--metrics-port {metrics} is not a port (1-65535)");
            }
            FileInfo? outFile = result.GetValue(output);
            string capture = result.GetValue(replay)?.FullName ?? FindBundledCapture()
                ?? throw new UsageException($"the bundled capture ({BundledCapture}) is not beside this hfthost: give --replay FILE (e.g. one from 'hfthost gen itch')");
            string pluginDir = result.GetValue(plugins)?.FullName ?? DefaultPluginDirectory();
            string? folder = outFile?.Directory?.FullName;
            var example = new ConfigExample
            {
                Replay = Spell(capture, folder),
                PluginDirectory = Spell(pluginDir, folder),
                RulesFile = outFile is null ? null : Path.GetFileNameWithoutExtension(outFile.Name) + ".rules",
                GeneratedVenues = venueCount,
                MetricsPort = metrics,
            };
            if (outFile is null)
            {
                Console.Out.Write(example.Render());
                return ExitCodes.Ok;
            }
            if (folder is null || !Directory.Exists(folder))
            {
                throw new UsageException($"no such folder: '{folder}'");
            }
            if (outFile.Exists)
            {
                // Someone's edited configuration is worth more than an example.
                throw new UsageException($"'{outFile.FullName}' exists: remove it or choose another --out");
            }
            File.WriteAllText(outFile.FullName, example.Render());
            string rules = Path.Combine(folder, example.RulesFile!);
            if (!File.Exists(rules))
            {
                File.WriteAllText(rules, ConfigExample.ExampleRules);
            }
            Console.Error.WriteLine($"hfthost: wrote {outFile.FullName} and {rules}; check it with 'hfthost config validate {outFile.FullName}'");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Relative to the config file's folder when it lies under it (they move together), else absolute.</summary>
    private static string Spell(string fullPath, string? configFolder)
    {
        string relative = configFolder is null ? fullPath : Path.GetRelativePath(configFolder, fullPath);
        return Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    // hfthost runs from artifacts/bin/<project>/<config>/; the repository is above artifacts/.
    private static string? FindBundledCapture()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, BundledCapture);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string DefaultPluginDirectory()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "artifacts", "plugins");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.GetFullPath("plugins");
    }
}
