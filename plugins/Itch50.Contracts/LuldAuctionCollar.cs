namespace HftHost.Itch50;

/// <summary>
/// LULD Auction Collar ('J', 35 bytes; NASDAQ TotalView-ITCH 5.0 specification): the auction collar thresholds of a paused security reopening under Limit Up-Limit Down.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="AuctionCollarReferencePrice">Reference price in 1/10,000 (Price(4)). Offset 19, 4 bytes.</param>
/// <param name="UpperAuctionCollarPrice">Upper collar in 1/10,000 (Price(4)). Offset 23, 4 bytes.</param>
/// <param name="LowerAuctionCollarPrice">Lower collar in 1/10,000 (Price(4)). Offset 27, 4 bytes.</param>
/// <param name="AuctionCollarExtension">How many times the halt has been extended. Offset 31, 4 bytes.</param>
public readonly record struct LuldAuctionCollar(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    long AuctionCollarReferencePrice,
    long UpperAuctionCollarPrice,
    long LowerAuctionCollarPrice,
    uint AuctionCollarExtension)
{
    /// <summary>The message type byte, 'J'.</summary>
    public const byte Type = (byte)'J';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 35;
}
