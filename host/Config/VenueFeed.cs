using HftHost.Sdk;
using YamlDotNet.Core;

namespace HftHost.Config;

/// <summary>One feed of a venue: a named feed (multicast group and port) plugins bind to.</summary>
/// <param name="Name">The feed's name, unique across the file (plugins' <c>bind: [{ feed: NAME }]</c>).</param>
/// <param name="Endpoint">Protocol, multicast group and port.</param>
/// <param name="Interface">The interface it arrives on; a live port on another interface is an error. Null = any.</param>
/// <param name="Source">The network the venue publishes from, for the packet filter; null = not given.</param>
internal sealed record VenueFeed(string Name, FeedEndpoint Endpoint, string? Interface, Ipv4Cidr? Source)
{
    /// <summary>Where the feed is defined.</summary>
    internal Mark At { get; init; } = Mark.Empty;

    /// <summary>Where its interface is named.</summary>
    internal Mark InterfaceAt { get; init; } = Mark.Empty;
}
