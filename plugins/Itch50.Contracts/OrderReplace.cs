namespace HftHost.Itch50;

/// <summary>
/// Order Replace Message ('U', 35 bytes; NASDAQ TotalView-ITCH 5.0 specification): an order was replaced: the original leaves the book and the new one, same side and security, takes its place at the back of the queue.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OriginalOrderReferenceNumber">The order replaced. Offset 11, 8 bytes.</param>
/// <param name="NewOrderReferenceNumber">The new order. Offset 19, 8 bytes.</param>
/// <param name="Shares">Displayed shares of the new order. Offset 27, 4 bytes.</param>
/// <param name="Price">Limit price of the new order in 1/10,000 (Price(4): 4 implied decimal places). Offset 31, 4 bytes.</param>
public readonly record struct OrderReplace(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OriginalOrderReferenceNumber,
    ulong NewOrderReferenceNumber,
    uint Shares,
    long Price)
{
    /// <summary>The message type byte, 'U'.</summary>
    public const byte Type = (byte)'U';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 35;
}
