using HftHost.Tests.Support;

namespace HftHost.Tests.Cli;

/// <summary>`hfthost listen --config FILE`: every error names its line and column; exit code 2.</summary>
public class ConfigTests
{
    private static readonly string Host = RepoPaths.Host;

    public static TheoryData<string, string, string> BadConfigs() => new()
    {
        { "bad YAML", "port:\n  backend: dpdk\n  eal: \"unterminated\n", ":3:" },
        { "unknown top-level key", "port:\n  backend: afxdp\n  interface: x\nports: []\n", ":4:1: unknown key 'ports'" },
        { "unknown port key", "port:\n  backend: afxdp\n  interface: x\n  queus: 2\n", ":4:3: unknown key 'port.queus'" },
        { "bad backend", "port:\n  backend: netmap\n", ":2:12: backend 'netmap'" },
        { "queues out of range", "port:\n  backend: afxdp\n  interface: x\n  queues: 0\n", ":4:11: queues '0'" },
        { "ring not a power of two", "port:\n  backend: afxdp\n  interface: x\n  ring: 1000\n", ":4:9: --ring 1000" },
        { "core that does not exist", "port:\n  backend: afxdp\n  interface: x\n  cores: [4096]\n", "core '4096'" },
        { "dpdk without a device", "port:\n  backend: dpdk\n  eal: \"--no-pci\"\n", ":2:3: DPDK needs the device" },
        { "no port", "duration: 1s\n", "missing 'port'" },
        { "bad duration", "port:\n  backend: afxdp\n  interface: x\nduration: soon\n", ":4:11: --duration 'soon'" },
        { "plugins without a directory", Port + "plugins:\n  load: [A]\n", ":5:3: 'plugins' needs a directory" },
        { "unknown plugins key", Port + "plugins:\n  directory: /tmp\n  reloadable: true\n", ":6:3: unknown key 'plugins.reloadable'" },
        { "missing plugin directory", Port + "plugins:\n  directory: /nonexistent/plugins\n", "plugin directory '/nonexistent/plugins' does not exist" },
        { "unknown plugin entry key", Port + "plugins:\n  directory: /tmp\n  load:\n    - name: A\n      setting: {}\n", ":8:7: unknown key 'setting' in a plugin entry" },
        { "binding to an undefined feed", Port + "plugins:\n  directory: /tmp\n  load:\n    - name: A\n      bind: [ { feed: nasdaq } ]\n", ":8:15: feed 'nasdaq' is not defined" },
        { "feed group not IPv4", Port + "feeds:\n  a: { group: 233.1.1, port: 1 }\n", ":5:15: group '233.1.1' is not an IPv4 address" },
        { "feed port out of range", Port + "feeds:\n  a: { group: 233.1.1.1, port: 70000 }\n", ":5:32: port '70000' is not a whole number from 1 to 65535" },
        { "max-faults zero", Port + "plugins:\n  directory: /tmp\n  max-faults: 0\n", ":6:15: max-faults '0'" },
        { "metrics port out of range", Port + "metrics: { port: 0 }\n", ":4:18: metrics port '0'" },
        { "unknown metrics key", Port + "metrics: { prot: 9464 }\n", ":4:12: unknown key 'metrics.prot'" },
    };

    private const string Port = "port:\n  backend: afxdp\n  interface: x\n";

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Should_report_each_config_error_with_its_location(string why, string yaml, string mentions)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.yaml");
        File.WriteAllText(path, yaml);

        Shell.Result r = Shell.Run(Host, ["listen", "--config", path]);

        Assert.True(r.ExitCode == 2, $"{why}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(path, r.Stderr, StringComparison.Ordinal);
        Assert.Contains(mentions, r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Should_refuse_a_missing_config_file()
    {
        Shell.Result r = Shell.Run(Host, ["listen", "--config", "/nonexistent/listen.yaml"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such config file", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_load_the_plugins_feeds_settings_and_bindings_of_the_config_file()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        string path = plugins.File("listen.yaml");
        File.WriteAllText(path, """
            port: { backend: afpacket, interface: lo }
            duration: 300ms
            feeds:
              test: { group: 239.1.1.1, port: 30001 }
            plugins:
              directory: plugins
              max-faults: 5
              watch: false
              load:
                - name: CountingPlugin
                  settings: { Port: 30002 }
                  bind: [ { feed: test } ]
            """);

        Shell.Result r = Shell.Run(Host, ["listen", "--config", path, "--json", "--control", plugins.File("c.sock")]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        System.Text.Json.JsonElement plugin = doc.RootElement.GetProperty("plugins")[0];
        Assert.Equal("CountingPlugin", plugin.GetProperty("name").GetString());
        Assert.Equal(
            ["count <- udp *:30002", "count <- udp 239.1.1.1:30001 (feed test)"],
            plugin.GetProperty("bindings").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public void Should_accept_json_as_well()
    {
        using var dir = new TempDir();
        string path = dir.File("listen.json");
        File.WriteAllText(path, "{\"port\": {\"backend\": \"afpacket\", \"interface\": \"lo\"}, \"duration\": \"200ms\"}");

        Shell.Result r = Shell.Run(Host, ["listen", "--config", path, "--json"]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"backend\":\"afpacket\"", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_two_sources_at_once()
    {
        Shell.Result r = Shell.Run(Host, ["listen", "--afpacket", "lo", "--afxdp", "lo"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exactly one of", r.Stderr, StringComparison.Ordinal);
    }
}
