namespace HftHost.Sdk;

/// <summary>
/// Decodes the frames bound to it (see <see cref="IPluginBinder"/>). The host offers each
/// frame to the decoders bound to its destination, in binding order, until one claims it
/// by returning the number of payload bytes it consumed; 0 means "not mine" and the next
/// decoder is asked. A decoder publishes what it decodes as struct events through an
/// <see cref="EventPublisher{TEvent}"/>.
/// An exception is counted against the plugin (the next decoder is asked); after the
/// host's fault limit the plugin is quarantined.
/// Threading: <see cref="Decode"/> runs only on the owning instance's poll thread.
/// </summary>
public abstract class FrameDecoder
{
    /// <summary>Creates a decoder with a name unique within its plugin (used in bindings and reports).</summary>
    /// <param name="name">For example "moldudp64".</param>
    protected FrameDecoder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The decoder's name, unique within its plugin.</summary>
    public string Name { get; }

    /// <summary>
    /// Decodes one frame. Must not allocate, block or keep the view (its bytes are reused
    /// as soon as the call returns).
    /// </summary>
    /// <param name="frame">The parsed frame; <see cref="FrameView.Payload"/> is the UDP/TCP payload.</param>
    /// <returns>Payload bytes consumed (at least 1 for an empty payload it takes); 0 = not mine.</returns>
    public abstract int Decode(in FrameView frame);
}
