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
            default:
                Console.Error.WriteLine(
                    """
                    usage: HftHost.Benchmarks dispatch [--out FILE] [--markdown FILE] [BenchmarkDotNet options, e.g. --job short]
                           HftHost.Benchmarks reload-pause [--reloads N] [--baseline-seconds S] [--frames-between F] [--busy-spin] [--out FILE] [--markdown FILE]
                           HftHost.Benchmarks market-data FEED.pcap [--runs N] [--out FILE]
                    """);
                return 2;
        }
    }
}
