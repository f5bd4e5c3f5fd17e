using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HftHost.Itch50;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// What <see cref="ItchParser.ParseOrderFlow"/> calls for each message of a packet's run:
/// applies the add, execute, cancel, delete, replace and directory messages to the venue's
/// book, then publishes the instrument's top if it changed. A struct, so the parser is compiled
/// for it and every call is direct: the run costs one event delivery, not one per message.
/// Messages of other types are passed over (the parser does not decode them; the empty
/// overloads below are the visitor interface's).
/// Threading: lives for one <see cref="OrderBookPlugin.OnEvent"/> call on the poll thread.
/// </summary>
/// <param name="plugin">The plugin (publishes the top).</param>
/// <param name="venue">The book of the run's MoldUDP64 session.</param>
/// <param name="rxTimestampNs">Receive time of the frame that carried the run.</param>
internal readonly struct BookUpdater(OrderBookPlugin plugin, VenueBook venue, long rxTimestampNs) : IItchVisitor
{
    /// <summary>
    /// For the message after the one about to be applied: starts loading what it will touch.
    /// Every order message (A F E C X D U) has the stock locate at offset 1 and an order reference
    /// at offset 11 (U: the original order's); for other types the two words are something else
    /// and only cost a useless prefetch. Shorter messages are left alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchFor(ReadOnlySpan<byte> message)
    {
        if (message.Length >= ReferenceOffset + sizeof(ulong))
        {
            ref byte start = ref MemoryMarshal.GetReference(message);
            ushort locate = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, LocateOffset)));
            ulong reference = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, ReferenceOffset)));
            venue.Prefetch(locate, reference);
        }
    }

    // ITCH 5.0, "Message Formats" (the offsets AddOrder documents).
    private const int LocateOffset = 1;
    private const int ReferenceOffset = 11;

    public void On(in StockDirectory message) => venue.Directory(message.StockLocate, message.Stock);

    // Every message names its instrument (stock locate), so the top it may change is read
    // without asking the venue's order table where the order rests.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in AddOrder message) =>
        Add(message.OrderReferenceNumber, message.Side, message.Shares, message.Price, message.StockLocate, message.Stock, message.Timestamp);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in AddOrderMpid message) =>
        Add(message.OrderReferenceNumber, message.Side, message.Shares, message.Price, message.StockLocate, message.Stock, message.Timestamp);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in OrderExecuted message) =>
        Reduce(message.OrderReferenceNumber, message.ExecutedShares, message.StockLocate, message.Timestamp);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in OrderExecutedWithPrice message) =>
        Reduce(message.OrderReferenceNumber, message.ExecutedShares, message.StockLocate, message.Timestamp);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in OrderCancel message) =>
        Reduce(message.OrderReferenceNumber, message.CancelledShares, message.StockLocate, message.Timestamp);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in OrderDelete message)
    {
        venue.Delete(message.OrderReferenceNumber);
        plugin.PublishIfChanged(venue, message.StockLocate, message.Timestamp, rxTimestampNs);
    }

    // The replacement keeps the original order's instrument and side (ITCH 5.0): one top to watch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void On(in OrderReplace message)
    {
        venue.Replace(message.OriginalOrderReferenceNumber, message.NewOrderReferenceNumber, message.Shares, message.Price);
        plugin.PublishIfChanged(venue, message.StockLocate, message.Timestamp, rxTimestampNs);
    }

    public void On(in SystemEvent message) { }

    public void On(in StockTradingAction message) { }

    public void On(in RegShoRestriction message) { }

    public void On(in MarketParticipantPosition message) { }

    public void On(in MwcbDeclineLevel message) { }

    public void On(in MwcbStatus message) { }

    public void On(in IpoQuotingPeriodUpdate message) { }

    public void On(in LuldAuctionCollar message) { }

    public void On(in OperationalHalt message) { }

    public void On(in Trade message) { }

    public void On(in CrossTrade message) { }

    public void On(in BrokenTrade message) { }

    public void On(in Noii message) { }

    public void On(in RetailPriceImprovement message) { }

    public void On(in DirectListingCapitalRaise message) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(ulong reference, Side side, uint shares, long price, ushort locate, StockSymbol stock, long timestamp)
    {
        venue.Add(reference, side == Side.Buy, shares, price, locate, stock);
        plugin.PublishIfChanged(venue, locate, timestamp, rxTimestampNs);
    }

    // An execution or a cancel (its order's set and level were prefetched a message ahead: PrefetchFor).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reduce(ulong reference, uint shares, ushort locate, long timestamp)
    {
        venue.Reduce(reference, shares);
        plugin.PublishIfChanged(venue, locate, timestamp, rxTimestampNs);
    }
}
