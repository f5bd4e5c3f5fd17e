namespace HftHost.Itch50;

/// <summary>
/// IPO Quoting Period Update ('K', 28 bytes; NASDAQ TotalView-ITCH 5.0 specification): the anticipated release time of an IPO security for quotation, or its cancellation.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="IpoQuotationReleaseTime">Anticipated release time, seconds since midnight. Offset 19, 4 bytes.</param>
/// <param name="IpoQuotationReleaseQualifier">Anticipated, or canceled/postponed. Offset 23, 1 byte.</param>
/// <param name="IpoPrice">IPO price in 1/10,000 (Price(4): 4 implied decimal places). Offset 24, 4 bytes.</param>
public readonly record struct IpoQuotingPeriodUpdate(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    uint IpoQuotationReleaseTime,
    IpoReleaseQualifier IpoQuotationReleaseQualifier,
    long IpoPrice)
{
    /// <summary>The message type byte, 'K'.</summary>
    public const byte Type = (byte)'K';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 28;
}
