using System.CommandLine;
using HftHost.Audit;
using HftHost.Config;
using HftHost.Dashboard;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HftHost.Cli;

/// <summary>
/// The hfthost command line. Every usage problem (unknown option, bad value, missing
/// file or interface) is one line on stderr and exit code 2; reports go to stdout, logs
/// to stderr, so `--json` output can be piped as it is.
/// </summary>
internal static class HostCli
{
    public static int Run(string[] args)
    {
        RootCommand root = BuildCommands();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = parsed.CommandResult.Command == root ? "" : " " + parsed.CommandResult.Command.Name;
            string errors = string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')));
            Console.Error.WriteLine($"hfthost: {errors} (see 'hfthost{command} --help')");
            return ExitCodes.Usage;
        }
        try
        {
            // Our own handlers below turn exceptions into one line and an exit code.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"hfthost: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ConfigException ex)
        {
            // One line per error, each with its file, line and column.
            foreach (string error in ex.Errors)
            {
                Console.Error.WriteLine($"hfthost: {error}");
            }
            return ExitCodes.Usage;
        }
        catch (PluginException ex)
        {
            Console.Error.WriteLine($"hfthost: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (PortException ex)
        {
            Console.Error.WriteLine($"hfthost: {ex.Message}");
            return ex.DuringOpen ? ExitCodes.Usage : ExitCodes.SourceError;
        }
    }

    private static RootCommand BuildCommands()
    {
        var root = new RootCommand("HftHost: a kernel-bypass packet host for trading networks.");
        root.Subcommands.Add(ReplayCommand());
        root.Subcommands.Add(ListenCommand());
        root.Subcommands.Add(PluginsCommands.Build());
        root.Subcommands.Add(GenCommand.Build());
        root.Subcommands.Add(MarketDataCommands.Decode());
        root.Subcommands.Add(MarketDataCommands.Book());
        root.Subcommands.Add(ConfigCommands.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        return root;
    }

    private static Command ReplayCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "pcap or pcapng capture to replay" };
        var pace = new Option<string>("--pace")
        {
            Description = "max (as fast as possible) or x<factor> of the recorded pace: x1, x0.5, x10",
            DefaultValueFactory = _ => "max",
        };
        var loops = new Option<int>("--loop") { Description = "replay the file N times", DefaultValueFactory = _ => 1 };
        var maxGap = new Option<string?>("--max-gap")
        {
            Description = "with --pace x<factor>: recorded gaps longer than this (idle periods, bad timestamps) are shortened to it (default 1s)",
        };
        var common = new CommonOptions();
        var command = new Command("replay", "Replay a capture file through the host and report what it holds.")
        {
            file, pace, loops, maxGap,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            FileInfo path = result.GetRequiredValue(file);
            if (Directory.Exists(path.FullName))
            {
                throw new UsageException($"'{path}' is a directory, not a capture file");
            }
            if (!path.Exists)
            {
                throw new UsageException($"no such file: '{path}'");
            }
            int loopCount = result.GetValue(loops);
            if (loopCount < 1)
            {
                throw new UsageException($"--loop {loopCount} must be at least 1");
            }
            var settings = new PortSettings
            {
                Backend = PortBackend.Pcap,
                Source = path.FullName,
                PacePermille = ValueParsers.ParsePace(result.GetRequiredValue(pace)),
                Loops = (uint)loopCount,
                PaceMaxGapMs = result.GetValue(maxGap) is { } gap ? ValueParsers.ParseMaxGapMs(gap) : 0,
                RingCapacity = ValueParsers.ParseRingCapacity(result.GetValue(common.Ring)),
                NoHugepages = result.GetValue(common.NoHugepages),
            };
            return common.Execute(result, "replay", settings, duration: null, result.GetValue(common.BusySpin));
        });
        return command;
    }

    private static Command ListenCommand()
    {
        var afpacket = new Option<string?>("--afpacket")
        {
            Description = "receive from this interface through an AF_PACKET TPACKET_V3 ring (root or CAP_NET_RAW)",
        };
        var dpdk = new Option<string?>("--dpdk")
        {
            Description = "receive through DPDK with these EAL arguments, e.g. \"--no-pci --file-prefix a --vdev net_memif0,role=client\"",
        };
        var device = new Option<string?>("--port") { Description = "with --dpdk: the ethdev to receive from (vdev name or PCI address)" };
        var afxdp = new Option<string?>("--afxdp") { Description = "receive from this interface through AF_XDP sockets (root)" };
        var queue = new Option<uint>("--queue") { Description = "with --afxdp: the first interface queue to bind (default 0)" };
        var queues = new Option<uint>("--queues") { Description = "with --dpdk or --afxdp: receive queues, one poll thread each (default 1)" };
        var afxdpMode = new Option<string?>("--afxdp-mode") { Description = "auto (zero copy if the driver can), copy or zerocopy" };
        var cores = new Option<string?>("--cores") { Description = "CPU for each queue's poll thread, e.g. 1 or 2,3" };
        var config = new Option<FileInfo?>("--config") { Description = "read the port from this YAML/JSON file instead of options" };
        var duration = new Option<string?>("--duration") { Description = "stop after this long: 10s, 500ms, 2m (default: Ctrl-C)" };
        var common = new CommonOptions();
        var command = new Command("listen", "Receive from a live source until Ctrl-C or --duration.")
        {
            afpacket, dpdk, device, afxdp, queue, queues, afxdpMode, cores, config, duration,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            string? durationText = result.GetValue(duration);
            TimeSpan? limit = durationText is null ? null : ValueParsers.ParseDuration(durationText);
            string?[] sources = [result.GetValue(afpacket), result.GetValue(dpdk), result.GetValue(afxdp), result.GetValue(config)?.FullName];
            if (sources.Count(s => s is not null) != 1)
            {
                throw new UsageException("listen needs exactly one of --afpacket IFACE, --dpdk \"<eal args>\" --port DEV, --afxdp IFACE, --config FILE");
            }
            bool busySpin = result.GetValue(common.BusySpin);
            PortSettings settings;
            ListenConfig? loaded = null;
            if (result.GetValue(config) is { } file)
            {
                loaded = ListenConfig.Load(file.FullName);
                settings = loaded.Port;
                limit ??= loaded.Duration;
                busySpin |= loaded.BusySpin;
            }
            else
            {
                PortBackend backend = result.GetValue(dpdk) is not null ? PortBackend.Dpdk
                    : result.GetValue(afxdp) is not null ? PortBackend.AfXdp : PortBackend.AfPacket;
                settings = new PortSettings
                {
                    Backend = backend,
                    Source = result.GetValue(afxdp) ?? result.GetValue(afpacket),
                    DpdkEalArgs = result.GetValue(dpdk),
                    DpdkDevice = result.GetValue(device),
                    QueueCount = result.GetValue(queues),
                    QueueFirst = result.GetValue(queue),
                    AfXdpMode = result.GetValue(afxdpMode) is { } mode ? ValueParsers.ParseAfXdpMode(mode) : AfXdpMode.Auto,
                    Cores = result.GetValue(cores) is { } list ? ValueParsers.ParseCores(list) : [],
                    RingCapacity = ValueParsers.ParseRingCapacity(result.GetValue(common.Ring)),
                    NoHugepages = result.GetValue(common.NoHugepages),
                };
                ListenSources.Validate(settings);
            }
            return common.Execute(result, "listen", settings, limit, busySpin, loaded, result.GetValue(config)?.FullName);
        });
        return command;
    }

    /// <summary>Options every data-plane command takes, and how they run a port.</summary>
    internal sealed class CommonOptions
    {
        public Option<bool> Json { get; } = new("--json") { Description = "print the report as one JSON object" };

        public Option<int> Ring { get; } = new("--ring") { Description = "descriptors per queue ring, a power of two (default 4096)" };

        public Option<bool> NoHugepages { get; } = new("--no-hugepages") { Description = "keep rings on normal pages" };

        public Option<bool> BusySpin { get; } = new("--busy-spin") { Description = "poll threads never yield (dedicated cores)" };

        public Option<bool> Verbose { get; } = new("--verbose") { Description = "log at debug level" };

        public Option<DirectoryInfo?> Plugins { get; } = new("--plugins")
        {
            Description = "load plugins from this folder (<DIR>/<Name>/<Name>.dll) and hand them every frame",
        };

        public Option<string[]> Plugin { get; } = new("--plugin")
        {
            Description = "with --plugins: load only this plugin (repeat for several, in dispatch order)",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<long> MaxFaults { get; } = new("--max-faults")
        {
            Description = "exceptions a plugin may throw before it is quarantined (default 100)",
        };

        public Option<bool> NoWatch { get; } = new("--no-watch") { Description = "do not reload a plugin when a new build lands in its folder" };

        public Option<int?> MetricsPort { get; } = new("--metrics-port")
        {
            Description = "serve the host's and the plugins' metrics for Prometheus on http://127.0.0.1:PORT/metrics",
        };

        public Option<string?> Control { get; } = new("--control")
        {
            Description = "control socket for 'hfthost plugins' (default $XDG_RUNTIME_DIR/hfthost.sock or /tmp/hfthost-$USER.sock)",
        };

        public AuditOptions Audit { get; } = new();

        public DashboardOptions Dashboard { get; } = new();

        public HistogramLogOption HistogramLog { get; } = new();

        public void AddTo(Command command)
        {
            command.Options.Add(Json);
            command.Options.Add(Ring);
            command.Options.Add(NoHugepages);
            command.Options.Add(BusySpin);
            command.Options.Add(Verbose);
            command.Options.Add(Plugins);
            command.Options.Add(Plugin);
            command.Options.Add(MaxFaults);
            command.Options.Add(NoWatch);
            command.Options.Add(Control);
            command.Options.Add(MetricsPort);
            Audit.AddTo(command);
            Dashboard.AddTo(command);
            HistogramLog.AddTo(command);
        }

        public int Execute(
            ParseResult result, string name, PortSettings settings, TimeSpan? duration, bool busySpin,
            ListenConfig? config = null, string? configPath = null)
        {
            PluginHostOptions? configuredPlugins = config?.Plugins;
            int? configuredMetricsPort = config?.MetricsPort;
            IReadOnlyDictionary<string, string>? venueBySession = config?.VenueBySession;
            bool json = result.GetValue(Json);
            using ILoggerFactory logging = CreateLogging(result.GetValue(Verbose));
            ILogger logger = logging.CreateLogger("hfthost");
            DashboardSettings? dashboard = Dashboard.Read(result, json);
            bool progress = dashboard is null && !json && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
            PluginHostOptions? pluginOptions = HistogramLog.Apply(result, PluginOptions(result, configuredPlugins));
            string? control = result.GetValue(Control);
            int? metricsPort = result.GetValue(MetricsPort) ?? configuredMetricsPort;
            if (metricsPort is < 1 or > 65535)
            {
                throw new UsageException($"--metrics-port {metricsPort} is not a port (1-65535)");
            }
            using AuditTrail? audit = Audit.Open(result, logger, config?.Audit);
            if (configPath is not null)
            {
                audit?.RecordConfig(configPath);
            }
            PluginRun? plugins = pluginOptions is null ? null : new PluginRun(pluginOptions, control, control is not null, logging) { Audit = audit };
            RunReport report = PortRun.Execute(
                name, settings, duration, busySpin ? IdleMode.BusySpin : IdleMode.Backoff, progress, logger, plugins, metricsPort, dashboard)
                with { VenueBySession = venueBySession };
            Console.Out.Write(json ? report.ToJson() + Environment.NewLine : report.ToText());
            return report.ExitCode;
        }

        // Command-line options override the config file's plugins section.
        private PluginHostOptions? PluginOptions(ParseResult result, PluginHostOptions? configured)
        {
            DirectoryInfo? directory = result.GetValue(Plugins);
            string[] only = result.GetValue(Plugin) ?? [];
            long maxFaults = result.GetValue(MaxFaults);
            if (directory is null && configured is null)
            {
                if (only.Length != 0 || maxFaults != 0 || result.GetValue(NoWatch))
                {
                    throw new UsageException("--plugin, --max-faults and --no-watch need --plugins DIR (or a plugins section in --config)");
                }
                return null;
            }
            if (maxFaults < 0)
            {
                throw new UsageException($"--max-faults {maxFaults} must be at least 1");
            }
            PluginHostOptions options = configured ?? new PluginHostOptions { Directory = directory!.FullName };
            if (directory is not null)
            {
                options = options with { Directory = directory.FullName };
            }
            if (!Directory.Exists(options.Directory))
            {
                throw new UsageException($"no such plugin directory: '{options.Directory}'");
            }
            return options with
            {
                Load = only.Length != 0 ? only : options.Load,
                MaxFaults = maxFaults > 0 ? maxFaults : options.MaxFaults,
                Watch = options.Watch && !result.GetValue(NoWatch),
            };
        }
    }

    private static ILoggerFactory CreateLogging(bool verbose) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            // Logs go to stderr: stdout carries only the report.
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
