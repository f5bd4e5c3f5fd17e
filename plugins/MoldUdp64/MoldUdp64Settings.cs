namespace HftHost.Plugins.MoldUdp64;

/// <summary>The plugin's settings (its section of the host configuration).</summary>
public sealed class MoldUdp64Settings
{
    /// <summary>
    /// Destinations to bind, "233.54.12.111:26477" or "*:26477". Empty: every frame no other
    /// decoder claimed, recognised by its framing (a MoldUDP64 header whose message blocks
    /// fill the datagram exactly).
    /// </summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>
    /// Packets of a session that may arrive while an earlier one is missing before the
    /// missing range is declared a gap (a late packet inside the window is out of order, not lost).
    /// </summary>
    public int ReorderWindow { get; set; } = 8;

    /// <summary>How long (wall time, while no traffic arrives) messages are held for a missing range.</summary>
    public int HoldMilliseconds { get; set; } = 10;

    /// <summary>Bytes per session for messages held behind a missing range.</summary>
    public int HoldBytes { get; set; } = 1 << 20;

    /// <summary>
    /// The re-request server, "ADDRESS:PORT" (IPv4): missing messages are asked for there and
    /// held messages wait for them; empty = no recovery (a missing range becomes a gap after
    /// the reorder window).
    /// </summary>
    public string RecoveryServer { get; set; } = "";

    /// <summary>First wait for an answer; each retry waits twice as long as the one before.</summary>
    public int RecoveryTimeoutMilliseconds { get; set; } = 20;

    /// <summary>Requests after the first before the range is given up as a gap.</summary>
    public int RecoveryRetries { get; set; } = 3;

    /// <summary>Sessions tracked at most (a packet of one more is counted and dropped).</summary>
    public int MaxSessions { get; set; } = 256;
}
