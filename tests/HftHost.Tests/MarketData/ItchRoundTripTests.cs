using HftHost.Itch50;

namespace HftHost.Tests.MarketData;

/// <summary>Every ITCH 5.0 type written by <see cref="ItchWriter"/> parses back equal, at the spec's length.</summary>
public sealed class ItchRoundTripTests
{
    // Lengths from the NASDAQ TotalView-ITCH 5.0 specification, "Message Formats".
    private static readonly Dictionary<char, int> SpecLengths = new()
    {
        ['S'] = 12, ['R'] = 39, ['H'] = 25, ['Y'] = 20, ['L'] = 26, ['V'] = 35, ['W'] = 12, ['K'] = 28, ['J'] = 35, ['h'] = 21,
        ['A'] = 36, ['F'] = 40, ['E'] = 31, ['C'] = 36, ['X'] = 23, ['D'] = 19, ['U'] = 35, ['P'] = 44, ['Q'] = 40, ['B'] = 19,
        ['I'] = 50, ['N'] = 20, ['O'] = 48,
    };

    public static TheoryData<string> Types => [.. ItchSamples.All.Select(m => m.GetType().Name)];

    [Fact]
    public void Should_cover_the_23_types_of_the_spec()
    {
        Assert.Equal(23, ItchMessageTypes.All.Length);
        Assert.Equal(23, ItchSamples.All.Count);
        Assert.Equal(
            SpecLengths.Keys.Order(),
            ItchSamples.All.Select(m => (char)Write(m)[0]).Order());
        foreach (ItchMessageType type in ItchMessageTypes.All)
        {
            Assert.Equal(SpecLengths[(char)(byte)type], ItchMessageTypes.LengthOf(type));
        }
        Assert.Equal(0, ItchMessageTypes.LengthOf((byte)'Z'));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += ItchMessageTypes.All.Length;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(23_000, sum);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Should_parse_back_what_was_written(string typeName)
    {
        object message = ItchSamples.All.Single(m => m.GetType().Name == typeName);
        byte[] bytes = Write(message);
        char type = (char)bytes[0];

        Assert.Equal(SpecLengths[type], bytes.Length);
        var visitor = new CapturingVisitor();
        Assert.Equal(ItchParseResult.Ok, ItchParser.Parse(bytes, ref visitor));
        Assert.Equal(1, visitor.Messages);
        Assert.Equal(message, visitor.Last);

        // A byte more is a longer message of a later revision: still decoded, the extra ignored.
        byte[] longer = [.. bytes, 0xAB];
        Assert.Equal(ItchParseResult.Ok, ItchParser.Parse(longer, ref visitor));
        Assert.Equal(message, visitor.Last);
    }

    // The order-flow readers read without bounds checks once the type's length is checked: a
    // read past that length would take whatever follows the message in the packet. Here what
    // follows is all ones, then all zeros: a field read from there differs between the two.
    [Theory]
    [MemberData(nameof(Types))]
    public void Should_read_nothing_past_the_length_of_its_type(string typeName)
    {
        object message = ItchSamples.All.Single(m => m.GetType().Name == typeName);
        byte[] bytes = Write(message);
        foreach (byte poison in new byte[] { 0xFF, 0x00 })
        {
            byte[] packet = [.. bytes, .. Enumerable.Repeat(poison, 16)];
            var visitor = new CapturingVisitor();
            Assert.Equal(ItchParseResult.Ok, ItchParser.Parse(packet.AsSpan(0, bytes.Length), ref visitor));
            Assert.Equal(message, visitor.Last);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Should_refuse_a_message_one_byte_short_and_a_destination_one_byte_short(string typeName)
    {
        object message = ItchSamples.All.Single(m => m.GetType().Name == typeName);
        byte[] bytes = Write(message);
        var visitor = new CapturingVisitor();

        Assert.Equal(ItchParseResult.Short, ItchParser.Parse(bytes.AsSpan(0, bytes.Length - 1), ref visitor));
        Assert.Equal(0, visitor.Messages);
        ArgumentException refused = Assert.Throws<ArgumentException>(() => ItchSamples.Write(new byte[bytes.Length - 1], message));
        Assert.Equal("destination", refused.ParamName);
    }

    [Fact]
    public void Should_refuse_values_that_do_not_fit_their_fields()
    {
        byte[] buffer = new byte[64];
        var order = new AddOrder(1, 0, 0, 1, Side.Buy, 100, StockSymbol.FromText("AAPL"), 1_000_000);

        Assert.Throws<ArgumentOutOfRangeException>(() => ItchWriter.Write(buffer, order with { Price = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItchWriter.Write(buffer, order with { Price = 1L << 32 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItchWriter.Write(buffer, order with { Timestamp = 1L << 48 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItchWriter.Write(buffer, order with { Timestamp = -1 }));
        Assert.Throws<ArgumentException>(() => StockSymbol.FromText("TOOLONGSYM"));
        Assert.Throws<ArgumentException>(() => Alpha4.FromText("ABCDE"));
    }

    [Fact]
    public void Should_refuse_empty_and_unknown_messages()
    {
        var visitor = new CapturingVisitor();

        Assert.Equal(ItchParseResult.Short, ItchParser.Parse([], ref visitor));
        Assert.Equal(ItchParseResult.UnknownType, ItchParser.Parse("Z"u8, ref visitor));
        // 'T' (seconds) was an ITCH 4.x type; 5.0 has none.
        byte[] seconds = new byte[50];
        seconds[0] = (byte)'T';
        Assert.Equal(ItchParseResult.UnknownType, ItchParser.Parse(seconds, ref visitor));
        Assert.Equal(0, visitor.Messages);
    }

    // The book's entry point decodes its eight types exactly as Parse does, and nothing else:
    // another type, valid or not, and one of its types a byte short, leave the visitor alone.
    [Theory]
    [MemberData(nameof(Types))]
    public void Should_decode_the_order_flow_types_as_parse_does_and_pass_over_the_rest(string typeName)
    {
        object message = ItchSamples.All.Single(m => m.GetType().Name == typeName);
        byte[] bytes = Write(message);
        bool orderFlow = ItchMessageTypes.OrderFlow.Contains((ItchMessageType)bytes[0]);
        foreach (byte poison in new byte[] { 0xFF, 0x00 })
        {
            byte[] packet = [.. bytes, .. Enumerable.Repeat(poison, 16)];
            var visitor = new CapturingVisitor();

            Assert.Equal(orderFlow, ItchParser.ParseOrderFlow(packet.AsSpan(0, bytes.Length), ref visitor));
            Assert.Equal(orderFlow ? 1 : 0, visitor.Messages);
            Assert.Equal(orderFlow ? message : null, visitor.Last);

            var shortVisitor = new CapturingVisitor();
            Assert.False(ItchParser.ParseOrderFlow(packet.AsSpan(0, bytes.Length - 1), ref shortVisitor));
            Assert.Equal(0, shortVisitor.Messages);
        }
    }

    [Fact]
    public void Should_name_eight_order_flow_types_and_pass_over_empty_and_unknown_messages()
    {
        Assert.Equal(
            "AFECXDUR".Order(),
            ItchMessageTypes.OrderFlow.ToArray().Select(t => (char)(byte)t).Order());
        var visitor = new CapturingVisitor();
        Assert.False(ItchParser.ParseOrderFlow([], ref visitor));
        Assert.False(ItchParser.ParseOrderFlow("Z"u8, ref visitor));
        Assert.Equal(0, visitor.Messages);
    }

    private static byte[] Write(object message)
    {
        byte[] buffer = new byte[64];
        return buffer[..ItchSamples.Write(buffer, message)];
    }
}
