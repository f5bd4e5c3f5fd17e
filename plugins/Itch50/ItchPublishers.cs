using HftHost.Itch50;
using HftHost.Sdk;

namespace HftHost.Plugins.Itch50;

/// <summary>
/// The plugin's publisher of each ITCH event type, declared in
/// <see cref="HftPlugin.Register"/> (every type is declared, so a subscriber of any of them
/// finds its publisher).
/// Threading: created on the control thread during Register; used on the poll thread.
/// </summary>
/// <param name="registry">The registry of the Register call.</param>
internal sealed class ItchPublishers(IPluginRegistry registry)
{
    /// <summary>Every packet's messages as one run, for subscribers that decode them themselves (order books).</summary>
    public EventPublisher<ItchMessageRun> Runs { get; } = registry.AddEvent<ItchMessageRun>();

    /// <summary>True when some plugin subscribes to a typed event: then each message is decoded into its struct.</summary>
    /// <remarks>Once per packet: subscriptions change only between bursts, on this thread.</remarks>
    public bool AnyTypedSubscribers() =>
        SystemEvent.HasSubscribers || StockDirectory.HasSubscribers || StockTradingAction.HasSubscribers || RegShoRestriction.HasSubscribers ||
        MarketParticipantPosition.HasSubscribers || MwcbDeclineLevel.HasSubscribers || MwcbStatus.HasSubscribers ||
        IpoQuotingPeriodUpdate.HasSubscribers || LuldAuctionCollar.HasSubscribers || OperationalHalt.HasSubscribers ||
        AddOrder.HasSubscribers || AddOrderMpid.HasSubscribers || OrderExecuted.HasSubscribers || OrderExecutedWithPrice.HasSubscribers ||
        OrderCancel.HasSubscribers || OrderDelete.HasSubscribers || OrderReplace.HasSubscribers || Trade.HasSubscribers ||
        CrossTrade.HasSubscribers || BrokenTrade.HasSubscribers || Noii.HasSubscribers || RetailPriceImprovement.HasSubscribers ||
        DirectListingCapitalRaise.HasSubscribers;

    /// <summary>System Event Message ('S').</summary>
    public EventPublisher<ItchEvent<SystemEvent>> SystemEvent { get; } = registry.AddEvent<ItchEvent<SystemEvent>>();

    /// <summary>Stock Directory ('R').</summary>
    public EventPublisher<ItchEvent<StockDirectory>> StockDirectory { get; } = registry.AddEvent<ItchEvent<StockDirectory>>();

    /// <summary>Stock Trading Action ('H').</summary>
    public EventPublisher<ItchEvent<StockTradingAction>> StockTradingAction { get; } = registry.AddEvent<ItchEvent<StockTradingAction>>();

    /// <summary>Reg SHO Short Sale Price Test Restricted Indicator ('Y').</summary>
    public EventPublisher<ItchEvent<RegShoRestriction>> RegShoRestriction { get; } = registry.AddEvent<ItchEvent<RegShoRestriction>>();

    /// <summary>Market Participant Position ('L').</summary>
    public EventPublisher<ItchEvent<MarketParticipantPosition>> MarketParticipantPosition { get; } = registry.AddEvent<ItchEvent<MarketParticipantPosition>>();

    /// <summary>MWCB Decline Level Message ('V').</summary>
    public EventPublisher<ItchEvent<MwcbDeclineLevel>> MwcbDeclineLevel { get; } = registry.AddEvent<ItchEvent<MwcbDeclineLevel>>();

    /// <summary>MWCB Status Message ('W').</summary>
    public EventPublisher<ItchEvent<MwcbStatus>> MwcbStatus { get; } = registry.AddEvent<ItchEvent<MwcbStatus>>();

    /// <summary>IPO Quoting Period Update ('K').</summary>
    public EventPublisher<ItchEvent<IpoQuotingPeriodUpdate>> IpoQuotingPeriodUpdate { get; } = registry.AddEvent<ItchEvent<IpoQuotingPeriodUpdate>>();

    /// <summary>LULD Auction Collar ('J').</summary>
    public EventPublisher<ItchEvent<LuldAuctionCollar>> LuldAuctionCollar { get; } = registry.AddEvent<ItchEvent<LuldAuctionCollar>>();

    /// <summary>Operational Halt ('h').</summary>
    public EventPublisher<ItchEvent<OperationalHalt>> OperationalHalt { get; } = registry.AddEvent<ItchEvent<OperationalHalt>>();

    /// <summary>Add Order – No MPID Attribution ('A').</summary>
    public EventPublisher<ItchEvent<AddOrder>> AddOrder { get; } = registry.AddEvent<ItchEvent<AddOrder>>();

    /// <summary>Add Order with MPID Attribution ('F').</summary>
    public EventPublisher<ItchEvent<AddOrderMpid>> AddOrderMpid { get; } = registry.AddEvent<ItchEvent<AddOrderMpid>>();

    /// <summary>Order Executed Message ('E').</summary>
    public EventPublisher<ItchEvent<OrderExecuted>> OrderExecuted { get; } = registry.AddEvent<ItchEvent<OrderExecuted>>();

    /// <summary>Order Executed With Price Message ('C').</summary>
    public EventPublisher<ItchEvent<OrderExecutedWithPrice>> OrderExecutedWithPrice { get; } = registry.AddEvent<ItchEvent<OrderExecutedWithPrice>>();

    /// <summary>Order Cancel Message ('X').</summary>
    public EventPublisher<ItchEvent<OrderCancel>> OrderCancel { get; } = registry.AddEvent<ItchEvent<OrderCancel>>();

    /// <summary>Order Delete Message ('D').</summary>
    public EventPublisher<ItchEvent<OrderDelete>> OrderDelete { get; } = registry.AddEvent<ItchEvent<OrderDelete>>();

    /// <summary>Order Replace Message ('U').</summary>
    public EventPublisher<ItchEvent<OrderReplace>> OrderReplace { get; } = registry.AddEvent<ItchEvent<OrderReplace>>();

    /// <summary>Trade Message (Non-Cross) ('P').</summary>
    public EventPublisher<ItchEvent<Trade>> Trade { get; } = registry.AddEvent<ItchEvent<Trade>>();

    /// <summary>Cross Trade Message ('Q').</summary>
    public EventPublisher<ItchEvent<CrossTrade>> CrossTrade { get; } = registry.AddEvent<ItchEvent<CrossTrade>>();

    /// <summary>Broken Trade / Order Execution Message ('B').</summary>
    public EventPublisher<ItchEvent<BrokenTrade>> BrokenTrade { get; } = registry.AddEvent<ItchEvent<BrokenTrade>>();

    /// <summary>Net Order Imbalance Indicator (NOII) Message ('I').</summary>
    public EventPublisher<ItchEvent<Noii>> Noii { get; } = registry.AddEvent<ItchEvent<Noii>>();

    /// <summary>Retail Price Improvement Indicator (RPII) ('N').</summary>
    public EventPublisher<ItchEvent<RetailPriceImprovement>> RetailPriceImprovement { get; } = registry.AddEvent<ItchEvent<RetailPriceImprovement>>();

    /// <summary>Direct Listing with Capital Raise Price Discovery Message ('O').</summary>
    public EventPublisher<ItchEvent<DirectListingCapitalRaise>> DirectListingCapitalRaise { get; } = registry.AddEvent<ItchEvent<DirectListingCapitalRaise>>();
}
