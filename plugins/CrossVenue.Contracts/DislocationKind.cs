namespace HftHost.CrossVenue;

/// <summary>How the consolidated market of a symbol is dislocated.</summary>
public enum DislocationKind
{
    /// <summary>A venue's best bid is above another venue's best offer: buying there and selling here gains the difference.</summary>
    Crossed,

    /// <summary>A venue's best bid equals another venue's best offer: no gain before fees, but a sign of a stale or slow quote.</summary>
    Locked,
}
