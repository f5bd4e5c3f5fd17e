using YamlDotNet.Core;

namespace HftHost.Config;

/// <summary>
/// One venue of the config file: what it is called, the MoldUDP64 session it publishes, the
/// plugin that decodes its feeds, its wire-latency target and its feeds.
/// </summary>
/// <param name="Name">The venue's name, as reports show it next to its session.</param>
/// <param name="Session">The MoldUDP64 session text (up to 10 ASCII characters, no trailing spaces).</param>
/// <param name="Protocol">The plugin whose decoder is bound to every feed of the venue (e.g. MoldUdp64).</param>
/// <param name="Decoder">That plugin's decoder by name; null = its only decoder.</param>
/// <param name="LatencyTargetMicroseconds">Wire-latency target for the Latency plugin; null = none.</param>
/// <param name="Feeds">The venue's feeds, each a named feed plugins can bind to.</param>
internal sealed record VenueSettings(
    string Name, string Session, string Protocol, string? Decoder, double? LatencyTargetMicroseconds, IReadOnlyList<VenueFeed> Feeds)
{
    /// <summary>Where the venue's entry starts in the file (for errors found after parsing).</summary>
    internal Mark At { get; init; } = Mark.Empty;

    /// <summary>Where the protocol plugin is named.</summary>
    internal Mark ProtocolAt { get; init; } = Mark.Empty;

    /// <summary>Where the latency target is set.</summary>
    internal Mark LatencyTargetAt { get; init; } = Mark.Empty;
}
