namespace HftHost.Itch50;

/// <summary>
/// Direct Listing with Capital Raise Price Discovery Message ('O', 48 bytes; NASDAQ TotalView-ITCH 5.0 specification): price discovery of a direct listing with capital raise (DLCR) before it opens.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="OpenEligibilityStatus">Yes when the security is eligible to open. Offset 19, 1 byte.</param>
/// <param name="MinimumAllowablePrice">Lowest price the cross may occur at, in 1/10,000 (Price(4)). Offset 20, 4 bytes.</param>
/// <param name="MaximumAllowablePrice">Highest price the cross may occur at, in 1/10,000 (Price(4)). Offset 24, 4 bytes.</param>
/// <param name="NearExecutionPrice">Near execution price in 1/10,000 (Price(4)). Offset 28, 4 bytes.</param>
/// <param name="NearExecutionTime">When the near execution price was set (the spec's 8-byte integer, as sent). Offset 32, 8 bytes.</param>
/// <param name="LowerPriceRangeCollar">Lower price range collar in 1/10,000 (Price(4)). Offset 40, 4 bytes.</param>
/// <param name="UpperPriceRangeCollar">Upper price range collar in 1/10,000 (Price(4)). Offset 44, 4 bytes.</param>
public readonly record struct DirectListingCapitalRaise(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    YesNo OpenEligibilityStatus,
    long MinimumAllowablePrice,
    long MaximumAllowablePrice,
    long NearExecutionPrice,
    ulong NearExecutionTime,
    long LowerPriceRangeCollar,
    long UpperPriceRangeCollar)
{
    /// <summary>The message type byte, 'O'.</summary>
    public const byte Type = (byte)'O';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 48;
}
