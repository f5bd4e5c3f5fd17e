namespace HftHost.Generator;

/// <summary>What an injected cross-venue dislocation is.</summary>
internal enum CrossKind
{
    /// <summary>One venue's bid above another's offer.</summary>
    Crossed,

    /// <summary>One venue's bid equal to another's offer.</summary>
    Locked,
}
