namespace HftHost.Itch50;

/// <summary>
/// Reg SHO short sale price test state (Reg SHO Restriction, "Reg SHO Action"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum RegShoAction : byte
#pragma warning restore CA1028
{
    /// <summary>No price test in place.</summary>
    NoPriceTest = (byte)'0',

    /// <summary>Restriction in effect due to an intraday price drop.</summary>
    RestrictionInEffect = (byte)'1',

    /// <summary>Restriction remains in effect.</summary>
    RestrictionRemainsInEffect = (byte)'2',
}
