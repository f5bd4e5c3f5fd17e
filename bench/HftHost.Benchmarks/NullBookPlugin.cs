using HftHost.Itch50;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// Subscribes to the events the OrderBook plugin takes and does nothing with them: with
/// --stages 4 the market-data run measures what delivering the events costs, apart from
/// the book's own work.
/// </summary>
internal sealed class NullBookPlugin : HftPlugin,
    IEventSubscriber<ItchEvent<AddOrder>>, IEventSubscriber<ItchEvent<OrderExecuted>>, IEventSubscriber<ItchEvent<OrderCancel>>,
    IEventSubscriber<ItchEvent<OrderDelete>>, IEventSubscriber<ItchEvent<OrderReplace>>
{
    public long Events { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Subscribe<ItchEvent<AddOrder>>(this);
        registry.Subscribe<ItchEvent<OrderExecuted>>(this);
        registry.Subscribe<ItchEvent<OrderCancel>>(this);
        registry.Subscribe<ItchEvent<OrderDelete>>(this);
        registry.Subscribe<ItchEvent<OrderReplace>>(this);
    }

    public void OnEvent(in ItchEvent<AddOrder> evt) => Events++;

    public void OnEvent(in ItchEvent<OrderExecuted> evt) => Events++;

    public void OnEvent(in ItchEvent<OrderCancel> evt) => Events++;

    public void OnEvent(in ItchEvent<OrderDelete> evt) => Events++;

    public void OnEvent(in ItchEvent<OrderReplace> evt) => Events++;
}
