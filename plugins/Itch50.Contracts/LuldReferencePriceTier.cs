namespace HftHost.Itch50;

/// <summary>
/// Limit Up-Limit Down price band tier (Stock Directory, "LULD Reference Price Tier"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum LuldReferencePriceTier : byte
#pragma warning restore CA1028
{
    /// <summary>Tier 1 NMS stocks and select ETPs.</summary>
    Tier1 = (byte)'1',

    /// <summary>Tier 2 NMS stocks.</summary>
    Tier2 = (byte)'2',

    /// <summary>Not available.</summary>
    NotAvailable = (byte)' ',
}
