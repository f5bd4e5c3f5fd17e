using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HftHost.Cli;
using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>The <c>feeds</c> and <c>plugins</c> sections of the config file.</summary>
internal sealed partial record ListenConfig
{
    /// <summary>The plugins section; null when the file has none.</summary>
    public PluginHostOptions? Plugins { get; init; }

    /// <summary>The port of the Prometheus endpoint (<c>metrics: { port: N }</c>); null for none.</summary>
    public int? MetricsPort { get; init; }

    private static int? ParseMetrics(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<int?>(errors, path, node.Start, "'metrics' must be a mapping such as { port: 9464 }");
        }
        int? port = null;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            if (Key(key) == "port")
            {
                port = (int)Convert(value, path, errors, v => Number(v, "metrics port", 1, 65535));
            }
            else
            {
                Fail(errors, path, key.Start, $"unknown key 'metrics.{Key(key)}' (expected port)");
            }
        }
        return port;
    }

    private static Dictionary<string, FeedEndpoint> ParseFeeds(YamlNode node, string path, List<string> errors)
    {
        var feeds = new Dictionary<string, FeedEndpoint>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            Fail(errors, path, node.Start, "'feeds' must map feed names to { group, port }");
            return feeds;
        }
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            if (ParseEndpoint(value, $"feeds.{Key(key)}", path, errors, allowFeed: false) is { Endpoint: { } endpoint })
            {
                feeds[Key(key)] = endpoint;
            }
        }
        return feeds;
    }

    private static PluginHostOptions? ParsePlugins(YamlNode node, Dictionary<string, FeedEndpoint> feeds, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<PluginHostOptions>(errors, path, node.Start, "'plugins' must be a mapping (directory, load, max-faults, budget, watch)");
        }
        string? directory = null;
        long maxFaults = 100;
        TimeSpan budget = TimeSpan.FromMilliseconds(100);
        bool watch = true;
        List<string> load = [];
        var entries = new Dictionary<string, PluginEntry>(StringComparer.Ordinal);
        var loadAt = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "directory":
                    directory = Scalar(value, path, errors) is { } dir ? Path.GetFullPath(dir, Path.GetDirectoryName(Path.GetFullPath(path))!) : null;
                    break;
                case "max-faults":
                    maxFaults = Convert(value, path, errors, v => (long)Number(v, "max-faults", 1, int.MaxValue));
                    break;
                case "budget":
                    budget = Convert(value, path, errors, ValueParsers.ParseDuration);
                    break;
                case "watch":
                    watch = Convert(value, path, errors, v => bool.TryParse(v, out bool b) ? b : throw new UsageException($"watch '{v}' is not true or false"));
                    break;
                case "load":
                    if (value is not YamlSequenceNode list)
                    {
                        Fail(errors, path, value.Start, "'plugins.load' must be a list of { name, settings, bind }");
                        break;
                    }
                    foreach (YamlNode item in list.Children)
                    {
                        if (ParsePluginEntry(item, feeds, path, errors) is ({ } name, { } entry))
                        {
                            if (!load.Contains(name))
                            {
                                load.Add(name);
                                entries[name] = entry;
                                loadAt[name] = item.Start;
                            }
                            else
                            {
                                Fail(errors, path, item.Start, $"plugin '{name}' is listed twice");
                            }
                        }
                    }
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key 'plugins.{Key(key)}' (expected directory, load, max-faults, budget, watch)");
                    break;
            }
        }
        if (directory is null)
        {
            return Fail<PluginHostOptions>(errors, path, map.Start, "'plugins' needs a directory");
        }
        if (!Directory.Exists(directory))
        {
            Fail(errors, path, map.Start, $"plugin directory '{directory}' does not exist");
        }
        else
        {
            foreach ((string name, Mark at) in loadAt)
            {
                string dll = Path.Combine(directory, name, name + ".dll");
                if (!File.Exists(dll))
                {
                    Fail(errors, path, at, $"plugin '{name}' is not in the plugins directory (no {dll})");
                }
            }
        }
        return new PluginHostOptions
        {
            Directory = directory, Load = load, MaxFaults = maxFaults, Budget = budget, Watch = watch, Feeds = feeds, Plugins = entries,
        };
    }

    private static (string? Name, PluginEntry? Entry) ParsePluginEntry(
        YamlNode node, Dictionary<string, FeedEndpoint> feeds, string path, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { } bare })
        {
            return (bare, new PluginEntry(new ConfigurationBuilder().Build(), []));
        }
        if (node is not YamlMappingNode map)
        {
            Fail(errors, path, node.Start, "a plugin entry is a name or { name, settings, bind }");
            return (null, null);
        }
        string? name = null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        List<ConfiguredBinding> bindings = [];
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "name":
                    name = Scalar(value, path, errors);
                    break;
                case "settings":
                    Flatten(value, "", settings, path, errors);
                    break;
                case "bind":
                    if (value is not YamlSequenceNode list)
                    {
                        Fail(errors, path, value.Start, "'bind' must be a list of { decoder, feed } or { decoder, group, port }");
                        break;
                    }
                    foreach (YamlNode item in list.Children)
                    {
                        if (ParseEndpoint(item, "bind", path, errors, allowFeed: true) is { } parsed)
                        {
                            if (parsed.Feed is { } feed && !feeds.ContainsKey(feed))
                            {
                                Fail(errors, path, item.Start, $"feed '{feed}' is not defined in 'feeds' or by a venue");
                                continue;
                            }
                            bindings.Add(new ConfiguredBinding(parsed.Decoder, parsed.Endpoint, parsed.Feed));
                        }
                    }
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key '{Key(key)}' in a plugin entry (expected name, settings, bind)");
                    break;
            }
        }
        if (name is null)
        {
            Fail(errors, path, map.Start, "a plugin entry needs a name");
            return (null, null);
        }
        return (name, new PluginEntry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), bindings));
    }

    // Settings become configuration keys as Microsoft.Extensions.Configuration spells them: "Section:Key".
    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string?> into, string path, List<string> errors)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                into[prefix] = scalar.Value;
                break;
            case YamlMappingNode map:
                foreach ((YamlNode key, YamlNode value) in map.Children)
                {
                    Flatten(value, prefix.Length == 0 ? Key(key) : $"{prefix}:{Key(key)}", into, path, errors);
                }
                break;
            case YamlSequenceNode list:
                for (int i = 0; i < list.Children.Count; i++)
                {
                    Flatten(list.Children[i], $"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}", into, path, errors);
                }
                break;
            default:
                Fail(errors, path, node.Start, "settings hold values, mappings and lists only");
                break;
        }
    }

    /// <summary>Four dotted numbers only: <see cref="IPAddress.Parse(string)"/> also takes "233.1.1" (= 233.1.0.1).</summary>
    private static IPAddress Ipv4(string text, string what) =>
        text.Split('.').Length == 4 && IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : throw new UsageException($"{what} '{text}' is not an IPv4 address");

    private sealed record ParsedEndpoint(string? Decoder, FeedEndpoint? Endpoint, string? Feed);

    private static ParsedEndpoint? ParseEndpoint(YamlNode node, string what, string path, List<string> errors, bool allowFeed)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<ParsedEndpoint>(errors, path, node.Start, $"'{what}' must be a mapping such as {{ group: 233.54.12.111, port: 26477 }}");
        }
        string? decoder = null, feed = null, group = null;
        int port = 0;
        FeedProtocol protocol = FeedProtocol.Udp;
        int errorCount = errors.Count;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "decoder" when allowFeed:
                    decoder = Scalar(value, path, errors);
                    break;
                case "feed" when allowFeed:
                    feed = Scalar(value, path, errors);
                    break;
                case "group":
                    group = Convert(value, path, errors, v => Ipv4(v, "group").ToString());
                    break;
                case "port":
                    port = (int)Convert(value, path, errors, v => Number(v, "port", 1, 65535));
                    break;
                case "protocol":
                    protocol = Convert(value, path, errors, v => v switch
                    {
                        "udp" => FeedProtocol.Udp,
                        "tcp" => FeedProtocol.Tcp,
                        _ => throw new UsageException($"protocol '{v}' is not udp or tcp"),
                    });
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key '{Key(key)}' in '{what}' (expected {(allowFeed ? "decoder, feed, " : "")}group, port, protocol)");
                    break;
            }
        }
        if (errors.Count != errorCount)
        {
            return null;
        }
        if (feed is not null)
        {
            return group is null && port == 0
                ? new ParsedEndpoint(decoder, null, feed)
                : Fail<ParsedEndpoint>(errors, path, map.Start, $"'{what}' names a feed and a group/port: give one or the other");
        }
        if (port == 0)
        {
            return Fail<ParsedEndpoint>(errors, path, map.Start, $"'{what}' needs a port{(allowFeed ? " or a feed" : "")}");
        }
        return new ParsedEndpoint(decoder, new FeedEndpoint(protocol, group is null ? null : IPAddress.Parse(group), port), null);
    }
}
