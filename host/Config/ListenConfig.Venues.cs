using System.Globalization;
using HftHost.Cli;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>
/// The <c>venues</c> section, and how venues become plugin configuration:
/// <code>
/// venues:
///   - name: nasdaq-a
///     session: VENUE01           # MoldUDP64 session, up to 10 ASCII characters
///     protocol: MoldUdp64        # the plugin whose decoder is bound to each feed
///     decoder: moldudp64         # optional: that plugin's decoder by name (default: its only one)
///     latency-target-us: 50      # wire-latency target: the Latency plugin counts and logs breaches
///     feeds:
///       nasdaq-a-1: { group: 233.54.12.1, port: 26401 }   # protocol: udp (default) | tcp
///       nasdaq-a-2: { group: 233.54.12.2, port: 26402, interface: ens1f0, source: 10.54.12.0/24 }
/// </code>
/// Each feed becomes a named feed (like the top-level <c>feeds</c>); the protocol plugin gets a
/// binding to each; a latency target becomes the Latency plugin's
/// <c>TargetsMicroseconds:&lt;session&gt;</c> setting.
/// </summary>
internal sealed partial record ListenConfig
{
    /// <summary>The plugin that venue latency targets configure.</summary>
    internal const string LatencyPlugin = "Latency";

    // The Latency plugin's histograms hold up to 60 s by default; a target above that could never be measured.
    private const double MaxLatencyTargetMicroseconds = 60_000_000;

    private const int MaxSessionLength = 10;

    /// <summary>The venues, in file order; empty when the file has none.</summary>
    public IReadOnlyList<VenueSettings> Venues { get; init; } = [];

    /// <summary>Venue name by MoldUDP64 session text (for reports).</summary>
    public IReadOnlyDictionary<string, string> VenueBySession =>
        Venues.ToDictionary(v => v.Session, v => v.Name, StringComparer.Ordinal);

    private static List<VenueSettings> ParseVenues(YamlNode node, string path, List<string> errors)
    {
        List<VenueSettings> venues = [];
        if (node is not YamlSequenceNode list)
        {
            Fail(errors, path, node.Start, "'venues' must be a list of { name, session, protocol, latency-target-us, feeds }");
            return venues;
        }
        var names = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var sessions = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (YamlNode item in list.Children)
        {
            if (ParseVenue(item, names, sessions, path, errors) is { } venue)
            {
                venues.Add(venue);
            }
        }
        return venues;
    }

    /// <summary>Records a venue's name or session; a second use is an error at the second.</summary>
    private static bool Unique(Dictionary<string, Mark> seen, string value, YamlNode at, string what, string path, List<string> errors)
    {
        if (seen.TryGetValue(value, out Mark first))
        {
            Fail(errors, path, at.Start, $"{what} '{value}' is already used by the venue at line {first.Line}");
            return false;
        }
        seen[value] = at.Start;
        return true;
    }

    /// <summary>
    /// A venue with a name, session and protocol comes back even when other values are bad (so
    /// that its plugins are checked too, and every error is reported); a duplicate does not.
    /// </summary>
    private static VenueSettings? ParseVenue(
        YamlNode node, Dictionary<string, Mark> names, Dictionary<string, Mark> sessions, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<VenueSettings>(errors, path, node.Start, "a venue is a mapping of name, session, protocol, latency-target-us, feeds");
        }
        string? name = null, session = null, protocol = null, decoder = null;
        double? target = null;
        Mark protocolAt = Mark.Empty, targetAt = Mark.Empty;
        List<VenueFeed> feeds = [];
        bool hasFeeds = false, unique = true;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "name":
                    name = Convert(value, path, errors, v => v.Length > 0 ? v : throw new UsageException("a venue name cannot be empty"));
                    unique &= name is null || Unique(names, name, value, "venue name", path, errors);
                    break;
                case "session":
                    session = Convert(value, path, errors, Session);
                    unique &= session is null || Unique(sessions, session, value, "session", path, errors);
                    break;
                case "protocol":
                    protocol = Scalar(value, path, errors);
                    protocolAt = value.Start;
                    break;
                case "decoder":
                    decoder = Scalar(value, path, errors);
                    break;
                case "latency-target-us":
                    target = Convert<double?>(value, path, errors, v => LatencyTarget(v));
                    targetAt = value.Start;
                    break;
                case "feeds":
                    hasFeeds = true;
                    feeds = ParseVenueFeeds(value, path, errors);
                    break;
                default:
                    Fail(errors, path, key.Start,
                        $"unknown key '{Key(key)}' in a venue (expected name, session, protocol, decoder, latency-target-us, feeds)");
                    break;
            }
        }
        foreach ((string field, bool present) in new[] { ("name", name is not null), ("session", session is not null), ("protocol", protocol is not null) })
        {
            // A value that is there but bad has been reported already.
            if (!present && !map.Children.Any(c => Key(c.Key) == field))
            {
                Fail(errors, path, map.Start, $"a venue needs a {field}");
            }
        }
        if (!hasFeeds)
        {
            Fail(errors, path, map.Start, $"venue '{name}' needs feeds (at least one {{ group, port }})");
        }
        if (name is null || session is null || protocol is null || !unique)
        {
            return null;
        }
        return new VenueSettings(name, session, protocol, decoder, target, feeds)
        {
            At = map.Start, ProtocolAt = protocolAt, LatencyTargetAt = targetAt,
        };
    }

    /// <summary>Up to 10 printable ASCII characters; trailing spaces are the wire's padding, not part of the name.</summary>
    private static string Session(string text) =>
        text.Length is > 0 and <= MaxSessionLength && text.All(c => c is >= ' ' and <= '~') && text[^1] != ' ' && text[0] != ' '
            ? text
            : throw new UsageException($"session '{text}' is not a MoldUDP64 session: 1 to {MaxSessionLength} printable ASCII characters, no leading or trailing spaces");

    private static double LatencyTarget(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double us) && us > 0 && us <= MaxLatencyTargetMicroseconds
            ? us
            : throw new UsageException($"latency-target-us '{text}' is not a number of microseconds above 0 and up to {MaxLatencyTargetMicroseconds:0}");

    private static List<VenueFeed> ParseVenueFeeds(YamlNode node, string path, List<string> errors)
    {
        List<VenueFeed> feeds = [];
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            Fail(errors, path, node.Start, "a venue's 'feeds' must map feed names to { group, port }");
            return feeds;
        }
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            if (ParseVenueFeed(Key(key), value, path, errors) is { } feed)
            {
                feeds.Add(feed with { At = key.Start });
            }
        }
        return feeds;
    }

    private static VenueFeed? ParseVenueFeed(string name, YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<VenueFeed>(errors, path, node.Start, $"feed '{name}' must be a mapping such as {{ group: 233.54.12.1, port: 26401 }}");
        }
        System.Net.IPAddress? group = null;
        int port = 0;
        var protocol = FeedProtocol.Udp;
        string? iface = null;
        Mark ifaceAt = Mark.Empty;
        Ipv4Cidr? source = null;
        int errorCount = errors.Count;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "group":
                    group = Convert(value, path, errors, MulticastGroup);
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
                case "interface":
                    iface = Scalar(value, path, errors);
                    ifaceAt = value.Start;
                    break;
                case "source":
                    source = Convert(value, path, errors, v => (Ipv4Cidr?)Ipv4Cidr.Parse(v, "source"));
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key '{Key(key)}' in feed '{name}' (expected group, port, protocol, interface, source)");
                    break;
            }
        }
        if (port == 0 && errors.Count == errorCount)
        {
            Fail(errors, path, map.Start, $"feed '{name}' needs a port");
        }
        return errors.Count != errorCount ? null
            : new VenueFeed(name, new FeedEndpoint(protocol, group, port), iface, source) { InterfaceAt = ifaceAt };
    }

    private static System.Net.IPAddress MulticastGroup(string text)
    {
        System.Net.IPAddress address = Ipv4(text, "group");
        byte first = address.GetAddressBytes()[0];
        return first is >= 224 and <= 239
            ? address
            : throw new UsageException($"group '{text}' is not a multicast address (224.0.0.0 to 239.255.255.255)");
    }

    /// <summary>Venue feeds join the named feeds; a name or a destination used twice is an error.</summary>
    private static void AddVenueFeeds(List<VenueSettings> venues, Dictionary<string, FeedEndpoint> feeds, string path, List<string> errors)
    {
        var owners = new Dictionary<FeedEndpoint, string>();
        foreach (VenueSettings venue in venues)
        {
            foreach (VenueFeed feed in venue.Feeds)
            {
                if (feeds.ContainsKey(feed.Name))
                {
                    Fail(errors, path, feed.At, $"feed '{feed.Name}' is defined twice (feed names are unique across 'feeds' and every venue)");
                    continue;
                }
                if (owners.TryGetValue(feed.Endpoint, out string? other))
                {
                    Fail(errors, path, feed.At, $"feed '{feed.Name}' has the same destination ({feed.Endpoint}) as feed '{other}'");
                    continue;
                }
                feeds[feed.Name] = feed.Endpoint;
                owners[feed.Endpoint] = feed.Name;
            }
        }
    }

    /// <summary>
    /// Binds each venue's protocol plugin to the venue's feeds and hands latency targets to the
    /// Latency plugin; a plugin a venue needs that is not loaded is an error at the venue.
    /// </summary>
    private static PluginHostOptions? ApplyVenues(
        List<VenueSettings> venues, PluginHostOptions? plugins, Mark venuesAt, string path, List<string> errors)
    {
        if (venues.Count == 0)
        {
            return plugins;
        }
        if (plugins is null)
        {
            Fail(errors, path, venuesAt, "'venues' need a 'plugins' section: the plugins that decode their feeds");
            return null;
        }
        IReadOnlyList<string>? loaded = LoadedPlugins(plugins);
        var entries = new Dictionary<string, PluginEntry>(plugins.Plugins, StringComparer.Ordinal);
        var targets = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (VenueSettings venue in venues)
        {
            if (loaded is not null && !loaded.Contains(venue.Protocol))
            {
                Fail(errors, path, venue.ProtocolAt, $"protocol plugin '{venue.Protocol}' of venue '{venue.Name}' is not loaded ({Describe(plugins, loaded, venue.Protocol)})");
            }
            PluginEntry protocol = entries.GetValueOrDefault(venue.Protocol) ?? new PluginEntry(new ConfigurationBuilder().Build(), []);
            entries[venue.Protocol] = protocol with
            {
                Bindings = [.. protocol.Bindings, .. venue.Feeds.Select(f => new ConfiguredBinding(venue.Decoder, null, f.Name))],
            };
            if (venue.LatencyTargetMicroseconds is not { } target)
            {
                continue;
            }
            string key = $"TargetsMicroseconds:{venue.Session}";
            if (loaded is not null && !loaded.Contains(LatencyPlugin))
            {
                Fail(errors, path, venue.LatencyTargetAt, $"venue '{venue.Name}' has a latency target but the {LatencyPlugin} plugin is not loaded ({Describe(plugins, loaded, LatencyPlugin)})");
            }
            else if (entries.GetValueOrDefault(LatencyPlugin)?.Settings[key] is not null)
            {
                Fail(errors, path, venue.LatencyTargetAt, $"venue '{venue.Name}': the {LatencyPlugin} plugin's settings already set {key}; give the target in one place");
            }
            targets[key] = target.ToString("R", CultureInfo.InvariantCulture);
        }
        if (targets.Count != 0)
        {
            PluginEntry latency = entries.GetValueOrDefault(LatencyPlugin) ?? new PluginEntry(new ConfigurationBuilder().Build(), []);
            IConfiguration settings = new ConfigurationBuilder().AddConfiguration(latency.Settings).AddInMemoryCollection(targets).Build();
            entries[LatencyPlugin] = latency with { Settings = settings };
        }
        return plugins with { Plugins = entries };
    }

    /// <summary>The plugins a run will load: the load list, or every folder; null when the folder is missing (reported already).</summary>
    private static IReadOnlyList<string>? LoadedPlugins(PluginHostOptions plugins) =>
        plugins.Load.Count != 0 ? plugins.Load
        : Directory.Exists(plugins.Directory) ? [.. Directory.EnumerateDirectories(plugins.Directory).Select(d => Path.GetFileName(d))]
        : null;

    private static string Describe(PluginHostOptions plugins, IReadOnlyList<string> loaded, string wanted) =>
        plugins.Load.Count != 0
            ? $"plugins.load lists {string.Join(", ", loaded)}"
            : $"no folder '{wanted}' in {plugins.Directory}";

    /// <summary>A feed tied to an interface cannot arrive through a live port on another one.</summary>
    private static void CheckFeedInterfaces(List<VenueSettings> venues, PortSettings? port, string path, List<string> errors)
    {
        if (port is not { Backend: PortBackend.AfPacket or PortBackend.AfXdp, Source: { } portInterface })
        {
            return;
        }
        foreach (VenueFeed feed in venues.SelectMany(v => v.Feeds))
        {
            if (feed.Interface is { } iface && iface != portInterface)
            {
                Fail(errors, path, feed.InterfaceAt, $"feed '{feed.Name}' arrives on interface '{iface}' but the port receives from '{portInterface}'");
            }
        }
    }
}
