using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Config;

/// <summary>
/// <c>hfthost config generate</c>, <c>hfthost config validate</c> and <c>hfthost run --config</c>
/// as users run them: the real executable, real plugins, real captures.
/// </summary>
public class ConfigCliTests
{
    private static readonly string Host = RepoPaths.Host;

    private static Shell.Result Run(params string[] args) => Shell.Run(Host, args);

    [Fact]
    public void Should_report_every_error_at_once_as_file_line_column_and_exit_2()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, """
            venues:
              - name: nasdaq
                sesion: VENUE01
                protocol: MoldUdp64
                feeds:
                  nasdaq-a: { group: 233.54.12.1, port: 70000, source: 10.54.12.0/40 }
            plugins:
              directory: "PLUGINS"
              load: [MoldUdp64, Arbitrage]
            replay: { file: "CAPTURE" }
            filter: { rules-file: none.rules }
            audit: { file: a.audit, flush-interval: soon }

            """.Replace("PLUGINS", Path.Combine(RepoPaths.Root, "artifacts", "plugins"), StringComparison.Ordinal)
               .Replace("CAPTURE", Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap"), StringComparison.Ordinal));

        Shell.Result r = Run("config", "validate", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(
        [
            $"{path}:2:5: a venue needs a session",
            $"{path}:3:5: unknown key 'sesion' in a venue (expected name, session, protocol, decoder, latency-target-us, feeds)",
            $"{path}:6:45: port '70000' is not a whole number from 1 to 65535",
            $"{path}:6:60: source '10.54.12.0/40' is not an IPv4 network such as 10.54.12.0/24 (prefix length 0 to 32)",
            $"{path}:9:21: plugin 'Arbitrage' is not in the plugins directory (no {Path.Combine(RepoPaths.Root, "artifacts", "plugins", "Arbitrage", "Arbitrage.dll")})",
            $"{path}:11:23: no such rules file: '{dir.File("none.rules")}'",
            $"{path}:12:41: flush-interval 'soon' is not a positive duration such as 1s, 500ms, 2m",
        ], r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Should_generate_an_example_that_validates_and_runs_the_bundled_capture_without_root()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");

        Shell.Result generate = Run("config", "generate", "--out", path);
        Shell.Result validate = Run("config", "validate", path);
        Shell.Result run = RunOnFreeMetricsPort("run", "--config", path, "--json", "--control", dir.File("c.sock"));

        Assert.True(generate.ExitCode == 0, generate.Stderr);
        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.StartsWith("valid: 1 venue, 1 feed, 7 plugins (PacketFilter, MoldUdp64, Itch50, OrderBook, FeedQuality, CrossVenue, Latency), source replay ", validate.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal("run", root.GetProperty("command").GetString());
        Assert.Equal(29, root.GetProperty("frames").GetInt64()); // tests/data/README.md: 29 packets
        Assert.Equal(1000, Metric(root, "moldudp64.messages", "session=HFTSIM01"));
        Assert.Equal("nasdaq-sim", root.GetProperty("venues").GetProperty("HFTSIM01").GetString());
        Assert.Contains("moldudp64 <- udp 233.54.12.111:26477 (feed nasdaq-sim-a)", Bindings(root, "MoldUdp64"));
        // The example rules file's one rule counts the feed's frames and lets them through.
        Assert.Equal(29, Metric(root, "packetfilter.rule.frames", "action=count,rule=market-data"));
        Assert.Equal(0, root.GetProperty("filtered_frames").GetInt64());
    }

    [Fact]
    public void Should_write_an_example_to_stdout_that_validates_where_it_is_saved()
    {
        using var dir = new TempDir();
        string path = dir.File("saved.yaml");

        Shell.Result generate = Run("config", "generate");
        File.WriteAllText(path, generate.Stdout);
        Shell.Result validate = Run("config", "validate", path);

        Assert.True(generate.ExitCode == 0, generate.Stderr);
        foreach (string section in new[] { "\nreplay:", "\n# port:", "\nduration:", "\nvenues:", "\n# feeds:", "\n# filter:", "\nplugins:", "\nmetrics:", "\naudit:" })
        {
            Assert.Contains(section, generate.Stdout, StringComparison.Ordinal);
        }
        Assert.True(validate.ExitCode == 0, validate.Stderr);
    }

    [Fact]
    public void Should_run_a_generated_feed_with_its_venues_bound_and_their_latency_targets_counted()
    {
        using var dir = new TempDir();
        string capture = dir.File("feed.pcap"), truthPath = dir.File("truth.json"), config = dir.File("venues.yaml");
        Shell.Result gen = Run("gen", "itch", "--venues", "2", "--symbols", "5", "--messages", "3000", "--seed", "7", "--out", capture, "--truth", truthPath);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        Shell.Result generate = Run("config", "generate", "--venues", "2", "--replay", capture, "--out", config);
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        using JsonDocument truth = JsonDocument.Parse(File.ReadAllText(truthPath));
        // The generator stamps every frame's receive time a fixed wire latency after its newest
        // message: a target below it is breached by every data packet, one above it never.
        long wireUs = truth.RootElement.GetProperty("wireLatencyNs").GetInt64() / 1000;
        string yaml = File.ReadAllText(config);
        int first = yaml.IndexOf("latency-target-us: 50", StringComparison.Ordinal);
        int second = yaml.IndexOf("latency-target-us: 50", first + 1, StringComparison.Ordinal);
        Assert.True(first > 0 && second > 0, yaml);
        const int length = 21; // "latency-target-us: 50"
        yaml = yaml[..first] + $"latency-target-us: {wireUs - 5}"
            + yaml[(first + length)..second] + $"latency-target-us: {wireUs * 4}"
            + yaml[(second + length)..];
        File.WriteAllText(config, yaml);

        Shell.Result run = RunOnFreeMetricsPort("run", "--config", config, "--json", "--control", dir.File("c.sock"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        JsonElement root = json.RootElement;
        JsonElement[] venues = [.. truth.RootElement.GetProperty("venues").EnumerateArray()];
        Assert.Equal(truth.RootElement.GetProperty("frames").GetInt64(), root.GetProperty("frames").GetInt64());
        Assert.Equal(0, root.GetProperty("unclaimed_frames").GetInt64());
        foreach (JsonElement venue in venues)
        {
            string session = venue.GetProperty("session").GetString()!;
            Assert.Equal(venue.GetProperty("messages").GetInt64(), Metric(root, "moldudp64.messages", $"session={session}"));
        }
        Assert.Equal(venues[0].GetProperty("packets").GetInt64(), Metric(root, "latency.breaches", "session=VENUE01"));
        Assert.Equal(0, Metric(root, "latency.breaches", "session=VENUE02"));
        Assert.Equal(
            ["moldudp64 <- all frames", "moldudp64 <- udp 233.54.12.1:26401 (feed venue01-a)", "moldudp64 <- udp 233.54.12.2:26402 (feed venue02-a)"],
            Bindings(root, "MoldUdp64"));
        Assert.Equal("venue01", root.GetProperty("venues").GetProperty("VENUE01").GetString());
        Assert.Equal("venue02", root.GetProperty("venues").GetProperty("VENUE02").GetString());
    }

    [Fact]
    public void Should_run_a_live_port_from_the_config()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, $$"""
            port: { backend: afpacket, interface: lo }
            duration: 300ms
            venues:
              - name: loopback
                session: VENUE01
                protocol: MoldUdp64
                feeds: { lo-a: { group: 233.54.12.1, port: 26401, interface: lo } }
            plugins: { directory: "{{Path.Combine(RepoPaths.Root, "artifacts", "plugins")}}", load: [MoldUdp64] }

            """);

        Shell.Result r = Run("run", "--config", path, "--json", "--control", dir.File("c.sock"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("afpacket", json.RootElement.GetProperty("backend").GetString());
        Assert.Equal("lo", json.RootElement.GetProperty("source").GetString());
        Assert.Equal("loopback", json.RootElement.GetProperty("venues").GetProperty("VENUE01").GetString());
        Assert.Contains("moldudp64 <- udp 233.54.12.1:26401 (feed lo-a)", Bindings(json.RootElement, "MoldUdp64"));
    }

    [Fact]
    public void Should_keep_listen_to_live_ports()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, $"replay: {{ file: \"{Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap")}\" }}\n");

        Shell.Result listen = Run("listen", "--config", path);
        Shell.Result validate = Run("config", "validate", path);

        Assert.Equal(2, listen.ExitCode);
        Assert.Contains($"{path}:1:1: 'replay' is a source for 'hfthost run --config'", listen.Stderr, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.StartsWith("valid: 0 venues, 0 feeds, no plugins, source replay ", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_not_overwrite_an_existing_configuration()
    {
        using var dir = new TempDir();
        string path = dir.File("venues.yaml");
        File.WriteAllText(path, "# edited by hand\n");

        Shell.Result r = Run("config", "generate", "--out", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exists", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("# edited by hand\n", File.ReadAllText(path));
    }

    [Fact]
    public void Should_refuse_a_missing_config_file_in_one_line()
    {
        Shell.Result r = Run("config", "validate", "/nonexistent/venues.yaml");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("hfthost: no such config file: '/nonexistent/venues.yaml'", r.Stderr.TrimEnd('\n'));
    }

    private static double Metric(JsonElement report, string name, string tags) =>
        report.GetProperty("plugin_metrics").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == name && m.GetProperty("tags").GetString() == tags)
            .GetProperty("value").GetDouble();

    private static string[] Bindings(JsonElement report, string plugin) =>
        [.. report.GetProperty("plugins").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == plugin)
            .GetProperty("bindings").EnumerateArray().Select(b => b.GetString()!)];

    // The generated example names a metrics port; a test run uses one nobody holds. It is free
    // when chosen but may be taken before the host binds it (another test's connection): the
    // host then exits 2 with "cannot serve metrics", and the run is repeated on another port.
    private static Shell.Result RunOnFreeMetricsPort(params string[] args)
    {
        for (int attempt = 1; ; attempt++)
        {
            Shell.Result run = Run([.. args, "--metrics-port", FreePort()]);
            if (attempt == 3 || run.ExitCode != 2 || !run.Stderr.Contains("cannot serve metrics", StringComparison.Ordinal))
            {
                return run;
            }
        }
    }

    private static string FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port.ToString(CultureInfo.InvariantCulture);
    }
}
