namespace HftHost.Sdk.Testing;

/// <summary>Hands each event to a test's delegate (a copy: the reference dies with the call).</summary>
internal sealed class ActionSubscriber<TEvent>(Action<TEvent> handler) : IEventSubscriber<TEvent>
    where TEvent : struct
{
    public void OnEvent(in TEvent evt) => handler(evt);
}
