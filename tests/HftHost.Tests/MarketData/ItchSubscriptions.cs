using HftHost.Itch50;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.MarketData;

/// <summary>Subscribes a test to every ITCH event type the plugin publishes.</summary>
internal static class ItchSubscriptions
{
    /// <summary>Counts every <c>ItchEvent&lt;T&gt;</c> published, by type byte, into the array returned.</summary>
    public static long[] CountAll(PluginTestHarness harness)
    {
        long[] counts = new long[256];
        harness.Subscribe<ItchEvent<SystemEvent>>(e => counts[SystemEvent.Type]++);
        harness.Subscribe<ItchEvent<StockDirectory>>(e => counts[StockDirectory.Type]++);
        harness.Subscribe<ItchEvent<StockTradingAction>>(e => counts[StockTradingAction.Type]++);
        harness.Subscribe<ItchEvent<RegShoRestriction>>(e => counts[RegShoRestriction.Type]++);
        harness.Subscribe<ItchEvent<MarketParticipantPosition>>(e => counts[MarketParticipantPosition.Type]++);
        harness.Subscribe<ItchEvent<MwcbDeclineLevel>>(e => counts[MwcbDeclineLevel.Type]++);
        harness.Subscribe<ItchEvent<MwcbStatus>>(e => counts[MwcbStatus.Type]++);
        harness.Subscribe<ItchEvent<IpoQuotingPeriodUpdate>>(e => counts[IpoQuotingPeriodUpdate.Type]++);
        harness.Subscribe<ItchEvent<LuldAuctionCollar>>(e => counts[LuldAuctionCollar.Type]++);
        harness.Subscribe<ItchEvent<OperationalHalt>>(e => counts[OperationalHalt.Type]++);
        harness.Subscribe<ItchEvent<AddOrder>>(e => counts[AddOrder.Type]++);
        harness.Subscribe<ItchEvent<AddOrderMpid>>(e => counts[AddOrderMpid.Type]++);
        harness.Subscribe<ItchEvent<OrderExecuted>>(e => counts[OrderExecuted.Type]++);
        harness.Subscribe<ItchEvent<OrderExecutedWithPrice>>(e => counts[OrderExecutedWithPrice.Type]++);
        harness.Subscribe<ItchEvent<OrderCancel>>(e => counts[OrderCancel.Type]++);
        harness.Subscribe<ItchEvent<OrderDelete>>(e => counts[OrderDelete.Type]++);
        harness.Subscribe<ItchEvent<OrderReplace>>(e => counts[OrderReplace.Type]++);
        harness.Subscribe<ItchEvent<Trade>>(e => counts[Trade.Type]++);
        harness.Subscribe<ItchEvent<CrossTrade>>(e => counts[CrossTrade.Type]++);
        harness.Subscribe<ItchEvent<BrokenTrade>>(e => counts[BrokenTrade.Type]++);
        harness.Subscribe<ItchEvent<Noii>>(e => counts[Noii.Type]++);
        harness.Subscribe<ItchEvent<RetailPriceImprovement>>(e => counts[RetailPriceImprovement.Type]++);
        harness.Subscribe<ItchEvent<DirectListingCapitalRaise>>(e => counts[DirectListingCapitalRaise.Type]++);
        return counts;
    }
}
