using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// The ITCH parse on its own (market-data --parse): each frame's MoldUDP64 blocks walked as in
/// <see cref="DirectBookRun"/>, each message decoded and the fields a book uses summed, no book.
/// Two decoders of the same fields, taking turns in one process: <see cref="ItchParser"/> into a
/// struct visitor, and a minimal one written here (a switch on the type, then the fields read
/// at their offsets) as the yardstick, so that a change to the parser is measured against the
/// same reference in each process rather than against another minute of this machine.
/// </summary>
internal static class ParseOnlyRun
{
    /// <summary>The fields' sum, kept so that no decode is dead code.</summary>
    public static long Sink { get; private set; }

    public static double Parser(MarketDataRun.Capture capture)
    {
        var visitor = new SummingVisitor();
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < capture.Frames; i++)
        {
            ReadOnlySpan<byte> payload = capture.Parse(i).Payload;
            for (int offset = FirstBlock(payload, out int count), m = 0; m < count && offset + 2 <= payload.Length; m++)
            {
                ReadOnlySpan<byte> message = Block(payload, ref offset);
                ItchParser.Parse(message, ref visitor);
            }
        }
        double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        Sink = visitor.Sum;
        return ns;
    }

    public static double Minimal(MarketDataRun.Capture capture)
    {
        long sum = 0;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < capture.Frames; i++)
        {
            ReadOnlySpan<byte> payload = capture.Parse(i).Payload;
            for (int offset = FirstBlock(payload, out int count), m = 0; m < count && offset + 2 <= payload.Length; m++)
            {
                sum += MinimalDecode(Block(payload, ref offset));
            }
        }
        double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        Sink = sum;
        return ns;
    }

    // The first message block's offset, and the packet's message count (0 for a heartbeat,
    // end of session or a packet too short for the header).
    private static int FirstBlock(ReadOnlySpan<byte> payload, out int count)
    {
        count = MoldUdp64Format.TryReadHeader(payload, out _, out _, out ushort n) && n != MoldUdp64Format.EndOfSession ? n : 0;
        return MoldUdp64Format.HeaderLength;
    }

    private static ReadOnlySpan<byte> Block(ReadOnlySpan<byte> payload, ref int offset)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
        ReadOnlySpan<byte> message = payload.Slice(offset + 2, Math.Min(length, payload.Length - offset - 2));
        offset += 2 + length;
        return message;
    }

    // The book's fields of the order-flow types (ITCH 5.0 offsets), each read once.
    private static long MinimalDecode(ReadOnlySpan<byte> m)
    {
        if (m.Length < OrderDelete.Length)
        {
            return 0;
        }
        ref byte b = ref MemoryMarshal.GetReference(m);
        return m[0] switch
        {
            (byte)'A' when m.Length >= AddOrder.Length => (long)U64(ref b, 11) + U32(ref b, 20) + U32(ref b, 32) + U16(ref b, 1) + m[19],
            (byte)'F' when m.Length >= AddOrderMpid.Length => (long)U64(ref b, 11) + U32(ref b, 20) + U32(ref b, 32) + U16(ref b, 1) + m[19],
            (byte)'E' when m.Length >= OrderExecuted.Length => (long)U64(ref b, 11) + U32(ref b, 19) + U16(ref b, 1),
            (byte)'C' when m.Length >= OrderExecutedWithPrice.Length => (long)U64(ref b, 11) + U32(ref b, 19) + U16(ref b, 1),
            (byte)'X' when m.Length >= OrderCancel.Length => (long)U64(ref b, 11) + U32(ref b, 19) + U16(ref b, 1),
            (byte)'D' => (long)U64(ref b, 11) + U16(ref b, 1),
            (byte)'U' when m.Length >= OrderReplace.Length => (long)U64(ref b, 11) + (long)U64(ref b, 19) + U32(ref b, 27) + U32(ref b, 31) + U16(ref b, 1),
            _ => 0,
        };
    }

    private static ushort U16(ref byte b, int offset) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, offset)));

    private static uint U32(ref byte b, int offset) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, offset)));

    private static ulong U64(ref byte b, int offset) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, offset)));

    // The same sum as MinimalDecode, from the parser's structs.
    private struct SummingVisitor : IItchVisitor
    {
        public long Sum;

        public void On(in AddOrder message) => Sum += (long)message.OrderReferenceNumber + message.Shares + message.Price + message.StockLocate + (byte)message.Side;

        public void On(in AddOrderMpid message) => Sum += (long)message.OrderReferenceNumber + message.Shares + message.Price + message.StockLocate + (byte)message.Side;

        public void On(in OrderExecuted message) => Sum += (long)message.OrderReferenceNumber + message.ExecutedShares + message.StockLocate;

        public void On(in OrderExecutedWithPrice message) => Sum += (long)message.OrderReferenceNumber + message.ExecutedShares + message.StockLocate;

        public void On(in OrderCancel message) => Sum += (long)message.OrderReferenceNumber + message.CancelledShares + message.StockLocate;

        public void On(in OrderDelete message) => Sum += (long)message.OrderReferenceNumber + message.StockLocate;

        public void On(in OrderReplace message) => Sum += (long)message.OriginalOrderReferenceNumber + (long)message.NewOrderReferenceNumber + message.Shares + message.Price + message.StockLocate;

        public void On(in SystemEvent message) { }

        public void On(in StockDirectory message) { }

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
    }
}
