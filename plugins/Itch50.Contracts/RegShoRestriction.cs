namespace HftHost.Itch50;

/// <summary>
/// Reg SHO Short Sale Price Test Restricted Indicator ('Y', 20 bytes; NASDAQ TotalView-ITCH 5.0 specification): the Reg SHO short sale price test restriction state of a security.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="RegShoAction">Restriction state. Offset 19, 1 byte.</param>
public readonly record struct RegShoRestriction(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    RegShoAction RegShoAction)
{
    /// <summary>The message type byte, 'Y'.</summary>
    public const byte Type = (byte)'Y';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 20;
}
