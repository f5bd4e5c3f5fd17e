using HftHost.Audit;
using HftHost.Plugins;
using HftHost.Sdk.Runtime;
using HftHost.Tests.Plugins;
using HftHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Audit;

/// <summary>The plugin manager's hooks, with the fixture plugins of tests/plugins loaded for real.</summary>
[Collection(nameof(PluginReloadCollection))]
public class AuditPluginTests
{
    [Fact]
    public void Should_record_a_load_a_reload_from_old_to_new_version_and_a_refused_reload()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        string path = plugins.File("audit.jsonl");
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path }))
        using (PluginManager manager = Manager(plugins, trail))
        {
            manager.LoadAll();
            plugins.Deploy("CountingPlugin", version: 2);
            ReloadResult reloaded = manager.Reload("CountingPlugin");
            Assert.True(reloaded.Succeeded, reloaded.Message);
            File.WriteAllText(Path.Combine(plugins.PluginDirectory, "CountingPlugin", "CountingPlugin.dll"), "not an assembly");
            Assert.False(manager.Reload("CountingPlugin").Succeeded);
        }

        Assert.True(AuditVerifier.VerifySet(path).Intact);
        var records = AuditFiles.Records(path).Where(r => r.Category().StartsWith("plugin.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["plugin.load", "plugin.reload", "plugin.reload_failed"], records.Select(r => r.Category()));
        Assert.Matches(@"^CountingPlugin 1\.0\.0\S* generation 1 \(SDK 1\.0\): ", records[0].Detail());
        Assert.Matches(@"^CountingPlugin 1\.0\.0\S* \(generation 1\) -> 2\.0\.0\S* \(generation 2\), \d+ bytes of state$", records[1].Detail());
        Assert.StartsWith("plugin CountingPlugin: cannot load ", records[2].Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_record_a_quarantine_with_its_reason_and_the_readmission()
    {
        using var plugins = new TestPlugins("ThrowingPlugin", "CountingPlugin");
        string path = plugins.File("audit.jsonl");
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path }))
        using (PluginManager manager = Manager(plugins, trail, maxFaults: 50, load: ["ThrowingPlugin", "CountingPlugin"]))
        {
            manager.LoadAll();
            using (var runner = new PluginRunner(manager, frames: 10_000))
            {
                Assert.True(runner.Pipeline.Wait(TimeSpan.FromMinutes(1)));
                runner.Stop();
            }
            WaitFor(() => manager.List().Single(p => p.Name == "ThrowingPlugin").State == "quarantined");
            Assert.True(manager.Reload("ThrowingPlugin").Succeeded);
        }

        var records = AuditFiles.Records(path).Where(r => r.Category().StartsWith("plugin.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["plugin.load", "plugin.load", "plugin.quarantine", "plugin.readmit"], records.Select(r => r.Category()));
        Assert.Matches(@"^ThrowingPlugin \S+ \(generation 1, queue 0\): 50 faults \(limit 50\); the last: decoder thrower: InvalidDataException: ", records[2].Detail());
        Assert.StartsWith("plugin ThrowingPlugin: quarantined generation 1 replaced by generation 2", records[3].Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_record_a_plugin_that_cannot_load()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        File.WriteAllText(Path.Combine(plugins.PluginDirectory, "CountingPlugin", "CountingPlugin.dll"), "not an assembly");
        string path = plugins.File("audit.jsonl");
        PluginException error;
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path }))
        using (PluginManager manager = Manager(plugins, trail))
        {
            error = Assert.Throws<PluginException>(manager.LoadAll);
        }

        var failed = AuditFiles.Records(path).Single(r => r.Category() == "plugin.load_failed");
        Assert.StartsWith("plugin CountingPlugin: cannot load ", failed.Detail(), StringComparison.Ordinal);
        Assert.Equal(error.Message, failed.Detail());
    }

    private static PluginManager Manager(TestPlugins plugins, AuditTrail trail, long maxFaults = 100, IReadOnlyList<string>? load = null) =>
        new(new PluginHostOptions
        {
            Directory = plugins.PluginDirectory,
            ShadowRoot = plugins.ShadowRoot,
            Watch = false,
            MaxFaults = maxFaults,
            Load = load ?? [],
        }, queueCount: 1, NullLoggerFactory.Instance, trail);

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
