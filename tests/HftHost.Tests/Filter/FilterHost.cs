using HftHost.Plugins;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Filter;

/// <summary>
/// The first-party plugins as the host loads them: copied from artifacts/plugins into a plugin
/// folder of their own, loaded by the host's <see cref="PluginManager"/> (own load contexts,
/// contracts shared), with settings as a config file would give them.
/// </summary>
internal sealed class FilterHost : IDisposable
{
    private readonly TempDir _dir = new();

    public FilterHost(params string[] plugins)
    {
        foreach (string name in plugins)
        {
            string source = Path.Combine(RepoPaths.Root, "artifacts", "plugins", name);
            Assert.True(Directory.Exists(source), $"{source} is missing: build the solution first (./setup.sh)");
            string target = Path.Combine(PluginDirectory, name);
            Directory.CreateDirectory(target);
            foreach (string file in Directory.EnumerateFiles(source))
            {
                System.IO.File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }

    public string PluginDirectory => _dir.File("plugins");

    public string File(string name) => _dir.File(name);

    /// <summary>A manager loading <paramref name="load"/> in that order; <paramref name="filterSettings"/> are PacketFilter's.</summary>
    public PluginManager Manager(IReadOnlyList<string> load, IDictionary<string, string?>? filterSettings = null, ILoggerFactory? logging = null)
    {
        var plugins = new Dictionary<string, PluginEntry>();
        if (filterSettings is not null)
        {
            plugins["PacketFilter"] = new PluginEntry(new ConfigurationBuilder().AddInMemoryCollection(filterSettings).Build(), []);
        }
        return new PluginManager(new PluginHostOptions
        {
            Directory = PluginDirectory,
            ShadowRoot = _dir.File("shadow"),
            Watch = false,
            Plugins = plugins,
            Load = load,
        }, 1, logging ?? NullLoggerFactory.Instance);
    }

    public void Dispose() => _dir.Dispose();
}
