namespace HftHost.Itch50;

/// <summary>
/// Cross Trade Message ('Q', 40 bytes; NASDAQ TotalView-ITCH 5.0 specification): the bulk print of a Nasdaq cross (opening, closing, halt/IPO, intraday).
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Shares">Shares matched in the cross. Offset 11, 8 bytes.</param>
/// <param name="Stock">The security. Offset 19, 8 bytes.</param>
/// <param name="CrossPrice">Cross price in 1/10,000 (Price(4): 4 implied decimal places). Offset 27, 4 bytes.</param>
/// <param name="MatchNumber">Match number of the cross. Offset 31, 8 bytes.</param>
/// <param name="CrossType">Which cross. Offset 39, 1 byte.</param>
public readonly record struct CrossTrade(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong Shares,
    StockSymbol Stock,
    long CrossPrice,
    ulong MatchNumber,
    CrossType CrossType)
{
    /// <summary>The message type byte, 'Q'.</summary>
    public const byte Type = (byte)'Q';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 40;
}
