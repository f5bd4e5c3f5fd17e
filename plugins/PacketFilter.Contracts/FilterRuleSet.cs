namespace HftHost.PacketFilter;

/// <summary>A rules file as read: the ordered rules and the optional port-scan rule.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Rules">In file order; the first that matches a frame decides.</param>
/// <param name="PortScan">The port-scan rule, or null.</param>
public sealed record FilterRuleSet(string Path, IReadOnlyList<FilterRule> Rules, PortScanRule? PortScan);
