using HftHost.OrderBook;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// Subscribes to the OrderBook's <see cref="TopOfBookChanged"/> and counts the events, as
/// CrossVenue subscribes: with --stages 5 the market-data run includes the book's reading of
/// each instrument's best bid and offer after every message and the publishing of its changes.
/// </summary>
internal sealed class NullTopSubscriber : HftPlugin, IEventSubscriber<TopOfBookChanged>
{
    public long Events { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Subscribe<TopOfBookChanged>(this);
    }

    public void OnEvent(in TopOfBookChanged evt) => Events++;
}
