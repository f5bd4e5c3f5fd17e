namespace HftHost.Itch50;

/// <summary>
/// MWCB Decline Level Message ('V', 35 bytes; NASDAQ TotalView-ITCH 5.0 specification): the three market-wide circuit breaker decline levels for the day (S&amp;P 500 values).
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Level1">Level 1 in 1/100,000,000 (Price(8): 8 implied decimal places). Offset 11, 8 bytes.</param>
/// <param name="Level2">Level 2 in 1/100,000,000 (Price(8): 8 implied decimal places). Offset 19, 8 bytes.</param>
/// <param name="Level3">Level 3 in 1/100,000,000 (Price(8): 8 implied decimal places). Offset 27, 8 bytes.</param>
public readonly record struct MwcbDeclineLevel(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    long Level1,
    long Level2,
    long Level3)
{
    /// <summary>The message type byte, 'V'.</summary>
    public const byte Type = (byte)'V';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 35;
}
