namespace HftHost.Itch50;

/// <summary>
/// The ITCH 5.0 message types and their lengths (NASDAQ TotalView-ITCH 5.0 specification).
/// Threading: stateless; safe from any thread.
/// </summary>
public static class ItchMessageTypes
{
    /// <summary>The 23 message types, in the order of the spec.</summary>
    public static ReadOnlySpan<ItchMessageType> All => [ItchMessageType.SystemEvent, ItchMessageType.StockDirectory, ItchMessageType.StockTradingAction, ItchMessageType.RegShoRestriction, ItchMessageType.MarketParticipantPosition, ItchMessageType.MwcbDeclineLevel, ItchMessageType.MwcbStatus, ItchMessageType.IpoQuotingPeriodUpdate, ItchMessageType.LuldAuctionCollar, ItchMessageType.OperationalHalt, ItchMessageType.AddOrder, ItchMessageType.AddOrderMpid, ItchMessageType.OrderExecuted, ItchMessageType.OrderExecutedWithPrice, ItchMessageType.OrderCancel, ItchMessageType.OrderDelete, ItchMessageType.OrderReplace, ItchMessageType.Trade, ItchMessageType.CrossTrade, ItchMessageType.BrokenTrade, ItchMessageType.Noii, ItchMessageType.RetailPriceImprovement, ItchMessageType.DirectListingCapitalRaise];

    /// <summary>The types an order book applies, which <see cref="ItchParser.ParseOrderFlow"/> decodes: the directory and the order messages.</summary>
    public static ReadOnlySpan<ItchMessageType> OrderFlow => [ItchMessageType.StockDirectory, ItchMessageType.AddOrder, ItchMessageType.AddOrderMpid, ItchMessageType.OrderExecuted, ItchMessageType.OrderExecutedWithPrice, ItchMessageType.OrderCancel, ItchMessageType.OrderDelete, ItchMessageType.OrderReplace];

    /// <summary>Length on the wire of a message of type <paramref name="type"/>, type byte included; 0 for a type the spec does not define.</summary>
    /// <param name="type">The type byte.</param>
    public static int LengthOf(byte type) => type switch
        {
            SystemEvent.Type => SystemEvent.Length,
            StockDirectory.Type => StockDirectory.Length,
            StockTradingAction.Type => StockTradingAction.Length,
            RegShoRestriction.Type => RegShoRestriction.Length,
            MarketParticipantPosition.Type => MarketParticipantPosition.Length,
            MwcbDeclineLevel.Type => MwcbDeclineLevel.Length,
            MwcbStatus.Type => MwcbStatus.Length,
            IpoQuotingPeriodUpdate.Type => IpoQuotingPeriodUpdate.Length,
            LuldAuctionCollar.Type => LuldAuctionCollar.Length,
            OperationalHalt.Type => OperationalHalt.Length,
            AddOrder.Type => AddOrder.Length,
            AddOrderMpid.Type => AddOrderMpid.Length,
            OrderExecuted.Type => OrderExecuted.Length,
            OrderExecutedWithPrice.Type => OrderExecutedWithPrice.Length,
            OrderCancel.Type => OrderCancel.Length,
            OrderDelete.Type => OrderDelete.Length,
            OrderReplace.Type => OrderReplace.Length,
            Trade.Type => Trade.Length,
            CrossTrade.Type => CrossTrade.Length,
            BrokenTrade.Type => BrokenTrade.Length,
            Noii.Type => Noii.Length,
            RetailPriceImprovement.Type => RetailPriceImprovement.Length,
            DirectListingCapitalRaise.Type => DirectListingCapitalRaise.Length,
            _ => 0,
        };

    /// <summary>Length on the wire of a message of type <paramref name="type"/>, type byte included.</summary>
    /// <param name="type">A message type.</param>
    public static int LengthOf(ItchMessageType type) => LengthOf((byte)type);
}
