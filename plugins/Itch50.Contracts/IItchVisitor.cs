namespace HftHost.Itch50;

/// <summary>
/// Receives what <see cref="ItchParser.Parse{TVisitor}"/> decodes: one overload per ITCH 5.0
/// message type. Implement it on a struct and pass it by reference, so the JIT compiles the
/// parser for that visitor and the calls are direct (no interface dispatch per message).
/// Threading: called on the thread that calls the parser, during the call.
/// </summary>
// CA1716: "On" is a Visual Basic keyword; the visitor is implemented in C# (by struct, for the JIT), and On(in T) reads as what it is.
#pragma warning disable CA1716
public interface IItchVisitor
{
    /// <summary>A decoded System Event Message ('S').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in SystemEvent message);

    /// <summary>A decoded Stock Directory ('R').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in StockDirectory message);

    /// <summary>A decoded Stock Trading Action ('H').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in StockTradingAction message);

    /// <summary>A decoded Reg SHO Short Sale Price Test Restricted Indicator ('Y').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in RegShoRestriction message);

    /// <summary>A decoded Market Participant Position ('L').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in MarketParticipantPosition message);

    /// <summary>A decoded MWCB Decline Level Message ('V').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in MwcbDeclineLevel message);

    /// <summary>A decoded MWCB Status Message ('W').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in MwcbStatus message);

    /// <summary>A decoded IPO Quoting Period Update ('K').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in IpoQuotingPeriodUpdate message);

    /// <summary>A decoded LULD Auction Collar ('J').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in LuldAuctionCollar message);

    /// <summary>A decoded Operational Halt ('h').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OperationalHalt message);

    /// <summary>A decoded Add Order – No MPID Attribution ('A').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in AddOrder message);

    /// <summary>A decoded Add Order with MPID Attribution ('F').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in AddOrderMpid message);

    /// <summary>A decoded Order Executed Message ('E').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OrderExecuted message);

    /// <summary>A decoded Order Executed With Price Message ('C').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OrderExecutedWithPrice message);

    /// <summary>A decoded Order Cancel Message ('X').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OrderCancel message);

    /// <summary>A decoded Order Delete Message ('D').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OrderDelete message);

    /// <summary>A decoded Order Replace Message ('U').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in OrderReplace message);

    /// <summary>A decoded Trade Message (Non-Cross) ('P').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in Trade message);

    /// <summary>A decoded Cross Trade Message ('Q').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in CrossTrade message);

    /// <summary>A decoded Broken Trade / Order Execution Message ('B').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in BrokenTrade message);

    /// <summary>A decoded Net Order Imbalance Indicator (NOII) Message ('I').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in Noii message);

    /// <summary>A decoded Retail Price Improvement Indicator (RPII) ('N').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in RetailPriceImprovement message);

    /// <summary>A decoded Direct Listing with Capital Raise Price Discovery Message ('O').</summary>
    /// <param name="message">Valid during the call.</param>
    void On(in DirectListingCapitalRaise message);
}
#pragma warning restore CA1716
