namespace HftHost.Itch50;

/// <summary>
/// Order Executed Message ('E', 31 bytes; NASDAQ TotalView-ITCH 5.0 specification): an order on the book was executed in whole or in part, at its limit price.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">The order executed. Offset 11, 8 bytes.</param>
/// <param name="ExecutedShares">Shares executed. Offset 19, 4 bytes.</param>
/// <param name="MatchNumber">Match number of the execution (the key of a Broken Trade). Offset 23, 8 bytes.</param>
public readonly record struct OrderExecuted(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber,
    uint ExecutedShares,
    ulong MatchNumber)
{
    /// <summary>The message type byte, 'E'.</summary>
    public const byte Type = (byte)'E';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 31;
}
