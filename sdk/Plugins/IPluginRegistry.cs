namespace HftHost.Sdk;

/// <summary>
/// What <see cref="HftPlugin.Register"/> declares its contributions through.
/// Threading: use only during <see cref="HftPlugin.Register"/>, on the thread that called it.
/// </summary>
public interface IPluginRegistry
{
    /// <summary>The instance's logger, meter, settings and clock.</summary>
    IPluginContext Context { get; }

    /// <summary>Adds a decoder; its name must be unique within the plugin.</summary>
    /// <param name="decoder">Called on the instance's poll thread once bound.</param>
    void AddDecoder(FrameDecoder decoder);

    /// <summary>
    /// Adds a filter: it sees every frame of the queue before the route lookup and may drop
    /// it (see <see cref="FrameFilter"/>); no binding is needed. Its name must be unique within the plugin.
    /// </summary>
    /// <param name="filter">Called on the instance's poll thread for every frame once the instance runs.</param>
    void AddFilter(FrameFilter filter);

    /// <summary>
    /// Declares that the plugin publishes <typeparamref name="TEvent"/> and returns its
    /// publisher. Subscribers in any plugin of the same queue receive the events, in
    /// subscription order, synchronously.
    /// Event types used between plugins must come from an assembly all of them share: the
    /// SDK, or a contracts assembly (named <c>*.Contracts.dll</c>) that the host loads once.
    /// </summary>
    /// <typeparam name="TEvent">A struct, delivered by reference, never boxed; a ref struct may carry
    /// spans of the frame (valid only during delivery).</typeparam>
    EventPublisher<TEvent> AddEvent<TEvent>()
        where TEvent : struct, allows ref struct;

    /// <summary>Delivers every <typeparamref name="TEvent"/> published on this queue to <paramref name="handler"/>.</summary>
    /// <typeparam name="TEvent">A struct event type.</typeparam>
    /// <param name="handler">Called on the poll thread; an exception is counted against this plugin.</param>
    void Subscribe<TEvent>(IEventSubscriber<TEvent> handler)
        where TEvent : struct, allows ref struct;
}
