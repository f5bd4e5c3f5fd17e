namespace HftHost.Itch50;

/// <summary>
/// The Nasdaq market of an Operational Halt ("Market Code"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum MarketCode : byte
#pragma warning restore CA1028
{
    /// <summary>Nasdaq.</summary>
    Nasdaq = (byte)'Q',

    /// <summary>BX.</summary>
    Bx = (byte)'B',

    /// <summary>PSX.</summary>
    Psx = (byte)'X',
}
