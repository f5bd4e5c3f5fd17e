using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HftHost.Itch50;

/// <summary>
/// Encodes NASDAQ TotalView-ITCH 5.0 messages, the inverse of <see cref="ItchParser"/>, with
/// the offsets and lengths of the NASDAQ TotalView-ITCH 5.0 specification: for the feed generator and
/// tests, not for a hot path (it validates and throws).
/// Threading: stateless; safe from any thread.
/// </summary>
public static class ItchWriter
{
    /// <summary>Largest timestamp the 6-byte field holds.</summary>
    public const long MaxTimestamp = (1L << 48) - 1;

    /// <summary>Writes a System Event Message ('S', 12 bytes).</summary>
    /// <param name="destination">At least <see cref="SystemEvent.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in SystemEvent message)
    {
        Span<byte> d = Header(destination, SystemEvent.Type, SystemEvent.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        d[11] = (byte)message.EventCode;
        return SystemEvent.Length;
    }

    /// <summary>Writes a Stock Directory ('R', 39 bytes).</summary>
    /// <param name="destination">At least <see cref="StockDirectory.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in StockDirectory message)
    {
        Span<byte> d = Header(destination, StockDirectory.Type, StockDirectory.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.MarketCategory;
        d[20] = (byte)message.FinancialStatusIndicator;
        BinaryPrimitives.WriteUInt32BigEndian(d[21..], message.RoundLotSize);
        d[25] = (byte)message.RoundLotsOnly;
        d[26] = (byte)message.IssueClassification;
        BinaryPrimitives.WriteUInt16BigEndian(d[27..], message.IssueSubType);
        d[29] = (byte)message.Authenticity;
        d[30] = (byte)message.ShortSaleThresholdIndicator;
        d[31] = (byte)message.IpoFlag;
        d[32] = (byte)message.LuldReferencePriceTier;
        d[33] = (byte)message.EtpFlag;
        BinaryPrimitives.WriteUInt32BigEndian(d[34..], message.EtpLeverageFactor);
        d[38] = (byte)message.InverseIndicator;
        return StockDirectory.Length;
    }

    /// <summary>Writes a Stock Trading Action ('H', 25 bytes).</summary>
    /// <param name="destination">At least <see cref="StockTradingAction.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in StockTradingAction message)
    {
        Span<byte> d = Header(destination, StockTradingAction.Type, StockTradingAction.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.TradingState;
        d[20] = message.Reserved;
        message.Reason.Write(d[21..]);
        return StockTradingAction.Length;
    }

    /// <summary>Writes a Reg SHO Short Sale Price Test Restricted Indicator ('Y', 20 bytes).</summary>
    /// <param name="destination">At least <see cref="RegShoRestriction.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in RegShoRestriction message)
    {
        Span<byte> d = Header(destination, RegShoRestriction.Type, RegShoRestriction.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.RegShoAction;
        return RegShoRestriction.Length;
    }

    /// <summary>Writes a Market Participant Position ('L', 26 bytes).</summary>
    /// <param name="destination">At least <see cref="MarketParticipantPosition.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in MarketParticipantPosition message)
    {
        Span<byte> d = Header(destination, MarketParticipantPosition.Type, MarketParticipantPosition.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Mpid.Write(d[11..]);
        message.Stock.Write(d[15..]);
        d[23] = (byte)message.PrimaryMarketMaker;
        d[24] = (byte)message.MarketMakerMode;
        d[25] = (byte)message.MarketParticipantState;
        return MarketParticipantPosition.Length;
    }

    /// <summary>Writes a MWCB Decline Level Message ('V', 35 bytes).</summary>
    /// <param name="destination">At least <see cref="MwcbDeclineLevel.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in MwcbDeclineLevel message)
    {
        Span<byte> d = Header(destination, MwcbDeclineLevel.Type, MwcbDeclineLevel.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], Price8(message.Level1));
        BinaryPrimitives.WriteUInt64BigEndian(d[19..], Price8(message.Level2));
        BinaryPrimitives.WriteUInt64BigEndian(d[27..], Price8(message.Level3));
        return MwcbDeclineLevel.Length;
    }

    /// <summary>Writes a MWCB Status Message ('W', 12 bytes).</summary>
    /// <param name="destination">At least <see cref="MwcbStatus.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in MwcbStatus message)
    {
        Span<byte> d = Header(destination, MwcbStatus.Type, MwcbStatus.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        d[11] = (byte)message.BreachedLevel;
        return MwcbStatus.Length;
    }

    /// <summary>Writes a IPO Quoting Period Update ('K', 28 bytes).</summary>
    /// <param name="destination">At least <see cref="IpoQuotingPeriodUpdate.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in IpoQuotingPeriodUpdate message)
    {
        Span<byte> d = Header(destination, IpoQuotingPeriodUpdate.Type, IpoQuotingPeriodUpdate.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[19..], message.IpoQuotationReleaseTime);
        d[23] = (byte)message.IpoQuotationReleaseQualifier;
        BinaryPrimitives.WriteUInt32BigEndian(d[24..], Price4(message.IpoPrice));
        return IpoQuotingPeriodUpdate.Length;
    }

    /// <summary>Writes a LULD Auction Collar ('J', 35 bytes).</summary>
    /// <param name="destination">At least <see cref="LuldAuctionCollar.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in LuldAuctionCollar message)
    {
        Span<byte> d = Header(destination, LuldAuctionCollar.Type, LuldAuctionCollar.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[19..], Price4(message.AuctionCollarReferencePrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[23..], Price4(message.UpperAuctionCollarPrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[27..], Price4(message.LowerAuctionCollarPrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[31..], message.AuctionCollarExtension);
        return LuldAuctionCollar.Length;
    }

    /// <summary>Writes a Operational Halt ('h', 21 bytes).</summary>
    /// <param name="destination">At least <see cref="OperationalHalt.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OperationalHalt message)
    {
        Span<byte> d = Header(destination, OperationalHalt.Type, OperationalHalt.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.MarketCode;
        d[20] = (byte)message.OperationalHaltAction;
        return OperationalHalt.Length;
    }

    /// <summary>Writes a Add Order – No MPID Attribution ('A', 36 bytes).</summary>
    /// <param name="destination">At least <see cref="AddOrder.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in AddOrder message)
    {
        Span<byte> d = Header(destination, AddOrder.Type, AddOrder.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        d[19] = (byte)message.Side;
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], message.Shares);
        message.Stock.Write(d[24..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], Price4(message.Price));
        return AddOrder.Length;
    }

    /// <summary>Writes a Add Order with MPID Attribution ('F', 40 bytes).</summary>
    /// <param name="destination">At least <see cref="AddOrderMpid.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in AddOrderMpid message)
    {
        Span<byte> d = Header(destination, AddOrderMpid.Type, AddOrderMpid.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        d[19] = (byte)message.Side;
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], message.Shares);
        message.Stock.Write(d[24..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], Price4(message.Price));
        message.Attribution.Write(d[36..]);
        return AddOrderMpid.Length;
    }

    /// <summary>Writes a Order Executed Message ('E', 31 bytes).</summary>
    /// <param name="destination">At least <see cref="OrderExecuted.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OrderExecuted message)
    {
        Span<byte> d = Header(destination, OrderExecuted.Type, OrderExecuted.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d[19..], message.ExecutedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d[23..], message.MatchNumber);
        return OrderExecuted.Length;
    }

    /// <summary>Writes a Order Executed With Price Message ('C', 36 bytes).</summary>
    /// <param name="destination">At least <see cref="OrderExecutedWithPrice.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OrderExecutedWithPrice message)
    {
        Span<byte> d = Header(destination, OrderExecutedWithPrice.Type, OrderExecutedWithPrice.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d[19..], message.ExecutedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d[23..], message.MatchNumber);
        d[31] = (byte)message.Printable;
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], Price4(message.ExecutionPrice));
        return OrderExecutedWithPrice.Length;
    }

    /// <summary>Writes a Order Cancel Message ('X', 23 bytes).</summary>
    /// <param name="destination">At least <see cref="OrderCancel.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OrderCancel message)
    {
        Span<byte> d = Header(destination, OrderCancel.Type, OrderCancel.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d[19..], message.CancelledShares);
        return OrderCancel.Length;
    }

    /// <summary>Writes a Order Delete Message ('D', 19 bytes).</summary>
    /// <param name="destination">At least <see cref="OrderDelete.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OrderDelete message)
    {
        Span<byte> d = Header(destination, OrderDelete.Type, OrderDelete.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        return OrderDelete.Length;
    }

    /// <summary>Writes a Order Replace Message ('U', 35 bytes).</summary>
    /// <param name="destination">At least <see cref="OrderReplace.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in OrderReplace message)
    {
        Span<byte> d = Header(destination, OrderReplace.Type, OrderReplace.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OriginalOrderReferenceNumber);
        BinaryPrimitives.WriteUInt64BigEndian(d[19..], message.NewOrderReferenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d[27..], message.Shares);
        BinaryPrimitives.WriteUInt32BigEndian(d[31..], Price4(message.Price));
        return OrderReplace.Length;
    }

    /// <summary>Writes a Trade Message (Non-Cross) ('P', 44 bytes).</summary>
    /// <param name="destination">At least <see cref="Trade.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in Trade message)
    {
        Span<byte> d = Header(destination, Trade.Type, Trade.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.OrderReferenceNumber);
        d[19] = (byte)message.Side;
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], message.Shares);
        message.Stock.Write(d[24..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], Price4(message.Price));
        BinaryPrimitives.WriteUInt64BigEndian(d[36..], message.MatchNumber);
        return Trade.Length;
    }

    /// <summary>Writes a Cross Trade Message ('Q', 40 bytes).</summary>
    /// <param name="destination">At least <see cref="CrossTrade.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in CrossTrade message)
    {
        Span<byte> d = Header(destination, CrossTrade.Type, CrossTrade.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.Shares);
        message.Stock.Write(d[19..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[27..], Price4(message.CrossPrice));
        BinaryPrimitives.WriteUInt64BigEndian(d[31..], message.MatchNumber);
        d[39] = (byte)message.CrossType;
        return CrossTrade.Length;
    }

    /// <summary>Writes a Broken Trade / Order Execution Message ('B', 19 bytes).</summary>
    /// <param name="destination">At least <see cref="BrokenTrade.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in BrokenTrade message)
    {
        Span<byte> d = Header(destination, BrokenTrade.Type, BrokenTrade.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.MatchNumber);
        return BrokenTrade.Length;
    }

    /// <summary>Writes a Net Order Imbalance Indicator (NOII) Message ('I', 50 bytes).</summary>
    /// <param name="destination">At least <see cref="Noii.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in Noii message)
    {
        Span<byte> d = Header(destination, Noii.Type, Noii.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d[11..], message.PairedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d[19..], message.ImbalanceShares);
        d[27] = (byte)message.ImbalanceDirection;
        message.Stock.Write(d[28..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], Price4(message.FarPrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[40..], Price4(message.NearPrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[44..], Price4(message.CurrentReferencePrice));
        d[48] = (byte)message.CrossType;
        d[49] = message.PriceVariationIndicator;
        return Noii.Length;
    }

    /// <summary>Writes a Retail Price Improvement Indicator (RPII) ('N', 20 bytes).</summary>
    /// <param name="destination">At least <see cref="RetailPriceImprovement.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in RetailPriceImprovement message)
    {
        Span<byte> d = Header(destination, RetailPriceImprovement.Type, RetailPriceImprovement.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.InterestFlag;
        return RetailPriceImprovement.Length;
    }

    /// <summary>Writes a Direct Listing with Capital Raise Price Discovery Message ('O', 48 bytes).</summary>
    /// <param name="destination">At least <see cref="DirectListingCapitalRaise.Length"/> bytes.</param>
    /// <param name="message">The message.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp or price does not fit its field.</exception>
    public static int Write(Span<byte> destination, in DirectListingCapitalRaise message)
    {
        Span<byte> d = Header(destination, DirectListingCapitalRaise.Type, DirectListingCapitalRaise.Length, message.StockLocate, message.TrackingNumber, message.Timestamp);
        message.Stock.Write(d[11..]);
        d[19] = (byte)message.OpenEligibilityStatus;
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], Price4(message.MinimumAllowablePrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[24..], Price4(message.MaximumAllowablePrice));
        BinaryPrimitives.WriteUInt32BigEndian(d[28..], Price4(message.NearExecutionPrice));
        BinaryPrimitives.WriteUInt64BigEndian(d[32..], message.NearExecutionTime);
        BinaryPrimitives.WriteUInt32BigEndian(d[40..], Price4(message.LowerPriceRangeCollar));
        BinaryPrimitives.WriteUInt32BigEndian(d[44..], Price4(message.UpperPriceRangeCollar));
        return DirectListingCapitalRaise.Length;
    }

    // Checks the room, writes the common header (type, locate, tracking, 6-byte timestamp), returns the message's bytes.
    private static Span<byte> Header(Span<byte> destination, byte type, int length, ushort locate, ushort tracking, long timestamp)
    {
        if (destination.Length < length)
        {
            ThrowTooShort(destination.Length, length, type, nameof(destination));
        }
        if ((ulong)timestamp > MaxTimestamp)
        {
            ThrowOutOfRange(nameof(timestamp), timestamp, "a timestamp is 0..2^48-1 ns since midnight");
        }
        Span<byte> d = destination[..length];
        d[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(d[1..], locate);
        BinaryPrimitives.WriteUInt16BigEndian(d[3..], tracking);
        BinaryPrimitives.WriteUInt16BigEndian(d[5..], (ushort)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(d[7..], (uint)timestamp);
        return d;
    }

    private static uint Price4(long price)
    {
        if ((ulong)price > uint.MaxValue)
        {
            ThrowOutOfRange(nameof(price), price, "a Price(4) is 0..4,294,967,295 (1/10,000 units)");
        }
        return (uint)price;
    }

    private static ulong Price8(long price)
    {
        if (price < 0)
        {
            ThrowOutOfRange(nameof(price), price, "a Price(8) is not negative");
        }
        return (ulong)price;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(int available, int length, byte type, string paramName) =>
        throw new ArgumentException($"an ITCH '{(char)type}' message is {length} bytes; the destination has {available}", paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange(string name, long value, string rule) =>
        throw new ArgumentOutOfRangeException(name, value, rule);
}
