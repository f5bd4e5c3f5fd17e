using System.Globalization;
using HftHost.Cli;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>
/// The config file of <c>hfthost listen --config FILE</c> and <c>hfthost run --config FILE</c>
/// (YAML, or JSON, which is YAML): the source (a live <c>port</c> with the same settings as the
/// command-line options, or for <c>run</c> a <c>replay</c> of a capture), an optional duration,
/// venues, named feeds, the packet filter's rules file, plugins, metrics and the audit trail.
/// Every error is reported with its line and column, all of them at once, in file order;
/// unknown keys are errors. One partial file per section:
/// <code>
/// port:                        # or replay: (ListenConfig.Replay.cs), for 'run'
///   backend: dpdk              # dpdk | afxdp | afpacket
///   eal: "--no-pci --file-prefix feed-a --vdev net_memif0,role=client,socket=/run/feed-a.sock"
///   device: net_memif0         # dpdk: ethdev name or PCI address
///   interface: ens1f0          # afxdp, afpacket
///   queues: 2                  # dpdk, afxdp
///   first-queue: 0             # afxdp
///   afxdp-mode: auto           # auto | copy | zerocopy
///   cores: [2, 3]              # CPU of each queue's poll thread
///   ring: 4096                 # descriptors per queue ring, power of two
///   pool: 0                    # mbufs / UMEM frames per queue, 0 = derived
///   busy-spin: true            # poll threads never yield
/// duration: 10s                # stop after; default: until Ctrl-C
/// venues: [...]                # ListenConfig.Venues.cs
/// feeds:                       # named feeds plugins bind to (BindFeed, or bind: below)
///   nasdaq-a: { group: 233.54.12.111, port: 26477 }   # protocol: udp (default) or tcp
/// filter: { rules-file: hfthost.rules }                # ListenConfig.Filter.cs
/// metrics: { port: 9464 }      # Prometheus endpoint on http://127.0.0.1:9464/metrics
/// audit: { file: hfthost.audit, flush-interval: 1s, rotate-size: 64MiB }   # ListenConfig.Audit.cs
/// plugins:                     # see ListenConfig.Plugins.cs
///   directory: plugins         # relative to this file
///   max-faults: 100
///   budget: 100ms
///   watch: true
///   load:
///     - name: CountingPlugin
///       settings: { Port: 30001 }
///       bind: [ { decoder: count, feed: nasdaq-a } ]
/// </code>
/// <c>hfthost config generate</c> writes a commented example of the whole file (ConfigExample.cs).
/// </summary>
internal sealed partial record ListenConfig(PortSettings Port, TimeSpan? Duration, bool BusySpin)
{
    /// <summary>
    /// Reads and checks the whole file. <paramref name="allowReplay"/>: the source may be a
    /// <c>replay</c> section instead of a <c>port</c> (<c>hfthost run</c>; <c>listen</c> needs a port).
    /// </summary>
    /// <exception cref="ConfigException">Every error found, each with its file, line and column.</exception>
    public static ListenConfig Load(string path, bool allowReplay = false)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"no such config file: '{path}'");
        }
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            string message = ex.InnerException?.Message ?? ex.Message;
            if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
            {
                message = $"duplicate key '{message["Duplicate key ".Length..]}' (each key once per mapping)";
            }
            throw new ConfigException([$"{path}:{ex.Start.Line}:{ex.Start.Column}: {message}"]);
        }
        var errors = new List<string>();
        string expected = allowReplay ? "a 'port' or a 'replay' section" : "a 'port' section";
        ListenConfig? config = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? Parse(root, path, allowReplay, errors)
            : Fail(errors, path, stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start,
                $"the file must hold one mapping with {expected}");
        return errors.Count == 0 && config is not null ? config : throw new ConfigException(InFileOrder(errors, path));
    }

    /// <summary>Errors found by later checks (plugins, venues) go back to their place in the file.</summary>
    private static List<string> InFileOrder(List<string> errors, string path) =>
        [.. errors.Select((e, i) => (Error: e, Index: i, Place: Place(e, path))).OrderBy(e => e.Place).ThenBy(e => e.Index).Select(e => e.Error)];

    private static (long Line, long Column) Place(string error, string path)
    {
        string[] parts = error.Length > path.Length ? error[(path.Length + 1)..].Split(':', 3) : [];
        return parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long line) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long column)
            ? (line, column)
            : (long.MaxValue, 0);
    }

    private static ListenConfig? Parse(YamlMappingNode root, string path, bool allowReplay, List<string> errors)
    {
        PortSettings? port = null;
        YamlNode? portNode = null;
        TimeSpan? duration = null;
        bool busySpin = false;
        YamlNode? pluginsNode = null;
        int? metricsPort = null;
        Dictionary<string, FeedEndpoint> feeds = [];
        List<VenueSettings> venues = [];
        Mark venuesAt = Mark.Empty;
        Mark filterAt = Mark.Empty;
        FilterSettings? filter = null;
        AuditSection? audit = null;
        foreach ((YamlNode key, YamlNode value) in root.Children)
        {
            switch (Key(key))
            {
                case "port":
                    (port, busySpin) = ParsePort(value, path, errors);
                    portNode = OneSource(portNode, key, path, errors);
                    break;
                case "replay" when allowReplay:
                    port = ParseReplay(value, path, errors);
                    portNode = OneSource(portNode, key, path, errors);
                    break;
                case "replay":
                    Fail(errors, path, key.Start, "'replay' is a source for 'hfthost run --config'; 'listen' needs a 'port'");
                    break;
                case "duration":
                    duration = Convert(value, path, errors, ValueParsers.ParseDuration);
                    break;
                case "feeds":
                    feeds = ParseFeeds(value, path, errors);
                    break;
                case "venues":
                    venues = ParseVenues(value, path, errors);
                    venuesAt = key.Start;
                    break;
                case "filter":
                    filter = ParseFilter(value, path, errors);
                    filterAt = key.Start;
                    break;
                case "audit":
                    audit = ParseAudit(value, path, errors);
                    break;
                case "plugins":
                    pluginsNode = value;
                    break;
                case "metrics":
                    metricsPort = ParseMetrics(value, path, errors);
                    break;
                default:
                    Fail(errors, path, key.Start,
                        $"unknown key '{Key(key)}' (expected {(allowReplay ? "port or replay" : "port")}, duration, venues, feeds, filter, plugins, metrics, audit)");
                    break;
            }
        }
        if (portNode is null)
        {
            Fail(errors, path, root.Start, allowReplay ? "missing source: a 'port' or a 'replay' section" : "missing 'port' section");
        }
        AddVenueFeeds(venues, feeds, path, errors);
        PluginHostOptions? plugins = pluginsNode is null ? null : ParsePlugins(pluginsNode, feeds, path, errors);
        plugins = ApplyVenues(venues, plugins, venuesAt, path, errors);
        plugins = ApplyFilter(filter, plugins, filterAt, path, errors);
        CheckFeedInterfaces(venues, port, path, errors);
        return port is null ? null : new ListenConfig(port, duration, busySpin)
        {
            Plugins = plugins, MetricsPort = metricsPort, Venues = venues, Filter = filter, Audit = audit,
        };
    }

    private static YamlNode OneSource(YamlNode? earlier, YamlNode key, string path, List<string> errors)
    {
        if (earlier is not null)
        {
            Fail(errors, path, key.Start, $"a second source: '{Key(earlier)}' is already given at line {earlier.Start.Line}; give one of 'port' or 'replay'");
        }
        return earlier ?? key;
    }

    private static (PortSettings?, bool) ParsePort(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return (Fail<PortSettings>(errors, path, node.Start, "'port' must be a mapping of settings"), false);
        }
        PortBackend? backend = null;
        string? eal = null, device = null, iface = null;
        uint queues = 0, firstQueue = 0, ring = 0, pool = 0;
        var mode = AfXdpMode.Auto;
        List<int> cores = [];
        bool busySpin = false;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            string name = Key(key);
            switch (name)
            {
                case "backend":
                    backend = Convert(value, path, errors, v => v switch
                    {
                        "dpdk" => PortBackend.Dpdk,
                        "afxdp" => PortBackend.AfXdp,
                        "afpacket" => PortBackend.AfPacket,
                        _ => throw new UsageException($"backend '{v}' is not dpdk, afxdp or afpacket"),
                    });
                    break;
                case "eal":
                    eal = Scalar(value, path, errors);
                    break;
                case "device":
                    device = Scalar(value, path, errors);
                    break;
                case "interface":
                    iface = Scalar(value, path, errors);
                    break;
                case "queues":
                    queues = Convert(value, path, errors, v => Number(v, "queues", 1, 64));
                    break;
                case "first-queue":
                    firstQueue = Convert(value, path, errors, v => Number(v, "first-queue", 0, 1023));
                    break;
                case "ring":
                    ring = Convert(value, path, errors, v => ValueParsers.ParseRingCapacity((int)Number(v, "ring", 1, 1 << 24)));
                    break;
                case "pool":
                    pool = Convert(value, path, errors, v => Number(v, "pool", 0, 1 << 24));
                    break;
                case "afxdp-mode":
                    mode = Convert(value, path, errors, ValueParsers.ParseAfXdpMode);
                    break;
                case "busy-spin":
                    busySpin = Convert(value, path, errors, v => bool.TryParse(v, out bool b) ? b : throw new UsageException($"busy-spin '{v}' is not true or false"));
                    break;
                case "cores":
                    cores = ParseCores(value, path, errors);
                    break;
                default:
                    Fail(errors, path, key.Start,
                        $"unknown key 'port.{name}' (expected backend, eal, device, interface, queues, first-queue, afxdp-mode, cores, ring, pool, busy-spin)");
                    break;
            }
        }
        if (backend is null)
        {
            return (Fail<PortSettings>(errors, path, map.Start, "'port' needs a backend: dpdk, afxdp or afpacket"), false);
        }
        var settings = new PortSettings
        {
            Backend = backend.Value,
            Source = iface,
            DpdkEalArgs = eal,
            DpdkDevice = device,
            QueueCount = queues,
            QueueFirst = firstQueue,
            RingCapacity = ring,
            PoolSize = pool,
            AfXdpMode = mode,
            Cores = cores,
        };
        try
        {
            ListenSources.Validate(settings);
        }
        catch (UsageException ex)
        {
            Fail(errors, path, map.Start, ex.Message);
        }
        return (settings, busySpin);
    }

    private static List<int> ParseCores(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlSequenceNode list)
        {
            Fail(errors, path, node.Start, "'cores' must be a list such as [2, 3]");
            return [];
        }
        return list.Children.Select(c => (int)Convert(c, path, errors, v => Number(v, "core", 0, 1023))).ToList();
    }

    private static uint Number(string text, string what, uint min, uint max) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{what} '{text}' is not a whole number from {min} to {max}");

    private static string Key(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    private static string? Scalar(YamlNode node, string path, List<string> errors) =>
        node is YamlScalarNode s ? s.Value : Fail<string>(errors, path, node.Start, "expected a single value");

    private static T Convert<T>(YamlNode node, string path, List<string> errors, Func<string, T> parse)
    {
        if (node is not YamlScalarNode { Value: { } text })
        {
            Fail(errors, path, node.Start, "expected a single value");
            return default!;
        }
        try
        {
            return parse(text);
        }
        catch (UsageException ex)
        {
            Fail(errors, path, node.Start, ex.Message);
            return default!;
        }
    }

    private static T? Fail<T>(List<string> errors, string path, Mark at, string message)
    {
        errors.Add($"{path}:{at.Line}:{at.Column}: {message}");
        return default;
    }

    private static ListenConfig? Fail(List<string> errors, string path, Mark at, string message) =>
        Fail<ListenConfig>(errors, path, at, message);
}
