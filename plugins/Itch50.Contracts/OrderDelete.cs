namespace HftHost.Itch50;

/// <summary>
/// Order Delete Message ('D', 19 bytes; NASDAQ TotalView-ITCH 5.0 specification): an order was cancelled in full and leaves the book.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">The order deleted. Offset 11, 8 bytes.</param>
public readonly record struct OrderDelete(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber)
{
    /// <summary>The message type byte, 'D'.</summary>
    public const byte Type = (byte)'D';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 19;
}
