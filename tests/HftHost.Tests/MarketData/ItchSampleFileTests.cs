using HftHost.Itch50;

namespace HftHost.Tests.MarketData;

/// <summary>The real NASDAQ sample (../shared/data/nasdaq-itch50) decodes exactly.</summary>
public sealed class ItchSampleFileTests
{
    [Fact]
    public void Should_decode_every_message_of_the_sample_file_and_consume_it_exactly()
    {
        var reader = new BinaryFileReader(ItchSample.Bytes);
        var visitor = new CapturingVisitor { Keep = false };
        long ok = 0;
        while (reader.TryRead(out ReadOnlySpan<byte> message))
        {
            Assert.Equal(ItchMessageTypes.LengthOf(message[0]), message.Length);
            Assert.Equal(ItchParseResult.Ok, ItchParser.Parse(message, ref visitor));
            ok++;
        }

        Assert.Equal(BinaryFileTruncation.None, reader.Truncation);
        Assert.Null(reader.Describe());
        Assert.True(reader.IsAtEnd);
        Assert.Equal(ItchSample.FileLength, reader.Offset);
        Assert.Equal(ItchSample.MessageCount, reader.Messages);
        Assert.Equal(ItchSample.MessageCount, ok);
        Assert.Equal(ItchSample.MessageCount, visitor.Messages);
        var expected = new Dictionary<char, long>
        {
            ['A'] = 367, ['U'] = 225, ['F'] = 193, ['D'] = 167, ['E'] = 28, ['X'] = 6, ['I'] = 4, ['P'] = 4, ['Q'] = 4, ['S'] = 1, ['C'] = 1,
        };
        for (int type = 0; type < 256; type++)
        {
            Assert.True(
                expected.GetValueOrDefault((char)type) == visitor.Counts[type],
                $"'{(char)type}': expected {expected.GetValueOrDefault((char)type)}, decoded {visitor.Counts[type]}");
        }
        // The first message's timestamp bytes are 1f 1a ce d9 f0 e6, the last's 1f 1a ce fe 04 c3 (offset 5
        // of each, 6 bytes). ../shared/data/README.md gives 34,200,000,000,064 and 34,200,000,656,836:
        // neither occurs in the file (sha256 0e8d7256... as the README says), so the README is wrong there.
        Assert.Equal(34_200_000_000_230, visitor.FirstTimestamp);
        Assert.Equal(34_200_002_364_611, visitor.LastTimestamp);
    }

    // Expected values decoded by hand from `xxd` of the file, with the field offsets of the
    // NASDAQ TotalView-ITCH 5.0 specification (header: type 0, locate 1-2, tracking 3-4,
    // timestamp 5-10; then each message's fields). Prices have 4 implied decimals.
    public static TheoryData<int, object> SpotChecks => new()
    {
        // 44 0be1 0000 1f1aced9f0e6 00000000004a07ee
        { 0, new OrderDelete(3041, 0, 34_200_000_000_230, 4_851_694) },
        // 45 06bb 0002 1f1aced9fac8 000000000077de35 00000050 000000000000d0e6
        { 1, new OrderExecuted(1723, 2, 34_200_000_002_760, 7_855_669, 80, 53_478) },
        // 53 0000 0000 1f1acedb172e 51 ('Q': start of market hours, 09:30:00.000075566)
        { 2, new SystemEvent(0, 0, 34_200_000_075_566, SystemEventCode.StartOfMarketHours) },
        // 55 1154 0000 1f1acedb5554 0000000000554672 0000000000569e5a 000003e8 001c758c ($186.5100)
        { 4, new OrderReplace(4436, 0, 34_200_000_091_476, 5_588_594, 5_676_634, 1000, 1_865_100) },
        // 41 20bd 0000 1f1acedb597b 0000000000970c7c 42 00000064 "VIXM    " 00034134 ($21.3300)
        { 5, new AddOrder(8381, 0, 34_200_000_092_539, 9_899_132, Side.Buy, 100, StockSymbol.FromText("VIXM"), 213_300) },
        // 46 1804 0000 1f1acedb6963 0000000000729047 42 00000064 "PGF     " 0002cad8 "FLTG"
        { 7, new AddOrderMpid(6148, 0, 34_200_000_096_611, 7_508_039, Side.Buy, 100, StockSymbol.FromText("PGF"), 183_000, Alpha4.FromText("FLTG")) },
        // 49 02cc 0000 1f1acedbc7ec 000000000000004f 0000000000000000 4e "BATRK   " 0004856c x3 4f 4c
        {
            24, new Noii(
                716, 0, 34_200_000_120_812, 79, 0, ImbalanceDirection.NoImbalance, StockSymbol.FromText("BATRK"),
                296_300, 296_300, 296_300, CrossType.Opening, (byte)'L')
        },
        // 50 1a9f 0002 1f1acee49393 0000000000000000 42 00000054 "ROKU    " 001502e8 000000000000d0ef
        { 262, new Trade(6815, 2, 34_200_000_697_235, 0, Side.Buy, 84, StockSymbol.FromText("ROKU"), 1_377_000, 53_487) },
        // 43 0e58 0001 1f1acee91efc 000000000056961a 00000036 000000000000d0f8 4e 00062b4c
        { 307, new OrderExecutedWithPrice(3672, 1, 34_200_000_995_068, 5_674_522, 54, 53_496, YesNo.No, 404_300) },
        // 51 0e58 0002 1f1acee91efc 0000000000001829 "HDS     " 00062b4c 000000000000d0f9 4f (the opening cross that printed message 307)
        { 308, new CrossTrade(3672, 2, 34_200_000_995_068, 6185, StockSymbol.FromText("HDS"), 404_300, 53_497, CrossType.Opening) },
        // 58 025a 0000 1f1aceecdb0c 000000000077aefd 000000c8
        { 484, new OrderCancel(602, 0, 34_200_001_239_820, 7_843_581, 200) },
    };

    [Theory]
    [MemberData(nameof(SpotChecks))]
    public void Should_decode_the_fields_the_bytes_hold(int index, object expected)
    {
        ReadOnlySpan<byte> message = ItchSample.Bytes.AsSpan(ItchSample.Messages[index]);
        var visitor = new CapturingVisitor();

        Assert.Equal(ItchParseResult.Ok, ItchParser.Parse(message, ref visitor));

        Assert.Equal(expected, visitor.Last);
        Span<byte> written = stackalloc byte[64];
        Assert.True(message.SequenceEqual(written[..ItchSamples.Write(written, expected)]), "the writer gives back the file's bytes");
    }

    [Fact]
    public void Should_show_symbols_and_attributions_as_trimmed_text()
    {
        var visitor = new CapturingVisitor();
        ItchParser.Parse(ItchSample.Bytes.AsSpan(ItchSample.Messages[7]), ref visitor);
        var order = (AddOrderMpid)visitor.Last!;

        Assert.Equal("PGF", order.Stock.ToString());
        Assert.Equal("FLTG", order.Attribution.ToString());
        Assert.Equal(StockSymbol.FromText("PGF"), order.Stock);
    }
}
