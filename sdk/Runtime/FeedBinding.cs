namespace HftHost.Sdk.Runtime;

/// <summary>
/// A decoder attached to traffic: to one endpoint, or (<see cref="Endpoint"/> null) to
/// every frame no endpoint-bound decoder claimed.
/// </summary>
internal sealed record FeedBinding(DecoderRegistration Decoder, FeedEndpoint? Endpoint, string? FeedName)
{
    public override string ToString() =>
        $"{Decoder.Decoder.Name} <- {(Endpoint is { } e ? e.ToString() : "all frames")}{(FeedName is null ? "" : $" (feed {FeedName})")}";
}

/// <summary>
/// A binding the host's configuration adds to a plugin: a decoder (by name; null = the
/// plugin's only decoder) and an endpoint or a feed name.
/// </summary>
internal sealed record ConfiguredBinding(string? DecoderName, FeedEndpoint? Endpoint, string? FeedName);
