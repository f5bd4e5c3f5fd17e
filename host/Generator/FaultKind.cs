namespace HftHost.Generator;

/// <summary>What was done to a packet on its way into the capture.</summary>
internal enum FaultKind
{
    /// <summary>The packet was never sent: its messages are missing from the capture.</summary>
    Gap,

    /// <summary>The packet was sent, then sent again a few frames later.</summary>
    Duplicate,

    /// <summary>The packet was held back and sent right after the session's next packet.</summary>
    Reorder,
}
