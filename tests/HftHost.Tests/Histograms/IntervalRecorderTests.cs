using HftHost.Sdk.Histograms;

namespace HftHost.Tests.Histograms;

/// <summary>One writer records while another thread takes snapshots: every value lands in exactly one.</summary>
public class IntervalRecorderTests
{
    private const long Highest = 3_600_000_000_000L;

    [Fact]
    public void Should_put_every_value_in_exactly_one_snapshot_taken_from_another_thread()
    {
        const int N = 3_000_000;
        var recorder = new IntervalRecorder(1, Highest, 3);
        var expected = new HdrHistogram(1, Highest, 3);
        for (int i = 0; i < N; i++)
        {
            expected.RecordValue(Value(i));
        }

        using var done = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            for (int i = 0; i < N; i++)
            {
                recorder.RecordValue(Value(i));
            }
            done.Set();
        });

        var accumulated = new HdrHistogram(1, Highest, 3);
        var interval = new HdrHistogram(1, Highest, 3);
        int snapshots = 0;
        int nonEmpty = 0;
        writer.Start();
        while (!done.IsSet)
        {
            recorder.GetIntervalHistogramInto(interval);
            accumulated.Add(interval);
            snapshots++;
            nonEmpty += interval.TotalCount > 0 ? 1 : 0;
        }
        writer.Join();
        accumulated.Add(recorder.GetIntervalHistogram()); // what came after the last snapshot

        HistogramAssert.SameCounts(expected, accumulated);
        Assert.True(nonEmpty > 1, $"only {nonEmpty} of {snapshots} snapshots saw values: the test did not interleave");
        Assert.Equal(0, recorder.GetIntervalHistogram().TotalCount);
    }

    [Fact]
    public void Should_start_each_interval_empty_and_discard_on_reset()
    {
        var recorder = new IntervalRecorder(1, 1_000_000, 3);
        recorder.RecordValue(5);
        recorder.RecordValue(2_000_000);
        HdrHistogram first = recorder.GetIntervalHistogram();
        recorder.RecordValue(7, 3);
        HdrHistogram second = recorder.GetIntervalHistogram();
        recorder.RecordValue(9);
        recorder.Reset();
        HdrHistogram third = recorder.GetIntervalHistogram();

        Assert.Equal(1, first.TotalCount);
        Assert.Equal(1, first.OutOfRangeCount);
        Assert.Equal(5, first.Max);
        Assert.Equal(3, second.TotalCount);
        Assert.Equal(0, second.OutOfRangeCount);
        Assert.Equal(7, second.Min);
        Assert.Equal(0, third.TotalCount);
    }

    // Spread over many buckets and deterministic, so the oracle is recorded the same way.
    private static long Value(int i) => ((long)i * 7919 % 1_000_003) * ((i % 5) + 1) * 1000;
}
