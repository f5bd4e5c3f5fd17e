namespace HftHost.Itch50;

/// <summary>
/// MWCB Status Message ('W', 12 bytes; NASDAQ TotalView-ITCH 5.0 specification): a market-wide circuit breaker level was breached.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="BreachedLevel">The level breached. Offset 11, 1 byte.</param>
public readonly record struct MwcbStatus(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    MwcbLevel BreachedLevel)
{
    /// <summary>The message type byte, 'W'.</summary>
    public const byte Type = (byte)'W';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 12;
}
