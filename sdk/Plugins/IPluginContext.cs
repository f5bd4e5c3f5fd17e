using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HftHost.Sdk;

/// <summary>
/// What the host gives each plugin instance.
/// Threading: the members are safe from any thread; what they return has its own contract
/// (ILogger and Meter instruments are thread-safe).
/// </summary>
public interface IPluginContext
{
    /// <summary>The plugin's name (its folder and assembly name).</summary>
    string PluginName { get; }

    /// <summary>The plugin assembly's version.</summary>
    Version PluginVersion { get; }

    /// <summary>Receive queue this instance serves (0-based).</summary>
    int Queue { get; }

    /// <summary>Number of receive queues, hence instances of this plugin.</summary>
    int QueueCount { get; }

    /// <summary>Logger whose category is the plugin's name.</summary>
    ILogger Logger { get; }

    /// <summary>
    /// Meter named "HftHost.Plugins.&lt;name&gt;", tagged with the queue; create instruments in
    /// <see cref="HftPlugin.Register"/>. Disposed when this instance is unloaded.
    /// </summary>
    Meter Meter { get; }

    /// <summary>The plugin's section of the host configuration (empty when there is none).</summary>
    IConfiguration Settings { get; }

    /// <summary>Wall clock for timestamps outside the data (frames carry their own rx time).</summary>
    TimeProvider Clock { get; }

    /// <summary>
    /// Where this instance records actions for the host's audit trail; write from the poll
    /// thread only (see <see cref="AuditChannel"/>).
    /// </summary>
    AuditChannel Audit { get; }

    /// <summary>
    /// Binds <see cref="Settings"/> to a new <typeparamref name="TSettings"/>; a key that matches
    /// no property, or a value that does not convert, throws with the key's path.
    /// </summary>
    /// <typeparam name="TSettings">A class with settable properties.</typeparam>
    TSettings GetSettings<TSettings>()
        where TSettings : class, new();
}
