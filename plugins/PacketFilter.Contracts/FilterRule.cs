namespace HftHost.PacketFilter;

/// <summary>
/// One rule of a rules file: the frames it matches (every given field must match) and what
/// is done with them. Rules are tried in file order; the first that matches decides.
/// </summary>
public sealed record FilterRule
{
    /// <summary>Unique within the file; names the rule's counter.</summary>
    public required string Name { get; init; }

    /// <summary>What is done with a matching frame.</summary>
    public required FilterAction Action { get; init; }

    /// <summary>IPv4 protocol number (17 UDP, 6 TCP), or null for any frame.</summary>
    public int? Protocol { get; init; }

    /// <summary>Source address block.</summary>
    public AddressMatch Source { get; init; }

    /// <summary>Destination address block.</summary>
    public AddressMatch Destination { get; init; }

    /// <summary>Source ports.</summary>
    public PortRange SourcePorts { get; init; } = PortRange.Any;

    /// <summary>Destination ports.</summary>
    public PortRange DestinationPorts { get; init; } = PortRange.Any;

    /// <summary>Outer VLAN id (0 = untagged), or null for any.</summary>
    public int? Vlan { get; init; }

    /// <summary>Record each match in the audit trail.</summary>
    public bool Audit { get; init; }

    /// <summary>Where the rule starts in its file (1-based), for messages.</summary>
    public int Line { get; init; }

    /// <summary>Column of the rule's start (1-based).</summary>
    public int Column { get; init; }

    /// <summary>True when the rule matches a frame with these fields.</summary>
    public bool Matches(int protocol, uint source, uint destination, int sourcePort, int destinationPort, int vlan) =>
        (Protocol is null || Protocol == protocol) && Source.Matches(source) && Destination.Matches(destination)
        && SourcePorts.Matches(sourcePort) && DestinationPorts.Matches(destinationPort) && (Vlan is null || Vlan == vlan);
}
