using System.Buffers.Binary;
using HftHost.MoldUdp64;
using HftHost.Plugins.MoldUdp64;

namespace HftHost.Tests.MarketData;

/// <summary>
/// The MoldUDP64 framing check (blocks that fill the datagram exactly), whose fast walk sums
/// only the lengths' low bytes: every answer must be the one whole 16-bit lengths give.
/// </summary>
public class MoldUdp64FramingTests
{
    [Theory]
    [InlineData(new[] { 4, 4, 4 }, 0, true)]
    [InlineData(new[] { 300, 5 }, 0, true)] // a block of 256 bytes or more: the whole-length walk
    [InlineData(new[] { 256 }, 0, true)]    // low byte 0, high byte 1
    [InlineData(new[] { 0, 0 }, 0, true)]   // empty messages are framed (the decoder counts them short)
    [InlineData(new[] { 4, 4 }, 1, false)]  // a byte left over after the last block
    [InlineData(new[] { 4, 4 }, -1, false)] // the last block ends past the datagram
    public void Should_frame_blocks_exactly_as_whole_lengths_say(int[] lengths, int extraBytes, bool framed)
    {
        byte[] blocks = Blocks(lengths, extraBytes);

        Assert.Equal(framed, MoldUdp64Decoder.IsFramed(blocks, (ushort)lengths.Length));
        Assert.Equal(framed, ByWholeLengths(blocks, lengths.Length));
    }

    [Fact]
    public void Should_refuse_a_length_whose_low_byte_alone_would_fill_the_datagram()
    {
        // 0x0103: 259 bytes claimed, 3 sent. Summing low bytes only would call this framed.
        byte[] blocks = [0x01, 0x03, (byte)'M', 1, 2];

        Assert.False(MoldUdp64Decoder.IsFramed(blocks, 1));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(MoldUdp64Format.EndOfSession, true)]
    public void Should_take_a_bare_header_as_framed_only_without_blocks(ushort count, bool emptyFramed)
    {
        Assert.Equal(emptyFramed, MoldUdp64Decoder.IsFramed([], count));
        Assert.False(MoldUdp64Decoder.IsFramed([0, 1, (byte)'M'], count));
    }

    [Fact]
    public void Should_agree_with_whole_lengths_on_random_and_near_miss_packets()
    {
        var random = new Random(20261206);
        int framedSeen = 0;
        for (int round = 0; round < 200_000; round++)
        {
            int count = random.Next(1, 12);
            int[] lengths = new int[count];
            for (int i = 0; i < count; i++)
            {
                // Mostly ITCH-sized, some across 256, where the fast walk hands over.
                lengths[i] = random.Next(10) == 0 ? random.Next(250, 600) : random.Next(0, 60);
            }
            byte[] blocks = Blocks(lengths, extraBytes: random.Next(4) == 0 ? random.Next(-3, 4) : 0);
            if (blocks.Length != 0 && random.Next(3) == 0)
            {
                blocks[random.Next(blocks.Length)] ^= (byte)random.Next(1, 256); // often a length byte
            }
            ushort claimed = (ushort)(count + (random.Next(5) == 0 ? random.Next(-1, 2) : 0));
            if (claimed is 0)
            {
                continue;
            }

            bool expected = ByWholeLengths(blocks, claimed);
            Assert.True(expected == MoldUdp64Decoder.IsFramed(blocks, claimed), $"round {round}: {Convert.ToHexString(blocks)}, count {claimed}");
            framedSeen += expected ? 1 : 0;
        }
        Assert.InRange(framedSeen, 50_000, 190_000); // both answers well represented
    }

    // The definition: each block is a big-endian u16 length and that many bytes; the blocks end
    // exactly at the end.
    private static bool ByWholeLengths(ReadOnlySpan<byte> blocks, int count)
    {
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            if (offset + 2 > blocks.Length)
            {
                return false;
            }
            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(blocks[offset..]);
        }
        return offset == blocks.Length;
    }

    private static byte[] Blocks(int[] lengths, int extraBytes)
    {
        var blocks = new List<byte>();
        foreach (int length in lengths)
        {
            blocks.Add((byte)(length >> 8));
            blocks.Add((byte)length);
            for (int i = 0; i < length; i++)
            {
                blocks.Add((byte)('A' + i % 26));
            }
        }
        for (int i = 0; i < extraBytes; i++)
        {
            blocks.Add(0);
        }
        return extraBytes < 0 ? blocks.Take(Math.Max(blocks.Count + extraBytes, 0)).ToArray() : [.. blocks];
    }
}
