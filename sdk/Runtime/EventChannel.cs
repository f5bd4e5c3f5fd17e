namespace HftHost.Sdk.Runtime;

/// <summary>The subscribers of one event type on one queue.</summary>
internal abstract class EventChannel
{
    public abstract Type EventType { get; }

    /// <summary>Replaces the subscriber list with the subscriptions of <paramref name="active"/> (poll thread only).</summary>
    public abstract void Rebuild(IReadOnlyList<PluginInstance> active);
}

/// <summary>
/// Subscribers of <typeparamref name="TEvent"/>: an array replaced as a whole (copy on
/// write) by the queue's poll thread, read without locks by publishers on the same thread.
/// </summary>
internal sealed class EventChannel<TEvent> : EventChannel
    where TEvent : struct, allows ref struct
{
    public EventSubscription<TEvent>[] Subscribers { get; private set; } = [];

    public override Type EventType => typeof(TEvent);

    public override void Rebuild(IReadOnlyList<PluginInstance> active)
    {
        var list = new List<EventSubscription<TEvent>>();
        foreach (PluginInstance instance in active)
        {
            foreach (object subscription in instance.Subscriptions)
            {
                if (subscription is EventSubscription<TEvent> typed)
                {
                    list.Add(typed);
                }
            }
        }
        Subscribers = [.. list];
    }
}

/// <summary>One handler of one plugin instance for <typeparamref name="TEvent"/>.</summary>
internal sealed class EventSubscription<TEvent>(IEventSubscriber<TEvent> handler, PluginInstance owner)
    where TEvent : struct, allows ref struct
{
    public IEventSubscriber<TEvent> Handler { get; } = handler;

    public PluginInstance Owner { get; } = owner;

    public string Site { get; } = $"event handler {handler.GetType().Name} for {typeof(TEvent).Name}";
}
