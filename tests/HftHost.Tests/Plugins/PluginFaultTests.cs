using HftHost.Plugins;
using HftHost.Tests.Support;

namespace HftHost.Tests.Plugins;

/// <summary>Fault isolation: a throwing plugin is quarantined, a blocking one reported; the rest go on.</summary>
[Collection(nameof(PluginReloadCollection))]
public class PluginFaultTests
{
    [Fact]
    public void Should_quarantine_a_throwing_plugin_while_another_counts_every_frame()
    {
        using var plugins = new TestPlugins("ThrowingPlugin", "CountingPlugin");
        // The thrower is asked first: each of its faults passes the frame on to the counter.
        using PluginManager manager = plugins.Manager(maxFaults: 50, load: ["ThrowingPlugin", "CountingPlugin"]);
        manager.LoadAll();
        long sent;
        using (var runner = new PluginRunner(manager, frames: 200_000))
        {
            Assert.True(runner.Pipeline.Wait(TimeSpan.FromMinutes(1)));
            sent = runner.Stop();
        }
        WaitFor(() => manager.List().Single(p => p.Name == "ThrowingPlugin").State == "quarantined");

        PluginStatus thrower = manager.List().Single(p => p.Name == "ThrowingPlugin");
        PluginStatus counter = manager.List().Single(p => p.Name == "CountingPlugin");
        Assert.Equal(200_000, sent);
        Assert.Equal(50, thrower.Faults);
        Assert.StartsWith("50 faults (limit 50); the last: decoder thrower: InvalidDataException: cannot decode a frame of 64 bytes", thrower.Detail, StringComparison.Ordinal);
        Assert.Equal(("running", 200_000L, 0L), (counter.State, counter.FramesClaimed, counter.Faults));
        Assert.Equal(["CountingPlugin"], manager.Dispatchers[0].Active.Select(i => i.Name));

        // A new build of the quarantined plugin puts it back, without the old one's state.
        ReloadResult readmitted = manager.Reload("ThrowingPlugin");
        Assert.True(readmitted.Succeeded, readmitted.Message);
        Assert.True(readmitted.OldCollected, readmitted.Message);
        thrower = manager.List().Single(p => p.Name == "ThrowingPlugin");
        Assert.Equal(("running", 2, 50L), (thrower.State, thrower.Generation, thrower.Faults));
        Assert.Equal(["CountingPlugin", "ThrowingPlugin"], manager.Dispatchers[0].Active.Select(i => i.Name));
    }

    [Fact]
    public void Should_report_a_plugin_that_blocks_its_poll_thread_past_the_budget()
    {
        using var plugins = new TestPlugins("BlockingPlugin");
        using PluginManager manager = plugins.Manager(budget: TimeSpan.FromMilliseconds(50));
        manager.LoadAll();
        using (var runner = new PluginRunner(manager, frames: 1000))
        {
            Assert.True(runner.Pipeline.Wait(TimeSpan.FromMinutes(1)));
            runner.Stop();
        }

        PluginStatus status = manager.List().Single();
        Assert.Equal(1, status.BlockedReports);
        Assert.Equal(("running", 1000L), (status.State, status.FramesClaimed));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in 10 s");
            Thread.Sleep(10);
        }
    }
}
