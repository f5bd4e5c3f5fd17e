using System.Runtime.CompilerServices;
using HftHost.Sdk.Histograms;

namespace HftHost.Tests.Histograms;

/// <summary>V2 encoding and the .hlog format: round trips, and a log written by the reference implementation.</summary>
public class HistogramEncodingTests
{
    private const long Highest = 3_600_000_000_000L;

    private static HdrHistogram Populated(int seed, long lowest = 1, int digits = 3)
    {
        var random = new Random(seed);
        var histogram = new HdrHistogram(lowest, Highest, digits);
        for (int i = 0; i < 50_000; i++)
        {
            histogram.RecordValue((long)Math.Exp(random.NextDouble() * Math.Log(1e11)));
        }
        histogram.RecordValue(0, 3);
        histogram.RecordValue(1L << 40, 1L << 40); // a count that needs the long varint form
        return histogram;
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 5)]
    [InlineData(1000, 2)]
    [InlineData(1, 0)]
    public void Should_round_trip_through_both_encodings(long lowest, int digits)
    {
        HdrHistogram original = Populated(7, lowest, digits);

        byte[] plain = HdrHistogramEncoding.Encode(original);
        byte[] compressed = HdrHistogramEncoding.EncodeCompressed(original);

        HistogramAssert.SameCounts(original, HdrHistogramEncoding.Decode(plain));
        HistogramAssert.SameCounts(original, HdrHistogramEncoding.Decode(compressed));
        Assert.Equal(0x1c849313, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(plain));
        Assert.Equal(0x1c849314, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(compressed));
        if (digits >= 2)
        {
            // Below that the counts array is a few dozen bytes and zlib's framing outweighs any gain.
            Assert.True(compressed.Length < plain.Length);
        }
    }

    [Fact]
    public void Should_round_trip_an_empty_histogram()
    {
        var empty = new HdrHistogram(1, 1000, 2);
        HdrHistogram decoded = HdrHistogramEncoding.DecodeBase64(HdrHistogramEncoding.EncodeCompressedBase64(empty));
        HistogramAssert.SameCounts(empty, decoded);
        Assert.Equal(40, HdrHistogramEncoding.Encode(empty).Length);
    }

    [Fact]
    public void Should_reject_bytes_that_are_not_a_histogram()
    {
        Assert.Throws<FormatException>(() => HdrHistogramEncoding.Decode(new byte[] { 1, 2, 3 }));
        Assert.Throws<FormatException>(() => HdrHistogramEncoding.Decode(new byte[48]));
        byte[] truncated = HdrHistogramEncoding.EncodeCompressed(Populated(3));
        Assert.Throws<FormatException>(() => HdrHistogramEncoding.Decode(truncated.AsSpan(0, truncated.Length - 10)));
    }

    [Fact]
    public void Should_read_back_a_log_it_wrote()
    {
        HdrHistogram a = Populated(1);
        HdrHistogram b = Populated(2);
        var text = new StringWriter();
        var writer = new HistogramLogWriter(text);
        writer.WriteLogFormatVersion();
        writer.WriteStartTime(1_700_000_000.250);
        writer.WriteBaseTime(1_700_000_000.000);
        writer.WriteComment("written by HftHost tests");
        writer.WriteLegend();
        writer.WriteIntervalHistogram(1_700_000_000.500, 1.0, a);
        writer.WriteIntervalHistogram(1_700_000_001.500, 1.0, b, tag: "feedA");

        string log = text.ToString();
        Assert.StartsWith("#[Histogram log format version 1.3]\n#[StartTime: 1700000000.250 (seconds since epoch), 2023-11-14T22:13:20.250Z]\n#[BaseTime: 1700000000.000 (seconds since epoch)]\n", log);
        Assert.Contains("\n#written by HftHost tests\n", log);
        Assert.Contains("\n\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n0.500,1.000,", log);
        Assert.Contains("\nTag=feedA,1.500,1.000,", log);

        var reader = new HistogramLogReader(new StringReader(log));
        HistogramLogEntry? first = reader.ReadNextInterval();
        HistogramLogEntry? second = reader.ReadNextInterval();
        Assert.Null(reader.ReadNextInterval());

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(1_700_000_000.250, reader.StartTimeSec);
        Assert.Equal(1_700_000_000.000, reader.BaseTimeSec);
        Assert.Null(first.Tag);
        Assert.Equal("feedA", second.Tag);
        Assert.Equal(1_700_000_000.500, first.StartTimestampSec, 6);
        Assert.Equal(1.0, second.IntervalLengthSec);
        Assert.Equal(Math.Round(a.Max / 1e6, 3), first.IntervalMax);
        HistogramAssert.SameCounts(a, first.Histogram);
        HistogramAssert.SameCounts(b, second.Histogram);
    }

    /// <summary>
    /// A jHiccup 2.0.7 log (the Java reference implementation's writer); see data/README.md for
    /// where the bytes come from and where each expected figure is published.
    /// </summary>
    [Fact]
    public void Should_decode_a_log_written_by_the_reference_implementation()
    {
        using var file = new StreamReader(DataPath("jHiccup-with-basetime-2.0.7S.logV2.hlog"));
        var reader = new HistogramLogReader(file);
        var accumulated = new HdrHistogram(1, Highest, 3);
        int intervals = 0;
        long totalCount = 0;
        HistogramLogEntry? firstEntry = null;
        HistogramLogEntry? entry;
        while ((entry = reader.ReadNextInterval()) is not null)
        {
            firstEntry ??= entry;
            intervals++;
            totalCount += entry.Histogram.TotalCount;
            accumulated.Add(entry.Histogram);
            // Interval_Max, written by the reference next to each histogram, is its maximum in ms.
            Assert.Equal(entry.IntervalMax, Math.Round(entry.Histogram.Max / 1e6, 3));
        }

        // Interval 0, as pinned by hdrhistogram-go's log_writer_test.go golden values.
        Assert.NotNull(firstEntry);
        HdrHistogram first = firstEntry.Histogram;
        Assert.Equal(741, first.TotalCount);
        Assert.Equal(2_768_895, first.Max);
        Assert.Equal(344_063, first.GetValueAtPercentile(50));
        Assert.Equal(409_599, first.GetValueAtPercentile(99));
        Assert.Equal(1441812279.474, reader.StartTimeSec);
        Assert.Equal(1441812123.123, reader.BaseTimeSec);
        Assert.Equal(1441812123.123 + 0.127, firstEntry.StartTimestampSec, 6);

        // The whole log, as pinned by the Java reference's HistogramLogReaderWriterTest.jHiccupV2Log.
        Assert.Equal(62, intervals);
        Assert.Equal(48_761, totalCount);
        Assert.Equal(1_745_879_039, accumulated.GetValueAtPercentile(99.9));
        Assert.Equal(1_796_210_687, accumulated.Max);
    }

    private static string DataPath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "data", name);
}
