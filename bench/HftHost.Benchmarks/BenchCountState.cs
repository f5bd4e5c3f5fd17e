namespace HftHost.Benchmarks;

/// <summary>What <see cref="BenchCountingDecoder"/> counts: the same fields as the CountingPlugin fixture's state.</summary>
internal sealed class BenchCountState
{
    public long Frames;
    public ulong NextSequence;
    public long Missing;
    public long Repeated;
}
