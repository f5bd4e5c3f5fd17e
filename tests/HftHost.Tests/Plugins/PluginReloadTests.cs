using System.Runtime.Loader;
using HftHost.Plugins;
using HftHost.Tests.Support;
using Xunit.Abstractions;

namespace HftHost.Tests.Plugins;

/// <summary>
/// Hot reload under traffic: state carried across, every frame seen by exactly one
/// version, every old context collected; and what happens when a context cannot be.
/// </summary>
[Collection(nameof(PluginReloadCollection))]
public class PluginReloadTests(ITestOutputHelper output)
{
    [Fact]
    public void Should_reload_a_plugin_100_times_under_traffic_losing_and_repeating_no_frame()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();
        long managedAt10 = 0, rssAt10 = 0;
        int contextsAt10 = 0;
        TimeSpan longestPause = TimeSpan.Zero;
        long sent;
        using (var runner = new PluginRunner(manager))
        {
            runner.WaitForFrames(100_000);
            for (int reload = 1; reload <= 100; reload++)
            {
                // A new build dropped in: versions 2.0.0 and 1.0.0 by turns.
                plugins.Deploy("CountingPlugin", version: reload % 2 == 1 ? 2 : 1);
                long before = runner.FramesConsumed;
                ReloadResult result = manager.Reload("CountingPlugin");
                Assert.True(result.Succeeded, result.Message);
                Assert.True(result.OldCollected, $"reload {reload}: {result.Message}");
                longestPause = result.LongestPause > longestPause ? result.LongestPause : longestPause;
                runner.WaitForFrames(before + 10_000); // traffic flows between reloads
                if (reload == 10)
                {
                    (managedAt10, rssAt10, contextsAt10) = Memory();
                }
            }
            sent = runner.Stop();
        }
        (long managedAt100, long rssAt100, int contextsAt100) = Memory();
        output.WriteLine($"sent {sent} frames; longest swap pause {longestPause.TotalMicroseconds:F0} us; " +
            $"managed heap {managedAt10} -> {managedAt100} B, RSS {rssAt10 / 1024} -> {rssAt100 / 1024} KiB, contexts {contextsAt10} -> {contextsAt100}");

        using BinaryReader state = TestPlugins.State(manager, "CountingPlugin");
        (long frames, ulong next, long missing, long repeated, long reloads) =
            (state.ReadInt64(), state.ReadUInt64(), state.ReadInt64(), state.ReadInt64(), state.ReadInt64());
        Assert.Equal(sent, frames);
        Assert.Equal((ulong)sent, next);
        Assert.Equal(0, missing);
        Assert.Equal(0, repeated);
        Assert.Equal(100, reloads);
        PluginStatus status = manager.List().Single();
        Assert.Equal((sent, 100, 101, "1.0.0"), (status.FramesClaimed, status.Reloads, status.Generation, status.Version.Split('+')[0]));
        Assert.Empty(status.LeakedGenerations);
        Assert.Equal(contextsAt10, contextsAt100);
        Assert.InRange(managedAt100 - managedAt10, long.MinValue, 1 << 20);
    }

    [Fact]
    public void Should_report_a_plugin_whose_old_context_is_not_collected_and_keep_running()
    {
        using var plugins = new TestPlugins("LeakyPlugin", "CountingPlugin");
        using PluginManager manager = plugins.Manager(collectTimeout: TimeSpan.FromMilliseconds(300));
        manager.LoadAll();

        ReloadResult result = manager.Reload("LeakyPlugin");

        Assert.True(result.Succeeded, result.Message);
        Assert.False(result.OldCollected);
        Assert.Contains("NOT collected", result.Message, StringComparison.Ordinal);
        PluginStatus leaky = manager.List().Single(p => p.Name == "LeakyPlugin");
        Assert.Equal([1], leaky.LeakedGenerations);
        Assert.Equal(("running", 2), (leaky.State, leaky.Generation));
        Assert.Empty(manager.List().Single(p => p.Name == "CountingPlugin").LeakedGenerations);
    }

    [Fact]
    public void Should_keep_the_running_version_when_the_new_build_cannot_be_loaded()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();
        File.WriteAllText(Path.Combine(plugins.PluginDirectory, "CountingPlugin", "CountingPlugin.dll"), "not an assembly");

        ReloadResult result = manager.Reload("CountingPlugin");

        Assert.False(result.Succeeded);
        Assert.StartsWith("plugin CountingPlugin: cannot load ", result.Message, StringComparison.Ordinal);
        PluginStatus status = manager.List().Single();
        Assert.Equal(("running", 1), (status.State, status.Generation));
        Assert.Single(manager.Dispatchers[0].Active);
    }

    [Fact]
    public void Should_refuse_to_reload_a_plugin_that_is_not_loaded()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();

        ReloadResult result = manager.Reload("Nope");

        Assert.Equal((false, "no plugin 'Nope' is loaded (loaded: CountingPlugin)"), (result.Succeeded, result.Message));
    }

    private static (long Managed, long Rss, int Contexts) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64, AssemblyLoadContext.All.Count());
    }
}

/// <summary>Reload tests measure memory and collect the GC: none of them run beside each other.</summary>
[CollectionDefinition(nameof(PluginReloadCollection), DisableParallelization = true)]
public class PluginReloadCollection;
