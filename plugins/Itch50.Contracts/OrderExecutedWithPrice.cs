namespace HftHost.Itch50;

/// <summary>
/// Order Executed With Price Message ('C', 36 bytes; NASDAQ TotalView-ITCH 5.0 specification): an order on the book was executed at a price other than its limit price (a cross, say).
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">The order executed. Offset 11, 8 bytes.</param>
/// <param name="ExecutedShares">Shares executed. Offset 19, 4 bytes.</param>
/// <param name="MatchNumber">Match number of the execution. Offset 23, 8 bytes.</param>
/// <param name="Printable">No when the execution must not be counted in volume (it is printed elsewhere). Offset 31, 1 byte.</param>
/// <param name="ExecutionPrice">Execution price in 1/10,000 (Price(4): 4 implied decimal places). Offset 32, 4 bytes.</param>
public readonly record struct OrderExecutedWithPrice(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber,
    uint ExecutedShares,
    ulong MatchNumber,
    YesNo Printable,
    long ExecutionPrice)
{
    /// <summary>The message type byte, 'C'.</summary>
    public const byte Type = (byte)'C';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 36;
}
