namespace HftHost.Itch50;

/// <summary>
/// Stock Trading Action ('H', 25 bytes; NASDAQ TotalView-ITCH 5.0 specification): a trading state change of a security (halted, paused, quotation only, trading).
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="TradingState">The new state. Offset 19, 1 byte.</param>
/// <param name="Reserved">Reserved byte, as sent. Offset 20, 1 byte.</param>
/// <param name="Reason">Trading action reason code (four ASCII characters, space padded). Offset 21, 4 bytes.</param>
public readonly record struct StockTradingAction(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    TradingState TradingState,
    byte Reserved,
    Alpha4 Reason)
{
    /// <summary>The message type byte, 'H'.</summary>
    public const byte Type = (byte)'H';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 25;
}
