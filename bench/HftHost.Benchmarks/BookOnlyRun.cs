using System.Diagnostics;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.OrderBook;

namespace HftHost.Benchmarks;

/// <summary>
/// The order book's own cost per message, without the plugin chain: a BinaryFILE's book
/// messages decoded up front into plain operations, then applied to a fresh VenueBook.
/// Separates the book's data structures from sequencing, decoding and event delivery.
/// </summary>
internal static class BookOnlyRun
{
    private enum Kind : byte { Add, Reduce, Delete, Replace }

    private readonly record struct Op(Kind Kind, ulong Reference, ulong NewReference, uint Shares, long Price, ushort Locate, bool IsBuy);

    public static int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("book-only: give a BinaryFILE written by 'hfthost gen itch --binaryfile'");
            return 2;
        }
        var ops = new List<Op>();
        var collector = new Collector(ops);
        var reader = new BinaryFileReader(File.ReadAllBytes(args[0]));
        while (reader.TryRead(out ReadOnlySpan<byte> message))
        {
            ItchParser.Parse(message, ref collector);
        }
        Op[] all = [.. ops];
        for (int run = 0; run < 6; run++)
        {
            var defaults = new OrderBookSettings();
            var book = new VenueBook(MoldSession.FromText("BENCH"), defaults.OrderCapacity, defaults.LevelCapacity);
            long started = Stopwatch.GetTimestamp();
            foreach (ref readonly Op op in all.AsSpan())
            {
                switch (op.Kind)
                {
                    case Kind.Add: book.Add(op.Reference, op.IsBuy, op.Shares, op.Price, op.Locate, default); break;
                    case Kind.Reduce: book.Reduce(op.Reference, op.Shares); break;
                    case Kind.Delete: book.Delete(op.Reference); break;
                    default: book.Replace(op.Reference, op.NewReference, op.Shares, op.Price); break;
                }
            }
            double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds / all.Length;
            Console.WriteLine($"book-only run {run + 1}: {all.Length:N0} operations, {ns:F1} ns each; unknown {book.UnknownOrders}, resting {book.Orders} ({book.DisplacedOrders} displaced from the direct-mapped window)");
        }
        return 0;
    }

    private readonly struct Collector(List<Op> ops) : IItchVisitor
    {
        public void On(in AddOrder m) => ops.Add(new Op(Kind.Add, m.OrderReferenceNumber, 0, m.Shares, m.Price, m.StockLocate, m.Side == Side.Buy));
        public void On(in AddOrderMpid m) => ops.Add(new Op(Kind.Add, m.OrderReferenceNumber, 0, m.Shares, m.Price, m.StockLocate, m.Side == Side.Buy));
        public void On(in OrderExecuted m) => ops.Add(new Op(Kind.Reduce, m.OrderReferenceNumber, 0, m.ExecutedShares, 0, 0, false));
        public void On(in OrderExecutedWithPrice m) => ops.Add(new Op(Kind.Reduce, m.OrderReferenceNumber, 0, m.ExecutedShares, 0, 0, false));
        public void On(in OrderCancel m) => ops.Add(new Op(Kind.Reduce, m.OrderReferenceNumber, 0, m.CancelledShares, 0, 0, false));
        public void On(in OrderDelete m) => ops.Add(new Op(Kind.Delete, m.OrderReferenceNumber, 0, 0, 0, 0, false));
        public void On(in OrderReplace m) => ops.Add(new Op(Kind.Replace, m.OriginalOrderReferenceNumber, m.NewOrderReferenceNumber, m.Shares, m.Price, 0, false));
        public void On(in SystemEvent m) { }
        public void On(in StockDirectory m) { }
        public void On(in StockTradingAction m) { }
        public void On(in RegShoRestriction m) { }
        public void On(in MarketParticipantPosition m) { }
        public void On(in MwcbDeclineLevel m) { }
        public void On(in MwcbStatus m) { }
        public void On(in IpoQuotingPeriodUpdate m) { }
        public void On(in LuldAuctionCollar m) { }
        public void On(in OperationalHalt m) { }
        public void On(in Trade m) { }
        public void On(in CrossTrade m) { }
        public void On(in BrokenTrade m) { }
        public void On(in Noii m) { }
        public void On(in RetailPriceImprovement m) { }
        public void On(in DirectListingCapitalRaise m) { }
    }
}
