namespace HftPlugin1;

/// <summary>
/// The plugin's section of the host configuration (<c>plugins: HftPlugin1: settings:</c>).
/// Either <see cref="Feed"/>, a feed the host's configuration names, or <see cref="Port"/>
/// (and optionally <see cref="Group"/>).
/// </summary>
public sealed class FeedSettings
{
    /// <summary>A named feed from the host's configuration.</summary>
    public string? Feed { get; set; }

    /// <summary>Multicast group the feed is sent to; null for any destination address.</summary>
    public string? Group { get; set; }

    /// <summary>Destination UDP port; 0 = not set.</summary>
    public int Port { get; set; }
}
