using BenchmarkDotNet.Attributes;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;
using HftHost.Sdk.Histograms;

namespace HftHost.Benchmarks;

/// <summary>Parsing a frame's Ethernet/VLAN/IPv4/UDP headers, per frame (1,024 varied frames an operation).</summary>
[MemoryDiagnoser]
public class FrameParseBenchmarks
{
    private FrameSet _frames = null!;

    [GlobalSetup]
    public void Setup() => _frames = FrameSet.Build(1024);

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Parse()
    {
        int payload = 0;
        for (int i = 0; i < _frames.Count; i++)
        {
            FrameView frame = FrameParser.Parse(_frames.Buffer.AsSpan(_frames.Offsets[i], _frames.Lengths[i]), i, _frames.Lengths[i], 0, 0);
            payload += frame.PayloadLength;
        }
        return payload;
    }
}

/// <summary>Decoding one ITCH 5.0 message of each type (every field, into its struct), per message.</summary>
[MemoryDiagnoser]
public class ItchParseBenchmarks
{
    private byte[] _message = [];

    /// <summary>Every ITCH 5.0 message type.</summary>
    public static IEnumerable<char> Types => ItchMessageTypes.All.ToArray().Select(t => (char)(byte)t);

    [ParamsSource(nameof(Types))]
    public char Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A message of the type's exact length: the parser reads every field whatever its value.
        _message = new byte[ItchMessageTypes.LengthOf((byte)Type)];
        _message[0] = (byte)Type;
        new Random(5).NextBytes(_message.AsSpan(1));
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public long Parse()
    {
        var visitor = default(CountingVisitor);
        for (int i = 0; i < 1000; i++)
        {
            ItchParser.Parse(_message, ref visitor);
        }
        return visitor.Count;
    }

    private struct CountingVisitor : IItchVisitor
    {
        public long Count;

        public void On(in SystemEvent message) => Count += message.Timestamp;
        public void On(in StockDirectory message) => Count += message.Timestamp;
        public void On(in StockTradingAction message) => Count += message.Timestamp;
        public void On(in RegShoRestriction message) => Count += message.Timestamp;
        public void On(in MarketParticipantPosition message) => Count += message.Timestamp;
        public void On(in MwcbDeclineLevel message) => Count += message.Timestamp;
        public void On(in MwcbStatus message) => Count += message.Timestamp;
        public void On(in IpoQuotingPeriodUpdate message) => Count += message.Timestamp;
        public void On(in LuldAuctionCollar message) => Count += message.Timestamp;
        public void On(in OperationalHalt message) => Count += message.Timestamp;
        public void On(in AddOrder message) => Count += message.Timestamp;
        public void On(in AddOrderMpid message) => Count += message.Timestamp;
        public void On(in OrderExecuted message) => Count += message.Timestamp;
        public void On(in OrderExecutedWithPrice message) => Count += message.Timestamp;
        public void On(in OrderCancel message) => Count += message.Timestamp;
        public void On(in OrderDelete message) => Count += message.Timestamp;
        public void On(in OrderReplace message) => Count += message.Timestamp;
        public void On(in Trade message) => Count += message.Timestamp;
        public void On(in CrossTrade message) => Count += message.Timestamp;
        public void On(in BrokenTrade message) => Count += message.Timestamp;
        public void On(in Noii message) => Count += message.Timestamp;
        public void On(in RetailPriceImprovement message) => Count += message.Timestamp;
        public void On(in DirectListingCapitalRaise message) => Count += message.Timestamp;
    }
}

/// <summary>
/// Book updates on one venue: an order added, executed in part, then deleted (three updates an
/// order), over a rolling set of 4,096 live orders on 64 instruments, per update.
/// </summary>
[MemoryDiagnoser]
public class BookUpdateBenchmarks
{
    private const int Live = 4096;
    private VenueBook _book = null!;
    private ulong _next;

    [GlobalSetup]
    public void Setup()
    {
        _book = new VenueBook(MoldSession.FromText("BENCH"), 1 << 14, 64);
        for (_next = 1; _next <= Live; _next++)
        {
            Add(_next);
        }
    }

    [Benchmark(OperationsPerInvoke = 3 * 1024)]
    public void AddExecuteDelete()
    {
        for (int i = 0; i < 1024; i++)
        {
            ulong oldest = _next - Live;
            Add(_next++);
            _book.Reduce(oldest + 1, 100);
            _book.Delete(oldest);
        }
    }

    private void Add(ulong reference) =>
        _book.Add(reference, (reference & 1) == 0, 300, 1_000_000 + (long)(reference % 16) * 100 * ((reference & 1) == 0 ? -1 : 1), (ushort)(reference % 64), default);
}

/// <summary>Recording a latency in an HDR histogram (3 significant digits, 1 ns .. 1 hour), per value.</summary>
[MemoryDiagnoser]
public class HistogramRecordBenchmarks
{
    private readonly HdrHistogram _histogram = new(1, 3_600_000_000_000, 3);
    private readonly IntervalRecorder _recorder = new(1, 3_600_000_000_000, 3);
    private readonly long[] _values = new long[1024];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = (long)Math.Exp(random.NextDouble() * 20); // 1 ns .. ~0.5 ms, log-uniform
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1024)]
    public void Histogram()
    {
        foreach (long value in _values)
        {
            _histogram.RecordValue(value);
        }
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public void IntervalRecorder()
    {
        foreach (long value in _values)
        {
            _recorder.RecordValue(value);
        }
    }
}
