using HftHost.Itch50;

namespace HftHost.Tests.MarketData;

public sealed class BinaryFileReaderTests
{
    [Fact]
    public void Should_report_a_partial_message_at_the_offset_of_its_length_prefix()
    {
        // The sample cut 5 bytes into its last message (a 35-byte 'U' whose length prefix is at offset 35,533).
        byte[] cut = ItchSample.Bytes[..35_540];
        var reader = new BinaryFileReader(cut);
        while (reader.TryRead(out _))
        {
        }

        Assert.Equal(999, reader.Messages);
        Assert.Equal(BinaryFileTruncation.PartialMessage, reader.Truncation);
        Assert.Equal(35_533, reader.Offset);
        Assert.Equal(7, reader.Remaining);
        Assert.False(reader.IsAtEnd);
        Assert.Equal("truncated at offset 35533: a 35-byte message with 5 bytes left", reader.Describe());
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Should_report_a_lone_length_byte()
    {
        byte[] bytes = [.. ItchSample.Bytes[..21], 0x00];
        var reader = new BinaryFileReader(bytes);

        Assert.True(reader.TryRead(out ReadOnlySpan<byte> first));
        Assert.Equal(19, first.Length);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(BinaryFileTruncation.PartialLengthPrefix, reader.Truncation);
        Assert.Equal(21, reader.Offset);
    }

    [Fact]
    public void Should_read_empty_input_and_zero_length_records_without_complaint()
    {
        var empty = new BinaryFileReader([]);
        Assert.False(empty.TryRead(out _));
        Assert.Equal(BinaryFileTruncation.None, empty.Truncation);
        Assert.True(empty.IsAtEnd);

        var zero = new BinaryFileReader([0, 0, 0, 0]);
        Assert.True(zero.TryRead(out ReadOnlySpan<byte> a));
        Assert.True(zero.TryRead(out ReadOnlySpan<byte> b));
        Assert.False(zero.TryRead(out _));
        Assert.True(a.IsEmpty && b.IsEmpty);
        Assert.True(zero.IsAtEnd);
    }

    [Fact]
    public void Should_not_allocate_per_message()
    {
        byte[] bytes = ItchSample.Bytes;
        Count(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long messages = 0;
        for (int pass = 0; pass < 100; pass++)
        {
            messages += Count(bytes);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100 * ItchSample.MessageCount, messages);
    }

    private static long Count(byte[] bytes)
    {
        var reader = new BinaryFileReader(bytes);
        while (reader.TryRead(out _))
        {
        }
        return reader.Messages;
    }
}
