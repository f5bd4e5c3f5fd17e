namespace HftHost.Sdk;

/// <summary>
/// Receives events of one type (see <see cref="IPluginRegistry.Subscribe{TEvent}"/>).
/// Threading: called only on the subscribing instance's poll thread.
/// </summary>
/// <typeparam name="TEvent">A struct event type, passed by reference and never boxed; may be a ref struct
/// (an event that carries a span of the frame, valid during the call only).</typeparam>
public interface IEventSubscriber<TEvent>
    where TEvent : struct, allows ref struct
{
    /// <summary>Handles one event; the reference is valid only during the call.</summary>
    /// <param name="evt">The event.</param>
    void OnEvent(in TEvent evt);
}
