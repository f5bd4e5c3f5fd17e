using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.Itch50;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.MarketData;

/// <summary>
/// A million damaged messages (real ones and one of each type, with bytes flipped, cut short,
/// given a random type byte or a random length; fixed seed) through the parser and the plugin:
/// nothing throws, and every message is decoded or counted as short or of an unknown type,
/// the same way whether the plugin decodes each message for typed subscribers or, with none,
/// only checks each type and length (a packet's run passed on whole).
/// </summary>
public sealed class ItchFuzzTests
{
    private const int Messages = 1_000_000;

    [Fact]
    public void Should_count_every_damaged_message_and_throw_none()
    {
        byte[][] originals =
        [
            .. ItchSample.Messages.Select(range => ItchSample.Bytes[range]),
            .. ItchSamples.All.Select(message =>
            {
                byte[] buffer = new byte[64];
                return buffer[..ItchSamples.Write(buffer, message)];
            }),
        ];
        var random = new Random(20_191_230);
        using var harness = new PluginTestHarness(new Itch50Plugin());
        var plugin = (Itch50Plugin)harness.Plugin;
        long[] published = ItchSubscriptions.CountAll(harness);
        using var countingHarness = new PluginTestHarness(new Itch50Plugin()); // no typed subscriber
        var counting = (Itch50Plugin)countingHarness.Plugin;
        byte[] block = new byte[2 + 96];
        var visitor = new CapturingVisitor { Keep = false };
        var results = new long[3];
        MoldSession session = MoldSession.FromText("FUZZ");
        byte[] buffer = new byte[96];

        for (int i = 0; i < Messages; i++)
        {
            byte[] original = originals[random.Next(originals.Length)];
            original.CopyTo(buffer, 0);
            int length = Mutate(buffer, original.Length, random);
            ReadOnlySpan<byte> message = buffer.AsSpan(0, length);

            ItchParseResult result = ItchParser.Parse(message, ref visitor);
            plugin.Decode(new MoldMessage(session, (ulong)i + 1, message, i, recovered: false));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(block, (ushort)length);
            message.CopyTo(block.AsSpan(2));
            counting.OnEvent(new MoldMessageRun(session, (ulong)i + 1, 1, block.AsSpan(0, 2 + length), i, recovered: false));

            ItchParseResult expected = Expected(message);
            if (result != expected)
            {
                Assert.Fail($"message {i} ({Convert.ToHexString(message)}): {result}, expected {expected}");
            }
            results[(int)result]++;
        }

        long ok = results[(int)ItchParseResult.Ok], tooShort = results[(int)ItchParseResult.Short], unknown = results[(int)ItchParseResult.UnknownType];
        Assert.Equal(Messages, ok + tooShort + unknown);
        // Each kind of damage happened often enough to mean something.
        Assert.InRange(ok, 200_000, 800_000);
        Assert.InRange(tooShort, 100_000, 800_000);
        Assert.InRange(unknown, 100_000, 800_000);
        Assert.Equal(ok, visitor.Messages);
        Assert.Equal(ok, plugin.Decoded);
        Assert.Equal(tooShort, plugin.ShortMessages);
        Assert.Equal(unknown, plugin.UnknownTypes);
        Assert.Equal((ok, tooShort, unknown), (counting.Decoded, counting.ShortMessages, counting.UnknownTypes));
        foreach (ItchMessageType type in ItchMessageTypes.All)
        {
            Assert.Equal(visitor.Counts[(byte)type], plugin.DecodedOf(type));
            Assert.Equal(visitor.Counts[(byte)type], counting.DecodedOf(type));
            Assert.Equal(visitor.Counts[(byte)type], published[(byte)type]);
        }
    }

    // One kind of damage; returns the new length (buffer holds the original's bytes, and room for more).
    private static int Mutate(byte[] buffer, int length, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                for (int flips = random.Next(1, 5); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)random.Next(1, 256);
                }
                return length;
            case 1:
                return random.Next(length);
            case 2:
                buffer[0] = (byte)random.Next(256);
                return length;
            default:
                int newLength = random.Next(buffer.Length + 1);
                if (newLength > length)
                {
                    random.NextBytes(buffer.AsSpan(length, newLength - length));
                }
                return newLength;
        }
    }

    // The oracle, from the spec's length table alone.
    private static ItchParseResult Expected(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return ItchParseResult.Short;
        }
        int length = ItchMessageTypes.LengthOf(message[0]);
        return length == 0 ? ItchParseResult.UnknownType : message.Length < length ? ItchParseResult.Short : ItchParseResult.Ok;
    }
}
