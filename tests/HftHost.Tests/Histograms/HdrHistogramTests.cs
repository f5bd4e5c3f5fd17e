using HftHost.Sdk.Histograms;

namespace HftHost.Tests.Histograms;

/// <summary>The histogram against a sorted-array oracle, and its bookkeeping.</summary>
public class HdrHistogramTests
{
    private const long Highest = 3_600_000_000_000L; // an hour in nanoseconds

    // The rank the reference asks for: ceil(p% of n), at least 1 (see GetValueAtPercentile).
    private static long OracleAtPercentile(long[] sorted, double percentile)
    {
        double requested = Math.Clamp(Math.BitDecrement(percentile), 0.0, 100.0);
        long rank = Math.Max(1, (long)Math.Ceiling(requested / 100.0 * sorted.Length));
        return sorted[rank - 1];
    }

    private static long[] RandomLatencies(int seed, int n)
    {
        var random = new Random(seed);
        var values = new long[n];
        for (int i = 0; i < n; i++)
        {
            // Log-uniform from 1 ns to ~10 s: every bucket gets traffic.
            values[i] = (long)Math.Exp(random.NextDouble() * Math.Log(1e10));
        }
        return values;
    }

    [Theory]
    [InlineData(1, 3, 11)]
    [InlineData(1, 2, 12)]
    [InlineData(1, 5, 13)]
    [InlineData(1000, 3, 14)]
    [InlineData(1, 0, 15)]
    public void Should_match_a_sorted_oracle_within_the_precision(long lowest, int digits, int seed)
    {
        long[] values = RandomLatencies(seed, 100_000);
        var histogram = new HdrHistogram(lowest, Highest, digits);
        foreach (long v in values)
        {
            histogram.RecordValue(v);
        }
        long[] sorted = (long[])values.Clone();
        Array.Sort(sorted);

        Assert.Equal(values.Length, histogram.TotalCount);
        double tolerance = Math.Pow(10, -digits);
        foreach (double p in new[] { 0.0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 99.999, 100 })
        {
            long expected = OracleAtPercentile(sorted, p);
            long actual = histogram.GetValueAtPercentile(p);
            // Exactly the reference's answer: the edge of the oracle value's equivalent range...
            long edge = p == 0 ? histogram.LowestEquivalentValue(expected) : histogram.HighestEquivalentValue(expected);
            Assert.Equal(edge, actual);
            // ...which is within the documented precision (or within one unit of the lowest discernible value).
            double error = Math.Abs(actual - expected);
            Assert.True(error <= Math.Max(expected * tolerance, lowest), $"p{p}: {actual} vs {expected}");
        }
        Assert.Equal(histogram.HighestEquivalentValue(sorted[^1]), histogram.Max);
        Assert.Equal(histogram.LowestEquivalentValue(sorted[0]), histogram.Min);
        double mean = values.Average(v => (double)v);
        Assert.True(Math.Abs(histogram.Mean - mean) <= mean * tolerance + lowest, $"mean {histogram.Mean} vs {mean}");
        double sd = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.True(Math.Abs(histogram.StdDeviation - sd) <= sd * tolerance + lowest, $"sd {histogram.StdDeviation} vs {sd}");
    }

    [Fact]
    public void Should_keep_small_values_exact()
    {
        var histogram = new HdrHistogram(1, Highest, 3);
        for (long v = 0; v < 2048; v++)
        {
            histogram.RecordValue(v);
        }
        // Below 2 × 10^3 every value has its own slot.
        Assert.Equal(1023, histogram.GetValueAtPercentile(50));
        Assert.Equal(2047, histogram.Max);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(1023.5, histogram.Mean, 9);
        Assert.Equal(1, histogram.GetCountAtValue(1500));
    }

    [Fact]
    public void Should_count_out_of_range_values_apart_without_throwing()
    {
        var histogram = new HdrHistogram(1, 1_000_000, 3);
        histogram.RecordValue(10);
        histogram.RecordValue(1_000_001);
        histogram.RecordValue(long.MaxValue, 5);
        histogram.RecordValue(-1);
        histogram.RecordValue(20, 0);

        Assert.Equal(1, histogram.TotalCount);
        Assert.Equal(7, histogram.OutOfRangeCount);
        Assert.Equal(10, histogram.Max);
        Assert.Equal(10, histogram.GetValueAtPercentile(100));
    }

    [Fact]
    public void Should_merge_to_the_same_counts_as_recording_everything_in_one()
    {
        long[] a = RandomLatencies(21, 50_000);
        long[] b = RandomLatencies(22, 50_000);
        var left = new HdrHistogram(1, Highest, 3);
        var right = new HdrHistogram(1, Highest, 3);
        var all = new HdrHistogram(1, Highest, 3);
        foreach (long v in a) { left.RecordValue(v); all.RecordValue(v); }
        foreach (long v in b) { right.RecordValue(v); all.RecordValue(v); }
        right.RecordValue(Highest + 1);

        left.Add(right);

        HistogramAssert.SameCounts(all, left);
        Assert.Equal(1, left.OutOfRangeCount);
        Assert.Equal(all.GetValueAtPercentile(99.9), left.GetValueAtPercentile(99.9));
        Assert.Equal(all.Max, left.Max);
        Assert.Equal(all.Min, left.Min);
    }

    [Fact]
    public void Should_merge_across_layouts_within_the_coarser_precision()
    {
        var fine = new HdrHistogram(1, Highest, 3);
        var coarse = new HdrHistogram(1000, 10_000_000_000L, 2);
        foreach (long v in RandomLatencies(31, 20_000))
        {
            fine.RecordValue(v);
        }
        coarse.Add(fine);

        Assert.Equal(fine.TotalCount, coarse.TotalCount);
        Assert.Equal(0, coarse.OutOfRangeCount);
        long expected = fine.GetValueAtPercentile(99);
        Assert.True(Math.Abs(coarse.GetValueAtPercentile(99) - expected) <= expected / 100 + 1000);
    }

    [Fact]
    public void Should_empty_on_reset_and_copy_independently()
    {
        var histogram = new HdrHistogram(1, Highest, 3);
        foreach (long v in RandomLatencies(41, 10_000))
        {
            histogram.RecordValue(v);
        }
        histogram.RecordValue(-5);
        HdrHistogram copy = histogram.Copy();
        HistogramAssert.SameCounts(histogram, copy);
        Assert.Equal(1, copy.OutOfRangeCount);

        histogram.Reset();

        Assert.Equal(0, histogram.TotalCount);
        Assert.Equal(0, histogram.OutOfRangeCount);
        Assert.Equal(0, histogram.Max);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(0, histogram.Mean);
        Assert.Equal(0, histogram.GetValueAtPercentile(50));
        Assert.Equal(10_000, copy.TotalCount);
        histogram.RecordValue(7);
        Assert.Equal(7, histogram.Min);
        Assert.Equal(7, histogram.Max);
    }

    [Theory]
    [InlineData(0, 100, 3)]
    [InlineData(10, 19, 3)]
    [InlineData(1, 100, -1)]
    [InlineData(1, 100, 6)]
    public void Should_reject_bad_parameters(long lowest, long highest, int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HdrHistogram(lowest, highest, digits));
    }

    [Fact]
    public void Should_allocate_nothing_while_recording_a_million_values()
    {
        var histogram = new HdrHistogram(1, Highest, 3);
        var recorder = new IntervalRecorder(1, Highest, 3);
        long[] values = RandomLatencies(51, 1_000_000);
        values[17] = Highest * 2; // the out-of-range path too
        values[18] = -3;
        // JIT and tiering out of the way before measuring.
        for (int i = 0; i < 1000; i++)
        {
            histogram.RecordValue(values[i]);
            histogram.RecordValue(values[i], 2);
            recorder.RecordValue(values[i]);
            recorder.RecordValue(values[i], 2);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < values.Length; i++)
        {
            histogram.RecordValue(values[i]);
        }
        for (int i = 0; i < values.Length; i++)
        {
            recorder.RecordValue(values[i], 3);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        // 998 in-range warm-up values × 3, then 999,998 in range; the two odd ones go aside.
        Assert.Equal(998 * 3 + 999_998, histogram.TotalCount);
        Assert.Equal(2 * 3 + 2, histogram.OutOfRangeCount);
    }
}
