using HftHost.Itch50;

namespace HftHost.Tests.MarketData;

/// <summary>
/// One message of every ITCH 5.0 type with every field set, most to the top of its range (a
/// field cut short or read at the wrong offset shows as a different value), and a writer that
/// takes any of them.
/// </summary>
internal static class ItchSamples
{
    public static IReadOnlyList<object> All { get; } =
    [
        new SystemEvent(65535, 1, ItchWriter.MaxTimestamp - 0, SystemEventCode.EndOfMessages),
        new StockDirectory(65534, 2, ItchWriter.MaxTimestamp - 1, StockSymbol.FromText("ZVZZT"), MarketCategory.NasdaqCapitalMarket, FinancialStatus.DeficientDelinquentAndBankrupt, 4000000003u, YesNo.No, IssueClassification.Warrant, 0x5A20, Authenticity.Test, YesNo.NotAvailable, YesNo.Yes, LuldReferencePriceTier.Tier2, YesNo.NotAvailable, 4000000012u, YesNo.No),
        new StockTradingAction(65533, 3, ItchWriter.MaxTimestamp - 2, StockSymbol.FromText("ZVZZT"), TradingState.QuotationOnly, (byte)'L', Alpha4.FromText("NSDQ")),
        new RegShoRestriction(65532, 4, ItchWriter.MaxTimestamp - 3, StockSymbol.FromText("ZVZZT"), RegShoAction.RestrictionRemainsInEffect),
        new MarketParticipantPosition(65531, 5, ItchWriter.MaxTimestamp - 4, Alpha4.FromText("NSDQ"), StockSymbol.FromText("ZVZZT"), YesNo.NotAvailable, MarketMakerMode.Penalty, MarketParticipantState.Suspended),
        new MwcbDeclineLevel(65530, 6, ItchWriter.MaxTimestamp - 5, 9_223_372_036_854_775_807L - 0, 9_223_372_036_854_775_807L - 1, 9_223_372_036_854_775_807L - 2),
        new MwcbStatus(65529, 7, ItchWriter.MaxTimestamp - 6, MwcbLevel.Level3),
        new IpoQuotingPeriodUpdate(65528, 8, ItchWriter.MaxTimestamp - 7, StockSymbol.FromText("ZVZZT"), 4000000001u, IpoReleaseQualifier.CanceledOrPostponed, 4_294_967_295L - 3),
        new LuldAuctionCollar(65527, 9, ItchWriter.MaxTimestamp - 8, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 1, 4_294_967_295L - 2, 4_294_967_295L - 3, 4000000004u),
        new OperationalHalt(65526, 10, ItchWriter.MaxTimestamp - 9, StockSymbol.FromText("ZVZZT"), MarketCode.Psx, OperationalHaltAction.Resumed),
        new AddOrder(65525, 11, ItchWriter.MaxTimestamp - 10, 0xFEDC_BA98_7654_3210UL + 0, Side.Sell, 4000000002u, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 4),
        new AddOrderMpid(65524, 12, ItchWriter.MaxTimestamp - 11, 0xFEDC_BA98_7654_3210UL + 0, Side.Sell, 4000000002u, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 4, Alpha4.FromText("NSDQ")),
        new OrderExecuted(65523, 13, ItchWriter.MaxTimestamp - 12, 0xFEDC_BA98_7654_3210UL + 0, 4000000001u, 0xFEDC_BA98_7654_3210UL + 2),
        new OrderExecutedWithPrice(65522, 14, ItchWriter.MaxTimestamp - 13, 0xFEDC_BA98_7654_3210UL + 0, 4000000001u, 0xFEDC_BA98_7654_3210UL + 2, YesNo.Yes, 4_294_967_295L - 4),
        new OrderCancel(65521, 15, ItchWriter.MaxTimestamp - 14, 0xFEDC_BA98_7654_3210UL + 0, 4000000001u),
        new OrderDelete(65520, 16, ItchWriter.MaxTimestamp - 15, 0xFEDC_BA98_7654_3210UL + 0),
        new OrderReplace(65519, 17, ItchWriter.MaxTimestamp - 16, 0xFEDC_BA98_7654_3210UL + 0, 0xFEDC_BA98_7654_3210UL + 1, 4000000002u, 4_294_967_295L - 3),
        new Trade(65518, 18, ItchWriter.MaxTimestamp - 17, 0xFEDC_BA98_7654_3210UL + 0, Side.Sell, 4000000002u, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 4, 0xFEDC_BA98_7654_3210UL + 5),
        new CrossTrade(65517, 19, ItchWriter.MaxTimestamp - 18, 0xFEDC_BA98_7654_3210UL + 0, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 2, 0xFEDC_BA98_7654_3210UL + 3, CrossType.HaltOrIpo),
        new BrokenTrade(65516, 20, ItchWriter.MaxTimestamp - 19, 0xFEDC_BA98_7654_3210UL + 0),
        new Noii(65515, 21, ItchWriter.MaxTimestamp - 20, 0xFEDC_BA98_7654_3210UL + 0, 0xFEDC_BA98_7654_3210UL + 1, ImbalanceDirection.InsufficientOrders, StockSymbol.FromText("ZVZZT"), 4_294_967_295L - 4, 4_294_967_295L - 5, 4_294_967_295L - 6, CrossType.HaltOrIpo, (byte)'L'),
        new RetailPriceImprovement(65514, 22, ItchWriter.MaxTimestamp - 21, StockSymbol.FromText("ZVZZT"), RpiInterest.BothSides),
        new DirectListingCapitalRaise(65513, 23, ItchWriter.MaxTimestamp - 22, StockSymbol.FromText("ZVZZT"), YesNo.No, 4_294_967_295L - 2, 4_294_967_295L - 3, 4_294_967_295L - 4, 0xFEDC_BA98_7654_3210UL + 5, 4_294_967_295L - 6, 4_294_967_295L - 7),
    ];

    public static int Write(Span<byte> destination, object message) => message switch
    {
        SystemEvent m => ItchWriter.Write(destination, m),
        StockDirectory m => ItchWriter.Write(destination, m),
        StockTradingAction m => ItchWriter.Write(destination, m),
        RegShoRestriction m => ItchWriter.Write(destination, m),
        MarketParticipantPosition m => ItchWriter.Write(destination, m),
        MwcbDeclineLevel m => ItchWriter.Write(destination, m),
        MwcbStatus m => ItchWriter.Write(destination, m),
        IpoQuotingPeriodUpdate m => ItchWriter.Write(destination, m),
        LuldAuctionCollar m => ItchWriter.Write(destination, m),
        OperationalHalt m => ItchWriter.Write(destination, m),
        AddOrder m => ItchWriter.Write(destination, m),
        AddOrderMpid m => ItchWriter.Write(destination, m),
        OrderExecuted m => ItchWriter.Write(destination, m),
        OrderExecutedWithPrice m => ItchWriter.Write(destination, m),
        OrderCancel m => ItchWriter.Write(destination, m),
        OrderDelete m => ItchWriter.Write(destination, m),
        OrderReplace m => ItchWriter.Write(destination, m),
        Trade m => ItchWriter.Write(destination, m),
        CrossTrade m => ItchWriter.Write(destination, m),
        BrokenTrade m => ItchWriter.Write(destination, m),
        Noii m => ItchWriter.Write(destination, m),
        RetailPriceImprovement m => ItchWriter.Write(destination, m),
        DirectListingCapitalRaise m => ItchWriter.Write(destination, m),
        _ => throw new ArgumentException($"not an ITCH message: {message}", nameof(message)),
    };
}
