namespace HftHost.Itch50;

/// <summary>
/// Trade Message (Non-Cross) ('P', 44 bytes; NASDAQ TotalView-ITCH 5.0 specification): an execution of a non-displayed order; it does not change the displayed book.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">Reference of the non-displayed order; Nasdaq sends 0 (the spec: the field is zero-filled). Offset 11, 8 bytes.</param>
/// <param name="Side">Side of the non-displayed order. Offset 19, 1 byte.</param>
/// <param name="Shares">Shares executed. Offset 20, 4 bytes.</param>
/// <param name="Stock">The security. Offset 24, 8 bytes.</param>
/// <param name="Price">Execution price in 1/10,000 (Price(4): 4 implied decimal places). Offset 32, 4 bytes.</param>
/// <param name="MatchNumber">Match number of the execution. Offset 36, 8 bytes.</param>
public readonly record struct Trade(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber,
    Side Side,
    uint Shares,
    StockSymbol Stock,
    long Price,
    ulong MatchNumber)
{
    /// <summary>The message type byte, 'P'.</summary>
    public const byte Type = (byte)'P';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 44;
}
