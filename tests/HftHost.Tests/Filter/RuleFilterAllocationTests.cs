using HftHost.Plugins.PacketFilter;
using HftHost.Sdk;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.Filter;

/// <summary>
/// The filter's per-frame path allocates nothing, branch by branch: cached and uncached
/// classification, an audited rule (the ring fills, then refuses), a port scan that fires and
/// records, a rate-limited log rule.
/// </summary>
public class RuleFilterAllocationTests
{
    [Theory]
    [InlineData("count", "rules:\n  - { name: all, action: count }\n", "4096")]
    [InlineData("no-cache", "rules:\n  - { name: web, action: drop, protocol: tcp }\n  - { name: all, action: count }\n", "0")]
    [InlineData("audit", "rules:\n  - { name: all, action: drop, audit: true }\n", "4096")]
    [InlineData("log", "rules:\n  - { name: all, action: log }\n", "4096")]
    [InlineData("scan", "rules:\n  - { name: all, action: count }\nport-scan: { ports: 16, window: 1ms, action: drop, audit: true }\n", "4096")]
    public void Should_not_allocate_per_frame(string branch, string rules, string flowCache)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("rules.yaml"), rules);
        var plugin = new PacketFilterPlugin();
        using var harness = new PluginTestHarness(plugin, new Dictionary<string, string?>
        {
            ["RulesFile"] = dir.File("rules.yaml"), ["WatchRules"] = "false", ["FlowCacheSize"] = flowCache,
        });
        // 64 ports from one source, 1 µs apart: with the scan rule, it fires every window.
        byte[][] frames = [.. Enumerable.Range(0, 64).Select(p => TestFrames.Udp([1, 2, 3], destinationPort: (ushort)(26400 + p)))];
        // Compile and tier up first (JIT work is not per-frame cost): warm rounds until one
        // allocates nothing, a few at most, with a pause for the background tier-up.
        for (int round = 0; round < 5 && Allocated(() => Run(plugin, frames, 200_000)) != 0; round++)
        {
            Thread.Sleep(200);
        }

        long allocated = SteadyAllocation.Measure(() => Run(plugin, frames, 1_000_000));

        Assert.True(allocated == 0, $"{branch}: {allocated} bytes for a million frames");
        long total = plugin.Filter.Current.Frames[^1] + (plugin.Filter.Current.Scan?.Dropped ?? 0);
        Assert.Equal(0, total % 200_000); // every frame decided: by the last rule, or dropped by the scan rule
        Assert.True(total >= 1_200_000);
        if (branch == "scan")
        {
            Assert.True(plugin.Filter.Current.Scan!.Fired > 1000);
        }
    }

    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Run(PacketFilterPlugin plugin, byte[][] frames, int count)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = frames[i & 63];
            FrameView frame = FrameParser.Parse(bytes, 1_000_000_000 + i * 1_000L, bytes.Length, 0, 0);
            plugin.Filter.Filter(in frame);
        }
    }
}
