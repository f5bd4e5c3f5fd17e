using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Benchmarks;

/// <summary>
/// MoldUdp64, Itch50 and OrderBook from artifacts/plugins, loaded by the host's
/// <see cref="PluginManager"/>: each in its own collectible context, compiled fully optimised
/// up front, which is how a deployment runs them (such code is not tiered, so it gets no
/// dynamic PGO). Each <see cref="Run"/> loads them afresh, so every run starts with empty books.
/// </summary>
internal static class HostedPlugins
{
    private static readonly string[] Names = ["MoldUdp64", "Itch50", "OrderBook"];

    private static PluginManager Load(string shadowRoot, string? directory)
    {
        IConfiguration none = new ConfigurationBuilder().Build();
        var manager = new PluginManager(
            new PluginHostOptions
            {
                Directory = directory ?? Path.Combine(RepoRoot.Find(), "artifacts", "plugins"),
                Load = Names,
                Watch = false,
                ShadowRoot = shadowRoot,
                Plugins = Names.ToDictionary(n => n, _ => new PluginEntry(none, [])),
            },
            queueCount: 1,
            NullLoggerFactory.Instance);
        manager.LoadAll();
        BuildChecks.RequireOptimizedPlugins(manager.Dispatchers[0]);
        return manager;
    }

    /// <summary>Every frame through the dispatcher, a burst boundary every 32 frames; ns and bytes allocated.</summary>
    /// <param name="capture">The feed.</param>
    /// <param name="directory">Where the plugins are built (default artifacts/plugins): another build of them, to compare two in one process.</param>
    public static (double Ns, long Allocated) Run(MarketDataRun.Capture capture, string? directory = null)
    {
        string shadowRoot = Path.Combine(Path.GetTempPath(), $"hfthost-bench-market-data-{Environment.ProcessId}");
        try
        {
            using PluginManager manager = Load(shadowRoot, directory);
            return Measure(capture, manager.Dispatchers[0]);
        }
        finally
        {
            if (Directory.Exists(shadowRoot))
            {
                Directory.Delete(shadowRoot, recursive: true);
            }
        }
    }

    private static (double Ns, long Allocated) Measure(MarketDataRun.Capture capture, FrameDispatcher dispatcher)
    {
        long claimedBefore = dispatcher.Frames - dispatcher.Unclaimed;
        (double ns, long allocated) = MarketDataRun.DispatchAll(capture, dispatcher);
        long claimed = dispatcher.Frames - dispatcher.Unclaimed - claimedBefore;
        if (claimed != capture.Frames)
        {
            throw new InvalidOperationException($"the hosted MoldUdp64 claimed {claimed:N0} of {capture.Frames:N0} frames");
        }
        return (ns, allocated);
    }
}
