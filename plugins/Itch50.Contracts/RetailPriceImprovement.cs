namespace HftHost.Itch50;

/// <summary>
/// Retail Price Improvement Indicator (RPII) ('N', 20 bytes; NASDAQ TotalView-ITCH 5.0 specification): whether retail price improvement interest exists in a security, and on which side.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="InterestFlag">Side(s) with retail interest. Offset 19, 1 byte.</param>
public readonly record struct RetailPriceImprovement(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    RpiInterest InterestFlag)
{
    /// <summary>The message type byte, 'N'.</summary>
    public const byte Type = (byte)'N';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 20;
}
