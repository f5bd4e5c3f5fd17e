using HftHost.Native;
using HftHost.Plugins;
using HftHost.Sdk.Runtime;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Sdk;

/// <summary>
/// The SDK as a third party gets it: the NuGet packages, a plugin built against them alone
/// (tests/third-party/SamplePlugin, and one made with the dotnet new template), loaded by
/// the host's plugin manager and fed the bundled capture on the host's poll loop.
/// </summary>
[Collection(PackagedSdkCollection.Name)]
public sealed class PackagedSdkTests(PackedSdkFeed feed)
{
    // From TShark 4.0.17's MoldUDP64 dissector, once:
    //   tshark -r tests/data/nasdaq-itch50-moldudp64.pcap -d udp.port==26477,moldudp64 -T fields \
    //          -e moldudp64.session -e moldudp64.sequence -e moldudp64.count -e moldudp64.msglen -e moldudp64.msgdata -e udp.length
    // 29 packets, all of session "HFTSIM01  ": 27 with messages (sequences 1, 40, ... 999, each
    // the previous + count, so no gap; counts add up to 1,000), a heartbeat (count 0) and an
    // end of session (count 65535), both at sequence 1001. The 1,000 message lengths add up to
    // 33,570 bytes; the UDP payloads (udp.length - 8) to 36,150. First bytes of the messages
    // (the ITCH types, as tests/data/README.md lists them too):
    private static readonly Dictionary<char, long> ItchTypes = new()
    {
        ['A'] = 367, ['U'] = 225, ['F'] = 193, ['D'] = 167, ['E'] = 28, ['X'] = 6, ['I'] = 4, ['P'] = 4, ['Q'] = 4, ['S'] = 1, ['C'] = 1,
    };

    private static string Capture => Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");

    [Fact]
    public void Should_build_the_sample_against_the_packages_and_decode_the_capture_in_the_host()
    {
        string source = CopySample();
        string plugins = feed.File("plugins-sample");
        string folder = Path.Combine(plugins, "SamplePlugin");

        feed.Dotnet("build", source, "-c", "Release", "-o", folder, "--disable-build-servers", "-nologo");

        Assert.Equal(feed.Feed, feed.SourceOf("HftHost.Sdk", "1.0.0"));
        Assert.True(File.Exists(Path.Combine(folder, "SamplePlugin.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "HftHost.Sdk.dll")), "the plugin ships its own copy of the SDK");
        using PluginManager manager = Manager(plugins, feed.File("shadow-sample"));
        manager.LoadAll();

        (PortStats stats, SourceError? error) = PortHarness.ReplayThroughPlugins(Capture, manager);

        Assert.Null(error);
        Assert.Equal(29ul, stats.Frames);
        PluginStatus status = Assert.Single(manager.List());
        Assert.Equal(("SamplePlugin", "running", 29L, 0L), (status.Name, status.State, status.FramesClaimed, status.Faults));
        Assert.Equal(["moldudp64 <- udp *:26477"], status.Bindings);
        using BinaryReader state = State(manager, "SamplePlugin");
        Assert.Equal(1, state.ReadInt32());  // state format version
        Assert.Equal(1, state.ReadInt32());  // sessions
        Assert.Equal("HFTSIM01  ", state.ReadString());
        long[] counts = [.. Enumerable.Range(0, 9).Select(_ => state.ReadInt64())];
        // packets, data packets, heartbeats, end of session, messages, message bytes, gaps, duplicates, malformed
        Assert.Equal([29L, 27, 1, 1, 1000, 33_570, 0, 0, 0], counts);
        Assert.Equal((1ul, 1001ul), (state.ReadUInt64(), state.ReadUInt64())); // first and next sequence
        var types = Enumerable.Range(0, state.ReadInt32()).Select(_ => (Type: (char)state.ReadByte(), Count: state.ReadInt64())).ToDictionary();
        Assert.Equal(ItchTypes, types);
    }

    [Fact]
    public void Should_create_a_plugin_from_the_template_that_passes_its_tests_and_runs_in_the_host()
    {
        string hive = feed.File("hive");
        string project = feed.File("Acme.Feed");
        string plugins = feed.File("plugins-template");
        feed.Dotnet("new", "install", Path.Combine(RepoPaths.Root, "sdk", "templates", "hfthost-plugin"), "--debug:custom-hive", hive);
        feed.Dotnet("new", "hfthost-plugin", "-n", "Acme.Feed", "-o", project, "--debug:custom-hive", hive);

        // Its own tests (on the packed HftHost.Sdk.Testing), and the plugin laid out in a
        // plugin folder by the template's deploy step.
        string test = feed.Dotnet(
            "test", Path.Combine(project, "Acme.Feed.slnx"), "-c", "Release", "-p:HftHostPluginsDir=" + plugins, "--disable-build-servers", "-nologo");

        Assert.Contains("Passed!  - Failed:     0, Passed:     3", test, StringComparison.Ordinal);
        Assert.Equal(feed.Feed, feed.SourceOf("HftHost.Sdk.Testing", "1.0.0"));
        Assert.Equal(feed.Feed, feed.SourceOf("HftHost.Sdk", "1.0.0"));
        string folder = Path.Combine(plugins, "Acme.Feed");
        Assert.True(File.Exists(Path.Combine(folder, "Acme.Feed.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "HftHost.Sdk.dll")), "the plugin ships its own copy of the SDK");
        IConfiguration settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Group"] = "233.54.12.111", ["Port"] = "26477" })
            .Build();
        using PluginManager manager = Manager(plugins, feed.File("shadow-template"), new Dictionary<string, PluginEntry>
        {
            ["Acme.Feed"] = new(settings, []),
        });
        manager.LoadAll();

        (PortStats stats, SourceError? error) = PortHarness.ReplayThroughPlugins(Capture, manager);

        Assert.Null(error);
        Assert.Equal(29ul, stats.Frames);
        PluginStatus status = Assert.Single(manager.List());
        Assert.Equal(("Acme.Feed", "running", 29L, 0L), (status.Name, status.State, status.FramesClaimed, status.Faults));
        Assert.Equal(["feed <- udp 233.54.12.111:26477"], status.Bindings);
        using BinaryReader state = State(manager, "Acme.Feed");
        Assert.Equal((1, 29L, 36_150L), (state.ReadInt32(), state.ReadInt64(), state.ReadInt64())); // version, datagrams, payload bytes
    }

    // The sample's sources, without its nuget.config (which points at the repository's
    // artifacts/): below the feed's root, restores see the packed feed instead.
    private string CopySample()
    {
        string from = Path.Combine(RepoPaths.Root, "tests", "third-party", "SamplePlugin");
        string to = feed.File(Path.Combine("src", "SamplePlugin"));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from).Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".props"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        return to;
    }

    private static PluginManager Manager(string plugins, string shadow, IReadOnlyDictionary<string, PluginEntry>? entries = null) =>
        new(new PluginHostOptions
        {
            Directory = plugins,
            ShadowRoot = shadow,
            Watch = false,
            Plugins = entries ?? new Dictionary<string, PluginEntry>(),
        }, 1, NullLoggerFactory.Instance);

    private static BinaryReader State(PluginManager manager, string plugin)
    {
        PluginInstance instance = manager.Dispatchers[0].Active.Single(i => i.Name == plugin);
        var state = new MemoryStream();
        instance.Plugin.ExportState(state);
        state.Position = 0;
        return new BinaryReader(state);
    }
}
