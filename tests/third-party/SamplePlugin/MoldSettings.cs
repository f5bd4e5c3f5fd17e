namespace SamplePlugin;

/// <summary>
/// The plugin's settings section in the host configuration. With <see cref="Feed"/> set the
/// decoder binds to that named feed; otherwise to UDP <see cref="Group"/>:<see cref="Port"/>.
/// </summary>
public sealed class MoldSettings
{
    /// <summary>A feed named in the host's configuration, or null.</summary>
    public string? Feed { get; set; }

    /// <summary>Multicast group, or null for any destination address.</summary>
    public string? Group { get; set; }

    /// <summary>Destination UDP port (the bundled NASDAQ capture uses 26477).</summary>
    public int Port { get; set; } = 26477;
}
