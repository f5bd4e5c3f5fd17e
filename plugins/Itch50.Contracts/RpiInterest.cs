namespace HftHost.Itch50;

/// <summary>
/// Retail price improvement interest (Retail Price Improvement Indicator, "Interest Flag"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum RpiInterest : byte
#pragma warning restore CA1028
{
    /// <summary>RPI orders available on the buy side.</summary>
    Buy = (byte)'B',

    /// <summary>RPI orders available on the sell side.</summary>
    Sell = (byte)'S',

    /// <summary>RPI orders available on both sides.</summary>
    BothSides = (byte)'A',

    /// <summary>No RPI orders available.</summary>
    NoInterest = (byte)'N',
}
