using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HftHost.Sdk.Runtime;

/// <summary>The host's <see cref="IPluginContext"/> for one plugin instance.</summary>
internal sealed class PluginContext : IPluginContext, IDisposable
{
    public PluginContext(
        string pluginName, Version pluginVersion, int queue, int queueCount, ILogger logger,
        IConfiguration settings, TimeProvider clock)
    {
        PluginName = pluginName;
        PluginVersion = pluginVersion;
        Queue = queue;
        QueueCount = queueCount;
        Logger = logger;
        Settings = settings;
        Clock = clock;
        Meter = new Meter(
            "HftHost.Plugins." + pluginName, pluginVersion.ToString(),
            [new KeyValuePair<string, object?>("queue", queue)]);
        Audit = new AuditChannel(pluginName, queue, clock);
    }

    public string PluginName { get; }

    public Version PluginVersion { get; }

    public int Queue { get; }

    public int QueueCount { get; }

    public ILogger Logger { get; }

    public Meter Meter { get; }

    public IConfiguration Settings { get; }

    public TimeProvider Clock { get; }

    public AuditChannel Audit { get; }

    public TSettings GetSettings<TSettings>()
        where TSettings : class, new() =>
        Settings.Get<TSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new TSettings();

    public void Dispose() => Meter.Dispose();
}
