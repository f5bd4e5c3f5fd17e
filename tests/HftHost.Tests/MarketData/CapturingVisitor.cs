using HftHost.Itch50;

namespace HftHost.Tests.MarketData;

/// <summary>
/// A test visitor: counts the messages of each type, keeps the first and last timestamp and
/// (boxed: tests may allocate, unless they measure it) the last message.
/// </summary>
internal struct CapturingVisitor : IItchVisitor
{
    public CapturingVisitor()
    {
    }

    public long[] Counts { get; } = new long[256];

    public long Messages { get; private set; }

    public long FirstTimestamp { get; private set; } = -1;

    public long LastTimestamp { get; private set; } = -1;

    public object? Last { get; private set; }

    /// <summary>Box each message into <see cref="Last"/> (off for allocation measurements).</summary>
    public bool Keep { get; init; } = true;

    public void On(in SystemEvent message) => Seen(message, SystemEvent.Type, message.Timestamp);

    public void On(in StockDirectory message) => Seen(message, StockDirectory.Type, message.Timestamp);

    public void On(in StockTradingAction message) => Seen(message, StockTradingAction.Type, message.Timestamp);

    public void On(in RegShoRestriction message) => Seen(message, RegShoRestriction.Type, message.Timestamp);

    public void On(in MarketParticipantPosition message) => Seen(message, MarketParticipantPosition.Type, message.Timestamp);

    public void On(in MwcbDeclineLevel message) => Seen(message, MwcbDeclineLevel.Type, message.Timestamp);

    public void On(in MwcbStatus message) => Seen(message, MwcbStatus.Type, message.Timestamp);

    public void On(in IpoQuotingPeriodUpdate message) => Seen(message, IpoQuotingPeriodUpdate.Type, message.Timestamp);

    public void On(in LuldAuctionCollar message) => Seen(message, LuldAuctionCollar.Type, message.Timestamp);

    public void On(in OperationalHalt message) => Seen(message, OperationalHalt.Type, message.Timestamp);

    public void On(in AddOrder message) => Seen(message, AddOrder.Type, message.Timestamp);

    public void On(in AddOrderMpid message) => Seen(message, AddOrderMpid.Type, message.Timestamp);

    public void On(in OrderExecuted message) => Seen(message, OrderExecuted.Type, message.Timestamp);

    public void On(in OrderExecutedWithPrice message) => Seen(message, OrderExecutedWithPrice.Type, message.Timestamp);

    public void On(in OrderCancel message) => Seen(message, OrderCancel.Type, message.Timestamp);

    public void On(in OrderDelete message) => Seen(message, OrderDelete.Type, message.Timestamp);

    public void On(in OrderReplace message) => Seen(message, OrderReplace.Type, message.Timestamp);

    public void On(in Trade message) => Seen(message, Trade.Type, message.Timestamp);

    public void On(in CrossTrade message) => Seen(message, CrossTrade.Type, message.Timestamp);

    public void On(in BrokenTrade message) => Seen(message, BrokenTrade.Type, message.Timestamp);

    public void On(in Noii message) => Seen(message, Noii.Type, message.Timestamp);

    public void On(in RetailPriceImprovement message) => Seen(message, RetailPriceImprovement.Type, message.Timestamp);

    public void On(in DirectListingCapitalRaise message) => Seen(message, DirectListingCapitalRaise.Type, message.Timestamp);

    private void Seen<T>(in T message, byte type, long timestamp)
        where T : struct
    {
        Counts[type]++;
        Messages++;
        if (FirstTimestamp < 0)
        {
            FirstTimestamp = timestamp;
        }
        LastTimestamp = timestamp;
        if (Keep)
        {
            Last = message;
        }
    }
}
