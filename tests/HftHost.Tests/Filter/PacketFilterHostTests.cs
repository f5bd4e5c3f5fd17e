using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.PacketFilter;
using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Sdk.Testing;
using HftHost.Tests.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Filter;

/// <summary>
/// PacketFilter as the host runs it: loaded from artifacts/plugins by the host's plugin loader
/// (its own load context, its contracts and YamlDotNet resolved as in production) in front of
/// MoldUdp64; and the filter path allocating nothing per frame on a real poll loop.
/// </summary>
[Collection(nameof(PluginReloadCollection))]
public class PacketFilterHostTests(FilterTraffic traffic) : IClassFixture<FilterTraffic>
{
    [Fact]
    public void Should_make_moldudp64_claim_exactly_the_dropped_frames_fewer_when_loaded_by_the_host()
    {
        using var host = new FilterHost("PacketFilter", "MoldUdp64");
        string rules = host.File("rules.yaml");
        File.WriteAllText(rules, FilterMix.Rules);
        Dictionary<string, long> expected = FilterMix.Expected(FilterRulesFile.Load(rules), traffic.Pcap);

        (long claimedAlone, _) = Run(host, ["MoldUdp64"], null);
        (long claimedFiltered, PluginManager manager) = Run(host, ["PacketFilter", "MoldUdp64"], PacketFilterPluginTests.Settings(rules, watch: false));
        using (manager)
        {
            Assert.Equal(expected["drop-venue-2"] + expected["drop-rest"], manager.Dispatchers[0].Filtered);
            Assert.Equal(expected["drop-venue-2"], claimedAlone - claimedFiltered);
            (bool ok, string answer) = manager.Query("PacketFilter", "rules");
            Assert.True(ok, answer);
            using var json = JsonDocument.Parse(answer);
            Assert.Equal(expected.Where(e => e.Key != "").Select(e => (e.Key, e.Value)),
                json.RootElement.GetProperty("rules").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("frames").GetInt64())));
        }
    }

    [Fact]
    public void Should_refuse_to_load_with_every_error_of_a_bad_rules_file_in_the_message()
    {
        using var host = new FilterHost("PacketFilter");
        string rules = host.File("rules.yaml");
        File.WriteAllText(rules, "rules:\n  - { name: a, action: drop, dst: 10.0.0.0/99 }\n  - { name: b, action: nope }\n");
        using PluginManager manager = host.Manager(["PacketFilter"], PacketFilterPluginTests.Settings(rules, watch: false));

        var ex = Assert.ThrowsAny<Exception>(manager.LoadAll);

        Assert.Contains($"{rules}:2:35: 'dst': '10.0.0.0/99' is not a CIDR block", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{rules}:3:24: unknown action 'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_register_no_filter_when_loaded_without_a_rules_file()
    {
        using var host = new FilterHost("PacketFilter", "MoldUdp64");
        using PluginManager manager = host.Manager(["PacketFilter", "MoldUdp64"]);

        manager.LoadAll();

        Assert.Empty(manager.Dispatchers[0].Filters);
        Assert.Equal((true, """{ "file": null, "rules": [] }"""), manager.Query("PacketFilter", "rules"));
    }

    [Fact]
    public void Should_resolve_yamldotnet_when_the_contracts_assembly_is_loaded_outside_the_default_context()
    {
        // What the host's contracts context does with a *.Contracts.dll from a plugin folder
        // that the host itself does not reference: load it from bytes into a context of its
        // own whose other references fall back to the host's (default) context.
        string path = Path.Combine(Support.RepoPaths.Root, "artifacts", "plugins", "PacketFilter", "HftHost.PacketFilter.Contracts.dll");
        var context = new AssemblyLoadContext("contracts-probe", isCollectible: true);
        try
        {
            using FileStream stream = File.OpenRead(path);
            Assembly contracts = context.LoadFromStream(stream);
            Assert.NotSame(typeof(FilterRulesFile).Assembly, contracts);
            MethodInfo parse = contracts.GetType("HftHost.PacketFilter.FilterRulesFile")!.GetMethod("Parse")!;

            object set = parse.Invoke(null, ["rules:\n  - { name: a, action: drop, dst: 10.0.0.0/8 }\n", "probe.yaml"])!;

            var parsed = (System.Collections.IEnumerable)set.GetType().GetProperty("Rules")!.GetValue(set)!;
            Assert.Single(parsed.Cast<object>());
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(0)] // no flow cache: every frame classified by the trees
    public void Should_not_allocate_per_frame_through_the_filter_on_a_poll_loop(int flowCache)
    {
        using var host = new FilterHost("PacketFilter");
        string rules = host.File("rules.yaml");
        // Rules that miss the generator's traffic, a log rule, and an audited catch-all (its ring
        // fills, then refuses: both paths run), with the port-scan rule watching.
        File.WriteAllText(rules, """
            rules:
              - { name: private, action: drop, src: 172.16.0.0/12 }
              - { name: tagged, action: log, vlan: 7 }
              - { name: web, action: drop, protocol: tcp, dst-port: 80-443 }
              - { name: all, action: count, audit: true }
            port-scan: { ports: 16, window: 1s, action: log, audit: true }
            """);
        var settings = PacketFilterPluginTests.Settings(rules, watch: false);
        settings["FlowCacheSize"] = flowCache.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using PluginManager manager = host.Manager(["PacketFilter"], settings);
        manager.LoadAll();
        Poll(manager, 200_000); // compile and tier up first: JIT work is not per-frame cost

        long allocated = Poll(manager, 1_000_000);

        PluginStatus status = manager.List().Single();
        Assert.True(status.Faults == 0, status.LastFault);
        Assert.Equal(0, allocated);
        (bool ok, string answer) = manager.Query("PacketFilter", "rules");
        Assert.True(ok, answer);
        using var json = JsonDocument.Parse(answer);
        Assert.Equal(1_200_000, json.RootElement.GetProperty("rules")[3].GetProperty("frames").GetInt64());
    }

    private (long Claimed, PluginManager Manager) Run(FilterHost host, string[] load, Dictionary<string, string?>? settings)
    {
        PluginManager manager = host.Manager(load, settings);
        manager.LoadAll();
        FrameDispatcher dispatcher = manager.Dispatchers[0];
        using CaptureReader reader = CaptureReader.Open(traffic.Pcap);
        long frames = 0;
        while (reader.TryRead(out CapturedFrame captured))
        {
            if (frames++ % 32 == 0)
            {
                dispatcher.AtBurstBoundary();
            }
            FrameView frame = FrameParser.Parse(captured.Bytes, captured.TimestampNs, captured.WireLength, 0, 0, captured.IsEthernet);
            dispatcher.Dispatch(in frame);
        }
        dispatcher.OnIdle(drained: true);
        long claimed = manager.List().Single(p => p.Name == "MoldUdp64").FramesClaimed;
        if (settings is null)
        {
            manager.Dispose();
        }
        return (claimed, manager);
    }

    private static unsafe long Poll(PluginManager manager, ulong frames)
    {
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = frames, Overflow = OverflowPolicy.Wait,
        });
        var loop = new PollLoop<PluginHandler>(port.Ring(0), new PluginHandler(manager.Dispatchers[0]), "filter-alloc", NullLogger.Instance);
        port.Start();
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Run(default(BackoffIdleStrategy));
        long after = GC.GetAllocatedBytesForCurrentThread();
        port.Stop();
        return after - before;
    }
}
