namespace HftHost.PacketFilter;

/// <summary>
/// The port-scan rule: one source address that sends to <see cref="Ports"/> distinct
/// destination ports within <see cref="Window"/> fires once per window.
/// </summary>
public sealed record PortScanRule
{
    /// <summary>Distinct destination ports that make a scan (2..1024).</summary>
    public required int Ports { get; init; }

    /// <summary>The window the ports are counted in (frame receive time).</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Log, count, or drop (the source's frames for the rest of the window).</summary>
    public required FilterAction Action { get; init; }

    /// <summary>Record each firing in the audit trail.</summary>
    public bool Audit { get; init; }

    /// <summary>Where the rule is in its file (1-based).</summary>
    public int Line { get; init; }

    /// <summary>Column of the rule's start (1-based).</summary>
    public int Column { get; init; }
}
