namespace HftHost.Benchmarks;

/// <summary>Entry point: <c>dispatch</c> (BenchmarkDotNet) or <c>reload-pause</c> (a timed run of the real data plane).</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args)
        {
            case ["dispatch", .. var rest]:
                return DispatchRun.Run(rest);
            case ["reload-pause", .. var rest]:
                return ReloadPauseRun.Run(rest);
            case ["market-data", .. var rest]:
                return MarketDataRun.Run(rest);
            case ["book-only", .. var rest]:
                return BookOnlyRun.Run(rest);
            case ["filter", .. var rest]:
                return FilterRun.Run(rest);
            case ["micro", .. var rest]:
                // Ring read, frame parse, each ITCH message type, book updates, histogram records.
                BenchmarkDotNet.Running.BenchmarkSwitcher.FromTypes(
                    [typeof(RingReadBenchmarks), typeof(FrameParseBenchmarks), typeof(ItchParseBenchmarks), typeof(BookUpdateBenchmarks), typeof(HistogramRecordBenchmarks)])
                    .Run(rest.Length == 0 ? ["--filter", "*"] : rest);
                return 0;
            default:
                Console.Error.WriteLine(
                    """
                    usage: HftHost.Benchmarks dispatch [--out FILE] [--markdown FILE] [BenchmarkDotNet options, e.g. --job short]
                           HftHost.Benchmarks reload-pause [--reloads N] [--baseline-seconds S] [--frames-between F] [--busy-spin] [--out FILE] [--markdown FILE]
                           HftHost.Benchmarks market-data FEED.pcap [--runs N] [--stages 1|2|3|4|5] [--compare-plugins DIR] [--book-setting KEY=VALUE] [--compare-stages A,B] [--direct] [--parse] [--out FILE]
                           HftHost.Benchmarks book-only VENUE.itch       (a BinaryFILE of hfthost gen itch --binaryfile)
                           HftHost.Benchmarks filter [--rounds N] [--frames F] [--out FILE]   (PacketFilter with 1, 100, 10,000 rules)
                           HftHost.Benchmarks micro [BenchmarkDotNet options]   (ring read, frame parse, ITCH types, book updates, histogram records)
                    """);
                return 2;
        }
    }
}
