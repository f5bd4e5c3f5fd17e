namespace HftHost.Itch50;

/// <summary>
/// Market Participant Position ('L', 26 bytes; NASDAQ TotalView-ITCH 5.0 specification): the status of a market participant (MPID) in a security.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Mpid">Market participant identifier. Offset 11, 4 bytes.</param>
/// <param name="Stock">The security. Offset 15, 8 bytes.</param>
/// <param name="PrimaryMarketMaker">Yes when the participant is a primary market maker. Offset 23, 1 byte.</param>
/// <param name="MarketMakerMode">Quoting mode. Offset 24, 1 byte.</param>
/// <param name="MarketParticipantState">Registration state. Offset 25, 1 byte.</param>
public readonly record struct MarketParticipantPosition(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    Alpha4 Mpid,
    StockSymbol Stock,
    YesNo PrimaryMarketMaker,
    MarketMakerMode MarketMakerMode,
    MarketParticipantState MarketParticipantState)
{
    /// <summary>The message type byte, 'L'.</summary>
    public const byte Type = (byte)'L';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 26;
}
