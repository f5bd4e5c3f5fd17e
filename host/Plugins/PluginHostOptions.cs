using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;

namespace HftHost.Plugins;

/// <summary>How the host loads and supervises plugins (command-line options or the config file's <c>plugins</c> section).</summary>
internal sealed record PluginHostOptions
{
    /// <summary>Folder holding one sub-folder per plugin: <c>{Directory}/{Name}/{Name}.dll</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>Plugins to load, in this order; empty = every plugin folder, by name.</summary>
    public IReadOnlyList<string> Load { get; init; } = [];

    /// <summary>Faults (exceptions from decoders or event handlers) before a plugin is quarantined.</summary>
    public long MaxFaults { get; init; } = 100;

    /// <summary>Time a decoder may hold the poll thread before it is reported as blocking.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reload a plugin when a new build lands in its folder.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>How long a reload waits for every poll thread to reach a burst boundary.</summary>
    public TimeSpan SwapTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an unloaded context may take to be collected before it is reported as leaked.</summary>
    public TimeSpan CollectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Named feeds plugins can bind to.</summary>
    public IReadOnlyDictionary<string, FeedEndpoint> Feeds { get; init; } = new Dictionary<string, FeedEndpoint>();

    /// <summary>Per plugin: its settings section and extra bindings.</summary>
    public IReadOnlyDictionary<string, PluginEntry> Plugins { get; init; } = new Dictionary<string, PluginEntry>();

    /// <summary>Where shadow copies go; default: a folder per host process under the temp directory.</summary>
    public string? ShadowRoot { get; init; }
}

/// <summary>The configuration of one plugin.</summary>
internal sealed record PluginEntry(IConfiguration Settings, IReadOnlyList<ConfiguredBinding> Bindings);
