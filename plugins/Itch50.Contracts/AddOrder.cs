namespace HftHost.Itch50;

/// <summary>
/// Add Order – No MPID Attribution ('A', 36 bytes; NASDAQ TotalView-ITCH 5.0 specification): a new displayed order accepted onto the book.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="OrderReferenceNumber">Order reference, unique for the day. Offset 11, 8 bytes.</param>
/// <param name="Side">Buy or sell. Offset 19, 1 byte.</param>
/// <param name="Shares">Displayed shares. Offset 20, 4 bytes.</param>
/// <param name="Stock">The security. Offset 24, 8 bytes.</param>
/// <param name="Price">Limit price in 1/10,000 (Price(4): 4 implied decimal places). Offset 32, 4 bytes.</param>
public readonly record struct AddOrder(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong OrderReferenceNumber,
    Side Side,
    uint Shares,
    StockSymbol Stock,
    long Price)
{
    /// <summary>The message type byte, 'A'.</summary>
    public const byte Type = (byte)'A';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 36;
}
