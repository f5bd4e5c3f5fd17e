using HftHost.Sdk.Runtime;

namespace HftHost.Sdk;

/// <summary>
/// Publishes events of one type to the subscribers on the same queue
/// (from <see cref="IPluginRegistry.AddEvent{TEvent}"/>). Delivery is synchronous, in
/// subscription order, by reference: no allocation, no boxing, and the generic code is
/// compiled for each struct <typeparamref name="TEvent"/>. A subscriber that throws is
/// counted against its own plugin; the others still receive the event.
/// Threading: call <see cref="Publish"/> only on the publishing instance's poll thread.
/// </summary>
/// <typeparam name="TEvent">A struct event type.</typeparam>
public sealed class EventPublisher<TEvent>
    where TEvent : struct, allows ref struct
{
    private readonly EventChannel<TEvent> _channel;

    internal EventPublisher(EventChannel<TEvent> channel) => _channel = channel;

    /// <summary>True when at least one handler would receive an event: skip building events nobody reads.</summary>
    public bool HasSubscribers => _channel.Subscribers.Length != 0;

    /// <summary>Delivers <paramref name="evt"/> to every subscriber before returning.</summary>
    /// <param name="evt">Read by the handlers during this call only.</param>
    public void Publish(in TEvent evt)
    {
        // A snapshot: the array is replaced, never changed, when subscriptions change.
        EventSubscription<TEvent>[] subscribers = _channel.Subscribers;
        for (int i = 0; i < subscribers.Length; i++)
        {
            EventSubscription<TEvent> subscription = subscribers[i];
            if (subscription.Owner.IsQuarantined)
            {
                continue;
            }
            try
            {
                subscription.Handler.OnEvent(in evt);
            }
            catch (Exception ex)
            {
                subscription.Owner.RecordFault(ex, subscription.Site);
            }
        }
    }
}
