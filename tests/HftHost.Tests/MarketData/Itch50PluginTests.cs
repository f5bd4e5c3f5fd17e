using System.Diagnostics.Metrics;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.Itch50;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>The ITCH decoder plugin fed the sample file's messages as MoldUDP64 messages.</summary>
public sealed class Itch50PluginTests
{
    private const long RxBase = 1_577_716_200_000_000_000; // 2019-12-30 14:30 UTC, ns since the epoch

    private static readonly MoldSession Session = MoldSession.FromText("NASDAQ01");

    [Fact]
    public void Should_publish_each_message_as_its_typed_event_with_its_origin()
    {
        using var harness = new PluginTestHarness(new Itch50Plugin());
        var plugin = (Itch50Plugin)harness.Plugin;
        var adds = new List<ItchEvent<AddOrder>>();
        harness.Subscribe<ItchEvent<AddOrder>>(adds.Add);
        long[] published = ItchSubscriptions.CountAll(harness);

        Feed(plugin, firstSequence: 1);

        Assert.Equal(367, adds.Count);
        ItchEvent<AddOrder> first = adds[0];
        // Message 5 of the file (sequence 6): 41 20bd 0000 1f1acedb597b 0000000000970c7c 42 00000064 "VIXM    " 00034134.
        Assert.Equal(Session, first.Session);
        Assert.Equal(6UL, first.Sequence);
        Assert.Equal(RxBase + 5, first.RxTimestampNs);
        Assert.Equal(new AddOrder(8381, 0, 34_200_000_092_539, 9_899_132, Side.Buy, 100, StockSymbol.FromText("VIXM"), 213_300), first.Message);
        Assert.Equal(ItchSample.MessageCount, plugin.Decoded);
        Assert.Equal(0, plugin.ShortMessages);
        Assert.Equal(0, plugin.UnknownTypes);
        (ItchMessageType Type, long Count)[] expected =
        [
            (ItchMessageType.AddOrder, 367), (ItchMessageType.OrderReplace, 225), (ItchMessageType.AddOrderMpid, 193),
            (ItchMessageType.OrderDelete, 167), (ItchMessageType.OrderExecuted, 28), (ItchMessageType.OrderCancel, 6),
            (ItchMessageType.Noii, 4), (ItchMessageType.Trade, 4), (ItchMessageType.CrossTrade, 4),
            (ItchMessageType.SystemEvent, 1), (ItchMessageType.OrderExecutedWithPrice, 1),
        ];
        foreach (ItchMessageType type in ItchMessageTypes.All)
        {
            long count = expected.FirstOrDefault(e => e.Type == type).Count;
            Assert.Equal(count, plugin.DecodedOf(type));
            Assert.Equal(count, published[(byte)type]);
        }
    }

    [Fact]
    public void Should_count_short_and_unknown_messages_and_publish_nothing_for_them()
    {
        using var harness = new PluginTestHarness(new Itch50Plugin());
        var plugin = (Itch50Plugin)harness.Plugin;
        long[] published = ItchSubscriptions.CountAll(harness);
        byte[] add = ItchSample.Bytes[ItchSample.Messages[5]];

        plugin.Decode(new MoldMessage(Session, 1, add.AsSpan(0, 35), RxBase, recovered: false));
        plugin.Decode(new MoldMessage(Session, 2, [], RxBase, recovered: false));
        plugin.Decode(new MoldMessage(Session, 3, "Zzzzzzzzzzzzzzzzzzzz"u8, RxBase, recovered: true));

        Assert.Equal(2, plugin.ShortMessages);
        Assert.Equal(1, plugin.UnknownTypes);
        Assert.Equal(0, plugin.Decoded);
        Assert.Equal(0, published.Sum());
    }

    [Fact]
    public void Should_not_allocate_while_decoding_and_publishing()
    {
        using var harness = new PluginTestHarness(new Itch50Plugin());
        var plugin = (Itch50Plugin)harness.Plugin;
        long shares = 0;
        long executions = 0;
        harness.Subscribe<ItchEvent<AddOrder>>(e => shares += e.Message.Shares);
        harness.Subscribe<ItchEvent<OrderExecuted>>(_ => executions++);
        Feed(plugin, 1);
        Feed(plugin, 1);

        int passes = 0;
        long allocated = SteadyAllocation.Measure(() =>
        {
            for (int pass = 0; pass < 100; pass++, passes++)
            {
                Feed(plugin, (ulong)passes * ItchSample.MessageCount);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal((2 + passes) * 28, executions);
        Assert.Equal((2 + passes) * ItchSample.MessageCount, plugin.Decoded);
        Assert.True(shares > 0);
    }

    [Fact]
    public void Should_hand_its_counts_to_the_next_build()
    {
        using var old = new PluginTestHarness(new Itch50Plugin());
        var oldPlugin = (Itch50Plugin)old.Plugin;
        Feed(oldPlugin, 1);
        oldPlugin.Decode(new MoldMessage(Session, 1001, "A"u8, RxBase, recovered: false));
        oldPlugin.Decode(new MoldMessage(Session, 1002, "?"u8, RxBase, recovered: false));
        byte[] state = old.ExportState();

        using var next = new PluginTestHarness(new Itch50Plugin());
        var nextPlugin = (Itch50Plugin)next.Plugin;
        next.ImportState(state);
        Feed(nextPlugin, 1003);

        Assert.Equal(2 * ItchSample.MessageCount, nextPlugin.Decoded);
        Assert.Equal(2 * 367, nextPlugin.DecodedOf(ItchMessageType.AddOrder));
        Assert.Equal(1, nextPlugin.ShortMessages);
        Assert.Equal(1, nextPlugin.UnknownTypes);
        // A first load (no previous build) starts from zero.
        using var fresh = new PluginTestHarness(new Itch50Plugin());
        fresh.ImportState([]);
        Assert.Equal(0, ((Itch50Plugin)fresh.Plugin).Decoded);
    }

    [Fact]
    public void Should_report_its_counts_on_its_meter()
    {
        using var harness = new PluginTestHarness(new Itch50Plugin());
        var plugin = (Itch50Plugin)harness.Plugin;
        Feed(plugin, 1);
        plugin.Decode(new MoldMessage(Session, 1001, "?"u8, RxBase, recovered: false));
        var seen = new List<(Meter Meter, string Name, string? Type, long Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "HftHost.Plugins.Itch50")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (seen)
            {
                seen.Add((instrument.Meter, instrument.Name, tags.Length > 0 ? tags[0].Value as string : null, value));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        // Other tests' plugins may report on meters of the same name at the same time: one meter is this plugin's.
        Assert.Contains(seen.GroupBy(s => s.Meter), meter =>
            meter.Count(s => s.Name == "itch50.messages") == 23
            && meter.Single(s => s.Name == "itch50.messages" && s.Type == "A").Value == 367
            && meter.Single(s => s.Name == "itch50.messages" && s.Type == "h").Value == 0
            && meter.Single(s => s.Name == "itch50.unknown_type").Value == 1
            && meter.Single(s => s.Name == "itch50.short").Value == 0);
    }

    // The file's messages as the MoldUDP64 plugin would deliver them: consecutive sequence numbers from firstSequence.
    private static void Feed(Itch50Plugin plugin, ulong firstSequence)
    {
        byte[] bytes = ItchSample.Bytes;
        IReadOnlyList<Range> messages = ItchSample.Messages;
        for (int i = 0; i < messages.Count; i++)
        {
            plugin.Decode(new MoldMessage(Session, firstSequence + (ulong)i, bytes.AsSpan(messages[i]), RxBase + i, recovered: false));
        }
    }
}
