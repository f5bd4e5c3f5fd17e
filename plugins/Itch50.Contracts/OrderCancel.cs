namespace HftHost.Itch50;

/// <summary>
/// Order Cancel Message ('X', 23 bytes; NASDAQ TotalView-ITCH 5.0 specification): part of an order was cancelled; the rest stays on the book.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">The order reduced. Offset 11, 8 bytes.</param>
/// <param name="CancelledShares">Shares removed. Offset 19, 4 bytes.</param>
public readonly record struct OrderCancel(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber,
    uint CancelledShares)
{
    /// <summary>The message type byte, 'X'.</summary>
    public const byte Type = (byte)'X';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 23;
}
