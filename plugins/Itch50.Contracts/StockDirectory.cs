namespace HftHost.Itch50;

/// <summary>
/// Stock Directory ('R', 39 bytes; NASDAQ TotalView-ITCH 5.0 specification): describes a security at the start of the day (or when it is added intraday); its stock locate is the key the other messages use.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="Stock">The security. Offset 11, 8 bytes.</param>
/// <param name="MarketCategory">Listing market. Offset 19, 1 byte.</param>
/// <param name="FinancialStatusIndicator">Financial status of a Nasdaq-listed issue (NotAvailable for others). Offset 20, 1 byte.</param>
/// <param name="RoundLotSize">Shares in a round lot. Offset 21, 4 bytes.</param>
/// <param name="RoundLotsOnly">Yes when only round lots are accepted. Offset 25, 1 byte.</param>
/// <param name="IssueClassification">Security class. Offset 26, 1 byte.</param>
/// <param name="IssueSubType">Issue sub-type: two ASCII characters, the first in the high byte (the spec lists the codes). Offset 27, 2 bytes.</param>
/// <param name="Authenticity">Production (live) or test security. Offset 29, 1 byte.</param>
/// <param name="ShortSaleThresholdIndicator">Reg SHO short sale threshold list (Yes/No/NotAvailable). Offset 30, 1 byte.</param>
/// <param name="IpoFlag">Yes for a new IPO security (Yes/No/NotAvailable). Offset 31, 1 byte.</param>
/// <param name="LuldReferencePriceTier">Limit Up-Limit Down price band tier. Offset 32, 1 byte.</param>
/// <param name="EtpFlag">Yes for an exchange traded product (Yes/No/NotAvailable). Offset 33, 1 byte.</param>
/// <param name="EtpLeverageFactor">Leverage factor of an ETP (integer as sent). Offset 34, 4 bytes.</param>
/// <param name="InverseIndicator">Yes for an inverse ETP. Offset 38, 1 byte.</param>
public readonly record struct StockDirectory(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    StockSymbol Stock,
    MarketCategory MarketCategory,
    FinancialStatus FinancialStatusIndicator,
    uint RoundLotSize,
    YesNo RoundLotsOnly,
    IssueClassification IssueClassification,
    ushort IssueSubType,
    Authenticity Authenticity,
    YesNo ShortSaleThresholdIndicator,
    YesNo IpoFlag,
    LuldReferencePriceTier LuldReferencePriceTier,
    YesNo EtpFlag,
    uint EtpLeverageFactor,
    YesNo InverseIndicator)
{
    /// <summary>The message type byte, 'R'.</summary>
    public const byte Type = (byte)'R';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 39;
}
