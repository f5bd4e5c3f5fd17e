using HftHost.Plugins;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Support;

/// <summary>The fixture plugins of tests/plugins, as built into artifacts/, and a plugin folder to run them from.</summary>
internal sealed class TestPlugins : IDisposable
{
    private readonly TempDir _dir = new();

    public TestPlugins(params string[] names)
    {
        Directory.CreateDirectory(PluginDirectory);
        foreach (string name in names)
        {
            Deploy(name);
        }
    }

    /// <summary>artifacts/test-plugins (version 1 of each) or artifacts/test-plugins-v2.</summary>
    public static string BuiltFolder(string name, int version = 1) =>
        Path.Combine(RepoPaths.Root, "artifacts", version == 1 ? "test-plugins" : $"test-plugins-v{version}", name);

    /// <summary>The folder a host loads plugins from (one sub-folder per plugin).</summary>
    public string PluginDirectory => _dir.File("plugins");

    public string ShadowRoot => _dir.File("shadow");

    public string File(string name) => _dir.File(name);

    /// <summary>Copies a built plugin into <see cref="PluginDirectory"/>, replacing what is there (a new build dropped in).</summary>
    public void Deploy(string name, int version = 1)
    {
        string source = BuiltFolder(name, version);
        Assert.True(Directory.Exists(source), $"{source} is missing: build the solution first (./setup.sh)");
        string target = Path.Combine(PluginDirectory, name);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            System.IO.File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    public PluginManager Manager(
        int queues = 1, long maxFaults = 100, TimeSpan? budget = null, TimeSpan? collectTimeout = null,
        IReadOnlyDictionary<string, PluginEntry>? plugins = null, IReadOnlyList<string>? load = null, ILoggerFactory? logging = null) =>
        new(new PluginHostOptions
        {
            Directory = PluginDirectory,
            ShadowRoot = ShadowRoot,
            Watch = false,
            MaxFaults = maxFaults,
            Budget = budget ?? TimeSpan.FromMilliseconds(100),
            CollectTimeout = collectTimeout ?? TimeSpan.FromSeconds(2),
            Plugins = plugins ?? new Dictionary<string, PluginEntry>(),
            Load = load ?? [],
        }, queues, logging ?? NullLoggerFactory.Instance);

    /// <summary>What the running instance of <paramref name="plugin"/> on <paramref name="queue"/> exports, for reading its state.</summary>
    public static BinaryReader State(PluginManager manager, string plugin, int queue = 0)
    {
        PluginInstance instance = manager.Dispatchers[queue].Active.Single(i => i.Name == plugin);
        var state = new MemoryStream();
        instance.Plugin.ExportState(state);
        state.Position = 0;
        return new BinaryReader(state);
    }

    public void Dispose() => _dir.Dispose();
}
