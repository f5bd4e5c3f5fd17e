using HftHost.Config;
using HftHost.Tests.Support;

namespace HftHost.Tests.Config;

/// <summary>
/// Every kind of error in a venue configuration names the line and column of what is wrong
/// (the venue configuration of <c>hfthost run</c>/<c>config validate</c>, read by the real parser
/// against the real plugin folder and capture).
/// </summary>
public class VenueConfigErrorTests
{
    // A valid configuration; each case changes it and names where the error must be.
    // Lines:        1        2               3                   4                      5
    private const string Valid = """
        venues:
          - name: nasdaq
            session: VENUE01
            protocol: MoldUdp64
            latency-target-us: 50
            feeds:
              nasdaq-a: { group: 233.54.12.1, port: 26401 }
        plugins:
          load: [MoldUdp64, Latency]
          directory: "PLUGINS"
        replay:
          file: "CAPTURE"

        """;

    private const string SecondVenue = """
              nasdaq-a: { group: 233.54.12.1, port: 26401 }
          - name: NAME
            session: SESSION
            protocol: MoldUdp64
            feeds:
              FEED: { group: GROUP, port: PORT }
        """;

    private static string WithSecondVenue(string name, string session, string feed, string group, int port) =>
        Valid.Replace("      nasdaq-a: { group: 233.54.12.1, port: 26401 }", SecondVenue
            .Replace("NAME", name).Replace("SESSION", session).Replace("FEED", feed).Replace("GROUP", group).Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static TheoryData<string, string, string> BadConfigs() => new()
    {
        // Syntax
        { "bad YAML", Valid + "audit: { file: \"a.audit }\n", "13:16: While scanning a quoted scalar, found unexpected end of stream" },
        { "duplicate key", Valid + "venues: []\n", "13:1: duplicate key 'venues'" },
        // Unknown keys at every depth
        { "unknown top-level key", Valid + "venue: x\n", "13:1: unknown key 'venue'" },
        { "unknown replay key", Valid + "  speed: x2\n", "13:3: unknown key 'replay.speed'" },
        { "unknown venue key", Valid.Replace("latency-target-us: 50", "latency-target: 50"), "5:5: unknown key 'latency-target' in a venue" },
        { "unknown feed key", Valid.Replace("port: 26401 }", "port: 26401, ttl: 3 }"), "7:52: unknown key 'ttl' in feed 'nasdaq-a'" },
        { "unknown audit key", Valid + "audit:\n  file: a.audit\n  fsync: 1s\n", "15:3: unknown key 'audit.fsync'" },
        { "unknown filter key", Valid + "filter:\n  rules: x\n", "14:3: unknown key 'filter.rules'" },
        { "unknown plugin entry key", Valid.Replace("load: [MoldUdp64, Latency]", "load: [MoldUdp64, { name: Latency, setting: {} }]"), "9:38: unknown key 'setting' in a plugin entry" },
        // Addresses
        { "CIDR prefix too long", Valid.Replace("port: 26401 }", "port: 26401, source: 10.54.12.0/33 }"), "7:60: source '10.54.12.0/33' is not an IPv4 network" },
        { "CIDR not an address", Valid.Replace("port: 26401 }", "port: 26401, source: 10.54.12/24 }"), "7:60: source '10.54.12/24' is not an IPv4 network" },
        { "CIDR with host bits", Valid.Replace("port: 26401 }", "port: 26401, source: 10.54.12.1/24 }"), "7:60: source '10.54.12.1/24' has host bits set: the network is 10.54.12.0/24" },
        { "group not IPv4", Valid.Replace("233.54.12.1,", "233.54.12,"), "7:26: group '233.54.12' is not an IPv4 address" },
        { "group not multicast", Valid.Replace("233.54.12.1,", "10.54.12.1,"), "7:26: group '10.54.12.1' is not a multicast address" },
        { "port out of range", Valid.Replace("port: 26401", "port: 65536"), "7:45: port '65536' is not a whole number from 1 to 65535" },
        { "port zero", Valid.Replace("port: 26401", "port: 0"), "7:45: port '0' is not a whole number from 1 to 65535" },
        // Plugins
        { "missing plugin", Valid.Replace("load: [MoldUdp64, Latency]", "load: [MoldUdp64, Latency, Arbitrage]"), "9:30: plugin 'Arbitrage' is not in the plugins directory" },
        { "protocol plugin not loaded", Valid.Replace("protocol: MoldUdp64", "protocol: SoupBinTcp"), "4:15: protocol plugin 'SoupBinTcp' of venue 'nasdaq' is not loaded (plugins.load lists MoldUdp64, Latency)" },
        { "latency target without the Latency plugin", Valid.Replace("load: [MoldUdp64, Latency]", "load: [MoldUdp64]"), "5:24: venue 'nasdaq' has a latency target but the Latency plugin is not loaded" },
        { "latency target set twice", Valid.Replace("load: [MoldUdp64, Latency]", "load: [MoldUdp64, { name: Latency, settings: { TargetsMicroseconds: { VENUE01: 10 } } }]"), "5:24: venue 'nasdaq': the Latency plugin's settings already set TargetsMicroseconds:VENUE01" },
        { "venues without plugins", Valid.Replace("plugins:\n  load: [MoldUdp64, Latency]\n  directory: \"PLUGINS\"\n", ""), "1:1: 'venues' need a 'plugins' section" },
        // Files
        { "missing rules file", Valid + "filter: { rules-file: none.rules }\n", "13:23: no such rules file: '" },
        { "missing capture", Valid.Replace("\"CAPTURE\"", "gone.pcap"), "12:9: no such capture file: '" },
        { "replay of a file that is not a capture", Valid.Replace("\"CAPTURE\"", "venues.yaml"), "12:9: '" },
        { "audit folder missing", Valid + "audit: { file: /nonexistent/a.audit }\n", "13:16: the folder of audit file '/nonexistent/a.audit' does not exist" },
        // Durations and sizes
        { "bad duration", Valid + "duration: soon\n", "13:11: --duration 'soon' is not a positive duration" },
        { "bad flush interval", Valid + "audit: { file: a.audit, flush-interval: 0s }\n", "13:41: flush-interval '0s' is not a positive duration" },
        { "bad rotate size", Valid + "audit: { file: a.audit, rotate-size: 10 parsecs }\n", "13:38: rotate-size '10 parsecs' is not a size" },
        { "rotate size too small", Valid + "audit: { file: a.audit, rotate-size: 1KiB }\n", "13:38: rotate-size '1KiB' must be at least 4096 bytes" },
        { "latency target not a number", Valid.Replace("latency-target-us: 50", "latency-target-us: fast"), "5:24: latency-target-us 'fast' is not a number of microseconds" },
        // Venues
        { "duplicate venue name", WithSecondVenue("nasdaq", "VENUE02", "nasdaq-b", "233.54.12.2", 26402), "8:11: venue name 'nasdaq' is already used by the venue at line 2" },
        { "duplicate session", WithSecondVenue("nasdaq-2", "VENUE01", "nasdaq-b", "233.54.12.2", 26402), "9:14: session 'VENUE01' is already used by the venue at line 3" },
        { "duplicate feed name", WithSecondVenue("nasdaq-2", "VENUE02", "nasdaq-a", "233.54.12.2", 26402), "12:7: feed 'nasdaq-a' is defined twice" },
        { "two feeds to one destination", WithSecondVenue("nasdaq-2", "VENUE02", "nasdaq-b", "233.54.12.1", 26401), "12:7: feed 'nasdaq-b' has the same destination (udp 233.54.12.1:26401) as feed 'nasdaq-a'" },
        { "session too long", Valid.Replace("VENUE01", "VENUE01ABCD"), "3:14: session 'VENUE01ABCD' is not a MoldUDP64 session" },
        { "venue without feeds", Valid.Replace("    feeds:\n      nasdaq-a: { group: 233.54.12.1, port: 26401 }\n", ""), "2:5: venue 'nasdaq' needs feeds" },
        // Sources
        { "two sources", Valid + "port: { backend: afpacket, interface: lo }\n", "13:1: a second source: 'replay' is already given at line 11" },
        { "no source", Valid.Replace("replay:\n  file: \"CAPTURE\"\n", ""), "1:1: missing source: a 'port' or a 'replay' section" },
        { "feed on another interface than the port", Valid.Replace("replay:\n  file: \"CAPTURE\"\n", "port: { backend: afpacket, interface: lo }\n").Replace("port: 26401 }", "port: 26401, interface: eth7 }"), "7:63: feed 'nasdaq-a' arrives on interface 'eth7' but the port receives from 'lo'" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Should_name_the_line_and_column_of_each_kind_of_error(string why, string yaml, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, Fill(yaml));

        ConfigException error = Assert.Throws<ConfigException>(() => ListenConfig.Load(path, allowReplay: true));

        Assert.True(error.Errors.Any(e => e.StartsWith($"{path}:{expected}", StringComparison.Ordinal)),
            $"{why}: expected '{path}:{expected}...' among:\n{string.Join('\n', error.Errors)}");
    }

    [Fact]
    public void Should_accept_the_valid_configuration_the_cases_start_from()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, Fill(Valid));

        ListenConfig config = ListenConfig.Load(path, allowReplay: true);

        Assert.Equal("nasdaq", Assert.Single(config.Venues).Name);
    }

    /// <summary>The real plugin folder and the bundled capture.</summary>
    internal static string Fill(string yaml) => yaml
        .Replace("PLUGINS", Path.Combine(RepoPaths.Root, "artifacts", "plugins"), StringComparison.Ordinal)
        .Replace("CAPTURE", Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap"), StringComparison.Ordinal);
}
