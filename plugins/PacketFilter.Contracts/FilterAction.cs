namespace HftHost.PacketFilter;

/// <summary>What a rule does with a frame it matches.</summary>
public enum FilterAction
{
    /// <summary>The frame goes on to the decoders.</summary>
    Allow,

    /// <summary>The frame goes no further.</summary>
    Drop,

    /// <summary>The frame goes on; a log line says so (at most one per rule per second).</summary>
    Log,

    /// <summary>The frame goes on; only the rule's counter says so.</summary>
    Count,
}
