namespace HftHost.Itch50;

/// <summary>
/// Net Order Imbalance Indicator (NOII) Message ('I', 50 bytes; NASDAQ TotalView-ITCH 5.0 specification): indicative price and imbalance in the minutes before a cross.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="PairedShares">Shares paired at the current reference price. Offset 11, 8 bytes.</param>
/// <param name="ImbalanceShares">Shares not paired at the current reference price. Offset 19, 8 bytes.</param>
/// <param name="ImbalanceDirection">Side of the imbalance. Offset 27, 1 byte.</param>
/// <param name="Stock">The security. Offset 28, 8 bytes.</param>
/// <param name="FarPrice">Far (cross-only) price in 1/10,000 (Price(4)). Offset 36, 4 bytes.</param>
/// <param name="NearPrice">Near (cross and continuous book) price in 1/10,000 (Price(4)). Offset 40, 4 bytes.</param>
/// <param name="CurrentReferencePrice">Current reference price in 1/10,000 (Price(4)). Offset 44, 4 bytes.</param>
/// <param name="CrossType">Which cross. Offset 48, 1 byte.</param>
/// <param name="PriceVariationIndicator">Deviation of the near price from the reference, as sent: 'L' under 1%, '1'..'9' 1-9.99%, 'A' 10-19.99%, 'B' 20-29.99%, 'C' 30% or more, ' ' not calculable. Offset 49, 1 byte.</param>
public readonly record struct Noii(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong PairedShares,
    ulong ImbalanceShares,
    ImbalanceDirection ImbalanceDirection,
    StockSymbol Stock,
    long FarPrice,
    long NearPrice,
    long CurrentReferencePrice,
    CrossType CrossType,
    byte PriceVariationIndicator)
{
    /// <summary>The message type byte, 'I'.</summary>
    public const byte Type = (byte)'I';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 50;
}
