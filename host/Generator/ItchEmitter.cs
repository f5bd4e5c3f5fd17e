using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// Writes ITCH messages into a venue's packetiser, stamped with the feed clock (each
/// message at least 1 ns after the one before, on any venue, so timestamps increase
/// across the whole feed), and counts them by type.
/// Threading: one thread.
/// </summary>
internal sealed class ItchEmitter
{
    // Tracking numbers are NASDAQ-internal; a fixed value keeps them out of the way.
    private const ushort Tracking = 0;

    private readonly FeedClock _clock;
    private readonly long[] _counts = new long[128];
    private long _lastTimestamp = -1;

    public ItchEmitter(FeedClock clock) => _clock = clock;

    /// <summary>ITCH timestamp of the last message written.</summary>
    public long LastTimestamp => _lastTimestamp;

    /// <summary>Messages written, by type byte.</summary>
    public long CountOf(byte type) => _counts[type];

    public void SystemEvent(MoldPacketizer venue, SystemEventCode code)
    {
        var message = new SystemEvent(0, Tracking, Stamp(), code);
        ItchWriter.Write(venue.Begin(Itch50.SystemEvent.Length), message);
        Done(venue, Itch50.SystemEvent.Type, Itch50.SystemEvent.Length);
    }

    public void StockDirectory(MoldPacketizer venue, ushort locate, StockSymbol stock, uint roundLot)
    {
        var message = new StockDirectory(
            locate, Tracking, Stamp(), stock, MarketCategory.NasdaqGlobalSelect, FinancialStatus.Normal, roundLot,
            RoundLotsOnly: YesNo.No, IssueClassification.CommonStock, IssueSubType: ('Z' << 8) | ' ', Authenticity.Production,
            ShortSaleThresholdIndicator: YesNo.No, IpoFlag: YesNo.No, LuldReferencePriceTier.Tier1, EtpFlag: YesNo.No,
            EtpLeverageFactor: 0, InverseIndicator: YesNo.No);
        ItchWriter.Write(venue.Begin(Itch50.StockDirectory.Length), message);
        Done(venue, Itch50.StockDirectory.Type, Itch50.StockDirectory.Length);
    }

    public void AddOrder(MoldPacketizer venue, ushort locate, ulong reference, Side side, int shares, StockSymbol stock, long price)
    {
        var message = new AddOrder(locate, Tracking, Stamp(), reference, side, (uint)shares, stock, price);
        ItchWriter.Write(venue.Begin(Itch50.AddOrder.Length), message);
        Flow(venue, Itch50.AddOrder.Type, Itch50.AddOrder.Length);
    }

    public void AddOrderMpid(MoldPacketizer venue, ushort locate, ulong reference, Side side, int shares, StockSymbol stock, long price, Alpha4 mpid)
    {
        var message = new AddOrderMpid(locate, Tracking, Stamp(), reference, side, (uint)shares, stock, price, mpid);
        ItchWriter.Write(venue.Begin(Itch50.AddOrderMpid.Length), message);
        Flow(venue, Itch50.AddOrderMpid.Type, Itch50.AddOrderMpid.Length);
    }

    public void Executed(MoldPacketizer venue, ushort locate, ulong reference, int shares, ulong match)
    {
        var message = new OrderExecuted(locate, Tracking, Stamp(), reference, (uint)shares, match);
        ItchWriter.Write(venue.Begin(OrderExecuted.Length), message);
        Flow(venue, OrderExecuted.Type, OrderExecuted.Length);
    }

    public void ExecutedWithPrice(MoldPacketizer venue, ushort locate, ulong reference, int shares, ulong match, long price)
    {
        var message = new OrderExecutedWithPrice(locate, Tracking, Stamp(), reference, (uint)shares, match, YesNo.Yes, price);
        ItchWriter.Write(venue.Begin(OrderExecutedWithPrice.Length), message);
        Flow(venue, OrderExecutedWithPrice.Type, OrderExecutedWithPrice.Length);
    }

    public void Cancel(MoldPacketizer venue, ushort locate, ulong reference, int shares)
    {
        var message = new OrderCancel(locate, Tracking, Stamp(), reference, (uint)shares);
        ItchWriter.Write(venue.Begin(OrderCancel.Length), message);
        Flow(venue, OrderCancel.Type, OrderCancel.Length);
    }

    public void Delete(MoldPacketizer venue, ushort locate, ulong reference)
    {
        var message = new OrderDelete(locate, Tracking, Stamp(), reference);
        ItchWriter.Write(venue.Begin(OrderDelete.Length), message);
        Flow(venue, OrderDelete.Type, OrderDelete.Length);
    }

    public void Replace(MoldPacketizer venue, ushort locate, ulong original, ulong replacement, int shares, long price)
    {
        var message = new OrderReplace(locate, Tracking, Stamp(), original, replacement, (uint)shares, price);
        ItchWriter.Write(venue.Begin(OrderReplace.Length), message);
        Flow(venue, OrderReplace.Type, OrderReplace.Length);
    }

    public void Trade(MoldPacketizer venue, ushort locate, Side side, int shares, StockSymbol stock, long price, ulong match)
    {
        // Order reference 0: NASDAQ no longer identifies the non-displayed order.
        var message = new Trade(locate, Tracking, Stamp(), 0, side, (uint)shares, stock, price, match);
        ItchWriter.Write(venue.Begin(Itch50.Trade.Length), message);
        Flow(venue, Itch50.Trade.Type, Itch50.Trade.Length);
    }

    private long Stamp()
    {
        if (_clock.NowNs <= _lastTimestamp)
        {
            _clock.Advance(_lastTimestamp + 1 - _clock.NowNs);
        }
        _lastTimestamp = _clock.NowNs;
        return _lastTimestamp;
    }

    private void Flow(MoldPacketizer venue, byte type, int length)
    {
        _clock.FlowMessages++;
        Done(venue, type, length);
    }

    private void Done(MoldPacketizer venue, byte type, int length)
    {
        _counts[type]++;
        venue.End(length);
    }
}
