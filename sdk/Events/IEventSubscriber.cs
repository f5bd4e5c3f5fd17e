namespace HftHost.Sdk;

/// <summary>
/// Receives events of one type (see <see cref="IPluginRegistry.Subscribe{TEvent}"/>).
/// Threading: called only on the subscribing instance's poll thread.
/// </summary>
/// <typeparam name="TEvent">A struct event type, passed by reference and never boxed.</typeparam>
public interface IEventSubscriber<TEvent>
    where TEvent : struct
{
    /// <summary>Handles one event; the reference is valid only during the call.</summary>
    /// <param name="evt">The event.</param>
    void OnEvent(in TEvent evt);
}
