using HftHost.MoldUdp64;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HftHost.Audit;

/// <summary>
/// The host's own subscriber to MoldUDP64 session events: every gap (and every gap filled
/// by retransmission) becomes an audit record. It joins each queue's dispatcher like a
/// plugin instance (so the event bus delivers to it as to any subscriber), but it is the
/// host's code: never unloaded, not listed among the plugins.
/// Threading: <see cref="OnEvent"/> runs on the poll thread: it only enqueues (no I/O, no lock,
/// no allocation).
/// </summary>
internal sealed class FeedGapAuditor(AuditTrail trail, int queue) : HftPlugin, IEventSubscriber<MoldSessionEvent>
{
    public const string Name = "hfthost.audit";

    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    /// <summary>
    /// Adds an auditor to every dispatcher. Call before any plugin loads: the host's copy
    /// of MoldUdp64.Contracts must be the one loaded (this type references it), so that the
    /// plugins share it (<c>ContractsLoadContext</c>) and publish the very type subscribed to here.
    /// </summary>
    /// <returns>The instances, for the caller to dispose once no poll thread runs.</returns>
    public static PluginInstance[] Attach(IReadOnlyList<FrameDispatcher> dispatchers, AuditTrail trail, ILoggerFactory logging)
    {
        var faults = new FaultPolicy(long.MaxValue);
        var instances = new PluginInstance[dispatchers.Count];
        for (int q = 0; q < dispatchers.Count; q++)
        {
            var context = new PluginContext(
                Name, typeof(FeedGapAuditor).Assembly.GetName().Version ?? new Version(1, 0), q, dispatchers.Count,
                logging.CreateLogger(Name), NoSettings, TimeProvider.System);
            var instance = new PluginInstance(new FeedGapAuditor(trail, q), context, dispatchers[q].Bus, _ => null, faults);
            instance.RegisterAndBind([]);
            dispatchers[q].ApplyNow(DispatcherChange.Adding(instance));
            instances[q] = instance;
        }
        return instances;
    }

    public override void Register(IPluginRegistry registry) => registry.Subscribe<MoldSessionEvent>(this);

    public void OnEvent(in MoldSessionEvent evt)
    {
        if (evt.Kind is MoldSessionEventKind.Gap or MoldSessionEventKind.Recovered)
        {
            trail.AppendFeedEvent(in evt, queue);
        }
    }
}
