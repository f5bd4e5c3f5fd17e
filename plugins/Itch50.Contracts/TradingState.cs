namespace HftHost.Itch50;

/// <summary>
/// Trading state of a security (Stock Trading Action, "Trading State"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum TradingState : byte
#pragma warning restore CA1028
{
    /// <summary>Halted across all US equity markets.</summary>
    Halted = (byte)'H',

    /// <summary>Paused across all US equity markets (Nasdaq-listed only).</summary>
    Paused = (byte)'P',

    /// <summary>Quotation only period (cross-SRO halt or pause).</summary>
    QuotationOnly = (byte)'Q',

    /// <summary>Trading on Nasdaq.</summary>
    Trading = (byte)'T',
}
