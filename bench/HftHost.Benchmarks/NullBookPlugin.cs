using HftHost.Itch50;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// Subscribes to the typed ITCH events of the types an order book uses and does nothing with
/// them: with --stages 4 the market-data run measures what typed delivery costs (each message
/// decoded into its struct and delivered as an event), which the OrderBook plugin avoids by
/// taking each packet's run and decoding it into its own visitor.
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
