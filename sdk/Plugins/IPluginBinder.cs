namespace HftHost.Sdk;

/// <summary>
/// What <see cref="HftPlugin.Bind"/> attaches decoders to traffic through.
/// Threading: use only during <see cref="HftPlugin.Bind"/>, on the thread that called it.
/// </summary>
public interface IPluginBinder
{
    /// <summary>The instance's logger, meter, settings and clock.</summary>
    IPluginContext Context { get; }

    /// <summary>Offers frames sent to <paramref name="endpoint"/> to <paramref name="decoder"/>.</summary>
    /// <param name="decoder">A decoder this plugin registered.</param>
    /// <param name="endpoint">Protocol, destination (multicast group or any) and port.</param>
    void Bind(FrameDecoder decoder, FeedEndpoint endpoint);

    /// <summary>Offers the frames of a feed named in the host's configuration.</summary>
    /// <param name="decoder">A decoder this plugin registered.</param>
    /// <param name="feedName">A feed the host's configuration defines; an unknown name is an error.</param>
    void BindFeed(FrameDecoder decoder, string feedName);

    /// <summary>
    /// Offers every frame that no decoder bound to its destination claimed (any protocol):
    /// for decoders that recognise their traffic by content. Return 0 quickly for others.
    /// </summary>
    /// <param name="decoder">A decoder this plugin registered.</param>
    void BindAll(FrameDecoder decoder);
}
