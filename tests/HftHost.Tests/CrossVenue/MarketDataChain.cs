using HftHost.CrossVenue;
using HftHost.Plugins.CrossVenue;
using HftHost.Plugins.Itch50;
using HftHost.Plugins.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.CrossVenue;

/// <summary>
/// The real plugins MoldUdp64 → Itch50 → OrderBook → CrossVenue on one queue of the host's
/// runtime (through HftHost.Sdk.Testing), replaying a capture; collects what CrossVenue publishes.
/// </summary>
internal sealed class MarketDataChain : IDisposable
{
    private readonly PluginTestHarness _harness;

    public MarketDataChain(IDictionary<string, string?>? crossVenueSettings = null)
    {
        Plugin = new CrossVenuePlugin();
        _harness = new PluginTestHarness(Plugin, crossVenueSettings);
        _harness.AddPlugin(new MoldUdp64Plugin());
        _harness.AddPlugin(new Itch50Plugin());
        _harness.AddPlugin(new OrderBookPlugin());
        _harness.Subscribe<CrossVenueOpportunity>(Events.Add);
    }

    public CrossVenuePlugin Plugin { get; }

    public List<CrossVenueOpportunity> Events { get; } = [];

    public IEnumerable<ExpectedOpportunity> Closed =>
        Events.Where(e => e.Phase == OpportunityPhase.Closed).Select(e => ExpectedOpportunity.FromEvent(e));

    public ReplayResult Replay(string pcap) => _harness.Replay(pcap);

    public void Dispose() => _harness.Dispose();
}
