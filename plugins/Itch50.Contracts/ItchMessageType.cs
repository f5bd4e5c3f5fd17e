namespace HftHost.Itch50;

/// <summary>
/// The message types of NASDAQ TotalView-ITCH 5.0: the value is the type byte on the wire
/// (NASDAQ TotalView-ITCH 5.0 specification, "Message Formats").
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum ItchMessageType : byte
#pragma warning restore CA1028
{
    /// <summary>System Event Message ('S', 12 bytes): <see cref="Itch50.SystemEvent"/>.</summary>
    SystemEvent = (byte)'S',

    /// <summary>Stock Directory ('R', 39 bytes): <see cref="Itch50.StockDirectory"/>.</summary>
    StockDirectory = (byte)'R',

    /// <summary>Stock Trading Action ('H', 25 bytes): <see cref="Itch50.StockTradingAction"/>.</summary>
    StockTradingAction = (byte)'H',

    /// <summary>Reg SHO Short Sale Price Test Restricted Indicator ('Y', 20 bytes): <see cref="Itch50.RegShoRestriction"/>.</summary>
    RegShoRestriction = (byte)'Y',

    /// <summary>Market Participant Position ('L', 26 bytes): <see cref="Itch50.MarketParticipantPosition"/>.</summary>
    MarketParticipantPosition = (byte)'L',

    /// <summary>MWCB Decline Level Message ('V', 35 bytes): <see cref="Itch50.MwcbDeclineLevel"/>.</summary>
    MwcbDeclineLevel = (byte)'V',

    /// <summary>MWCB Status Message ('W', 12 bytes): <see cref="Itch50.MwcbStatus"/>.</summary>
    MwcbStatus = (byte)'W',

    /// <summary>IPO Quoting Period Update ('K', 28 bytes): <see cref="Itch50.IpoQuotingPeriodUpdate"/>.</summary>
    IpoQuotingPeriodUpdate = (byte)'K',

    /// <summary>LULD Auction Collar ('J', 35 bytes): <see cref="Itch50.LuldAuctionCollar"/>.</summary>
    LuldAuctionCollar = (byte)'J',

    /// <summary>Operational Halt ('h', 21 bytes): <see cref="Itch50.OperationalHalt"/>.</summary>
    OperationalHalt = (byte)'h',

    /// <summary>Add Order – No MPID Attribution ('A', 36 bytes): <see cref="Itch50.AddOrder"/>.</summary>
    AddOrder = (byte)'A',

    /// <summary>Add Order with MPID Attribution ('F', 40 bytes): <see cref="Itch50.AddOrderMpid"/>.</summary>
    AddOrderMpid = (byte)'F',

    /// <summary>Order Executed Message ('E', 31 bytes): <see cref="Itch50.OrderExecuted"/>.</summary>
    OrderExecuted = (byte)'E',

    /// <summary>Order Executed With Price Message ('C', 36 bytes): <see cref="Itch50.OrderExecutedWithPrice"/>.</summary>
    OrderExecutedWithPrice = (byte)'C',

    /// <summary>Order Cancel Message ('X', 23 bytes): <see cref="Itch50.OrderCancel"/>.</summary>
    OrderCancel = (byte)'X',

    /// <summary>Order Delete Message ('D', 19 bytes): <see cref="Itch50.OrderDelete"/>.</summary>
    OrderDelete = (byte)'D',

    /// <summary>Order Replace Message ('U', 35 bytes): <see cref="Itch50.OrderReplace"/>.</summary>
    OrderReplace = (byte)'U',

    /// <summary>Trade Message (Non-Cross) ('P', 44 bytes): <see cref="Itch50.Trade"/>.</summary>
    Trade = (byte)'P',

    /// <summary>Cross Trade Message ('Q', 40 bytes): <see cref="Itch50.CrossTrade"/>.</summary>
    CrossTrade = (byte)'Q',

    /// <summary>Broken Trade / Order Execution Message ('B', 19 bytes): <see cref="Itch50.BrokenTrade"/>.</summary>
    BrokenTrade = (byte)'B',

    /// <summary>Net Order Imbalance Indicator (NOII) Message ('I', 50 bytes): <see cref="Itch50.Noii"/>.</summary>
    Noii = (byte)'I',

    /// <summary>Retail Price Improvement Indicator (RPII) ('N', 20 bytes): <see cref="Itch50.RetailPriceImprovement"/>.</summary>
    RetailPriceImprovement = (byte)'N',

    /// <summary>Direct Listing with Capital Raise Price Discovery Message ('O', 48 bytes): <see cref="Itch50.DirectListingCapitalRaise"/>.</summary>
    DirectListingCapitalRaise = (byte)'O',
}
