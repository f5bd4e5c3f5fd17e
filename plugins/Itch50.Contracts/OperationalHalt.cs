namespace HftHost.Itch50;

/// <summary>
/// Operational Halt ('h', 21 bytes; NASDAQ TotalView-ITCH 5.0 specification): an operational halt (or its end) of a security on one Nasdaq market.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="MarketCode">The market concerned. Offset 19, 1 byte.</param>
/// <param name="OperationalHaltAction">Halted or resumed. Offset 20, 1 byte.</param>
public readonly record struct OperationalHalt(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    MarketCode MarketCode,
    OperationalHaltAction OperationalHaltAction)
{
    /// <summary>The message type byte, 'h'.</summary>
    public const byte Type = (byte)'h';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 21;
}
