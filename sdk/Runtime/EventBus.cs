using System.Runtime.Loader;

namespace HftHost.Sdk.Runtime;

/// <summary>
/// The event channels of one queue, by event type. Channels are created when a plugin
/// declares or subscribes to a type (control thread, under a lock) and their subscriber
/// lists are rebuilt by the poll thread when plugins come and go; publishing touches
/// neither the lock nor the dictionary.
/// </summary>
internal sealed class EventBus
{
    private readonly Dictionary<Type, EventChannel> _channels = [];
    private readonly Lock _lock = new();

    public EventChannel<TEvent> Channel<TEvent>()
        where TEvent : struct, allows ref struct
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(typeof(TEvent), out EventChannel? channel))
            {
                channel = new EventChannel<TEvent>();
                _channels.Add(typeof(TEvent), channel);
            }
            return (EventChannel<TEvent>)channel;
        }
    }

    /// <summary>Rebuilds every channel's subscribers from <paramref name="active"/> (poll thread).</summary>
    public void Rebuild(IReadOnlyList<PluginInstance> active)
    {
        lock (_lock)
        {
            foreach (EventChannel channel in _channels.Values)
            {
                channel.Rebuild(active);
            }
        }
    }

    /// <summary>
    /// Drops the channels of event types defined in <paramref name="context"/>, a plugin's
    /// load context being unloaded: only that plugin could use them, and a channel left
    /// behind would keep the context alive.
    /// </summary>
    public void Forget(AssemblyLoadContext context)
    {
        lock (_lock)
        {
            foreach (Type type in _channels.Keys.ToList())
            {
                if (AssemblyLoadContext.GetLoadContext(type.Assembly) == context)
                {
                    _channels.Remove(type);
                }
            }
        }
    }
}
