namespace HftHost.Sdk;

/// <summary>
/// The entry type of a plugin. The host creates one instance per receive queue (each
/// instance is only ever called on that queue's poll thread, so a plugin needs no locks),
/// calls <see cref="Register"/>, then <see cref="Bind"/>, then delivers frames to its
/// decoders and events to its handlers. On a hot reload the old instance's
/// <see cref="ExportState"/> and the new instance's <see cref="ImportState"/> run back to
/// back on the poll thread, between two bursts, so no frame falls between them.
/// Threading: <see cref="Register"/> and <see cref="Bind"/> run on a control thread before
/// the instance receives anything; every other member runs on the instance's poll thread,
/// except <see cref="Dispose()"/>, which runs on a control thread after the last call.
/// </summary>
public abstract class HftPlugin : IDisposable
{
    /// <summary>
    /// Declares what the plugin provides: decoders (<see cref="IPluginRegistry.AddDecoder"/>),
    /// the event types it publishes, the events it handles, and reads its settings and
    /// creates its metrics from <see cref="IPluginRegistry.Context"/>. Nothing receives
    /// traffic yet.
    /// </summary>
    /// <param name="registry">Valid only during this call.</param>
    public abstract void Register(IPluginRegistry registry);

    /// <summary>
    /// Attaches the registered decoders to traffic: a UDP/TCP destination (multicast group
    /// and port), a named feed from the host's configuration, or every frame. Bindings from
    /// the host's configuration for this plugin are added after this call. The default
    /// binds nothing.
    /// </summary>
    /// <param name="binder">Valid only during this call.</param>
    public virtual void Bind(IPluginBinder binder)
    {
    }

    /// <summary>
    /// Called on the poll thread when no frame is waiting (at most once per millisecond) and
    /// once with <paramref name="drained"/> true when the source has ended: for work that
    /// must happen without traffic (a holding window that expires, a feed gone stale).
    /// The default does nothing. An exception counts as a fault of the plugin.
    /// </summary>
    /// <param name="drained">True when no frame will come any more (a replay ended, the port stopped).</param>
    public virtual void OnIdle(bool drained)
    {
    }

    /// <summary>
    /// Answers a request from an operator or a command (<c>hfthost plugins query NAME ...</c>,
    /// <c>hfthost book</c>): for example a book or a session's figures, as text or JSON.
    /// Called on the poll thread between bursts (or after the source ended), so it may read
    /// the plugin's state without locks; the poll thread waits meanwhile, so keep it short.
    /// The default understands nothing.
    /// </summary>
    /// <param name="request">The request words as the operator gave them.</param>
    /// <returns>The answer, or null when the request is not one this plugin understands.</returns>
    public virtual string? Query(string request) => null;

    /// <summary>
    /// Writes the state a newer version of this plugin should continue from (books,
    /// sequence numbers, counters). Called on the poll thread of the old instance just
    /// before the new one takes over; write only SDK or framework types (the bytes cross to
    /// a different load context). The default writes nothing.
    /// </summary>
    /// <param name="destination">Positioned at the start; the host keeps it in memory.</param>
    public virtual void ExportState(Stream destination)
    {
    }

    /// <summary>
    /// Reads what <see cref="ExportState"/> of the previous version wrote. Called on the poll
    /// thread, after <see cref="Register"/> and <see cref="Bind"/>, before the first frame.
    /// An exception keeps the old version running and is reported. The default ignores the state.
    /// </summary>
    /// <param name="source">What the previous version wrote, from the start; empty if it wrote nothing.</param>
    public virtual void ImportState(Stream source)
    {
    }

    /// <summary>Releases what the plugin holds (files, sockets); no frame arrives after it. Runs once.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release resources; <paramref name="disposing"/> is true when called from <see cref="Dispose()"/>.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
