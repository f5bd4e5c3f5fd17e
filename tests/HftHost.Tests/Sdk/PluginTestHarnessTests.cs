using System.Buffers.Binary;
using HftHost.Sdk;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.Sdk;

public class PluginTestHarnessTests
{
    // tests/data/README.md: 29 frames to udp 233.54.12.111:26477 (27 data packets with
    // 1,000 messages, sequences 1..1000, then a heartbeat and an end-of-session packet,
    // both at sequence 1001), first at 14:30:00.000147761 UTC, last at 14:30:00.004365611.
    private const int CaptureFrames = 29;
    private const long FirstRxNs = 1_577_716_200_000_147_761;
    private const long LastRxNs = 1_577_716_200_004_365_611;
    private const long T0 = 1_700_000_000_000_000_000;

    private static string Capture => Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");

    [Fact]
    public void Should_replay_the_bundled_capture_through_the_plugin()
    {
        using var harness = new PluginTestHarness(new MoldPlugin());
        var packets = new List<MoldPacket>();
        harness.Subscribe<MoldPacket>(packets.Add);

        ReplayResult result = harness.Replay(Capture);

        Assert.Null(result.FileError);
        Assert.Equal(CaptureFrames, result.FramesRead);
        Assert.Equal(CaptureFrames, result.Claimed["mold"]);
        Assert.Equal(0, result.Unclaimed);
        Assert.Equal(0, result.Faults);
        Assert.Null(result.LastFault);
        Assert.False(result.Quarantined);
        Assert.Equal(CaptureFrames, packets.Count);
        Assert.Equal(1UL, packets[0].Sequence);
        Assert.Equal(1000, packets.Take(27).Sum(p => p.Count));
        Assert.Equal([(1001UL, (ushort)0), (1001UL, (ushort)0xFFFF)], packets.Skip(27).Select(p => (p.Sequence, p.Count)));
        Assert.Equal(FirstRxNs, packets[0].RxTimestampNs);
        Assert.Equal(LastRxNs, packets[^1].RxTimestampNs);
        Assert.Equal(Counters(frames: CaptureFrames, messages: 1000), harness.ExportState());
    }

    [Fact]
    public void Should_bind_a_named_feed_from_the_settings()
    {
        using var harness = new PluginTestHarness(
            new MoldPlugin(),
            settings: new Dictionary<string, string?> { ["Feed"] = "itch" },
            feeds: new Dictionary<string, FeedEndpoint> { ["itch"] = FeedEndpoint.Udp("233.54.12.111", 26477) });

        ReplayResult result = harness.Replay(Capture);

        Assert.Equal(["mold <- udp 233.54.12.111:26477 (feed itch)"], harness.Bindings);
        Assert.Equal(CaptureFrames, result.ClaimedTotal);
    }

    [Fact]
    public void Should_leave_frames_to_other_ports_unclaimed()
    {
        using var harness = new PluginTestHarness(new MoldPlugin(), settings: new Dictionary<string, string?> { ["Port"] = "26478" });

        ReplayResult result = harness.Replay(Capture);

        Assert.Equal(CaptureFrames, result.FramesRead);
        Assert.Equal(0, result.Claimed["mold"]);
        Assert.Equal(CaptureFrames, result.Unclaimed);
    }

    [Fact]
    public void Should_refuse_a_feed_the_configuration_does_not_define()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new PluginTestHarness(new MoldPlugin(), settings: new Dictionary<string, string?> { ["Feed"] = "nope" }));
        Assert.Contains("feed 'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Should_read_classic_pcap_in_both_resolutions_and_byte_orders(bool nanosecond, bool bigEndian)
    {
        var writer = new PcapWriter(nanosecond, bigEndian);
        for (int i = 0; i < 3; i++)
        {
            writer.Add(T0 + i * 1_000_123_000L + (nanosecond ? 7 : 0), MoldFrame((ulong)(10 * i), 2));
        }
        using var file = new TempDir();
        File.WriteAllBytes(file.File("c.pcap"), writer.ToArray());
        using var harness = new PluginTestHarness(new MoldPlugin());
        var packets = new List<MoldPacket>();
        harness.Subscribe<MoldPacket>(packets.Add);

        ReplayResult result = harness.Replay(file.File("c.pcap"));

        Assert.Null(result.FileError);
        Assert.Equal(3, result.Claimed["mold"]);
        Assert.Equal([0UL, 10UL, 20UL], packets.Select(p => p.Sequence));
        Assert.Equal(
            [T0 + (nanosecond ? 7 : 0), T0 + 1_000_123_000L + (nanosecond ? 7 : 0), T0 + 2_000_246_000L + (nanosecond ? 7 : 0)],
            packets.Select(p => p.RxTimestampNs));
    }

    [Fact]
    public void Should_deliver_frames_of_other_link_types_unparsed_as_the_host_does()
    {
        // Link type 101 (raw IP): no Ethernet header, so nothing is parsed and no UDP binding matches.
        byte[] pcap = new PcapWriter(linkType: 101).Add(T0, MoldFrame(1, 1)).Add(T0 + 1, MoldFrame(2, 1)).ToArray();
        using var file = new TempDir();
        File.WriteAllBytes(file.File("raw.pcap"), pcap);
        using var harness = new PluginTestHarness(new MoldPlugin());

        ReplayResult result = harness.Replay(file.File("raw.pcap"));

        Assert.Null(result.FileError);
        Assert.Equal(2, result.FramesRead);
        Assert.Equal(2, result.Unclaimed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_read_pcapng_interfaces_resolutions_simple_blocks_and_skip_the_rest(bool bigEndian)
    {
        byte[] ng = new PcapngWriter(bigEndian)
            .Interface()                           // default: microseconds
            .Interface(tsresol: 9)                 // nanoseconds
            .Interface(tsresol: 0x80 | 10)         // 2^-10 s
            .Other(4, 24)                          // name resolution: skipped
            .Enhanced(0, 1_700_000_000_000_001, MoldFrame(1, 1))
            .Enhanced(1, (ulong)T0 + 5, MoldFrame(2, 1))
            .Other(5, 40)                          // interface statistics: skipped
            .Enhanced(2, 1024UL * 1_700_000_000 + 512, MoldFrame(3, 1))
            .Simple(MoldFrame(4, 1))               // no timestamp: the previous packet's
            .Section()                             // a new section restarts interface ids
            .Interface(tsresol: 9)
            .Enhanced(0, (ulong)T0 + 9, MoldFrame(5, 1))
            .ToArray();
        using var file = new TempDir();
        File.WriteAllBytes(file.File("c.pcapng"), ng);
        using var harness = new PluginTestHarness(new MoldPlugin());
        var packets = new List<MoldPacket>();
        harness.Subscribe<MoldPacket>(packets.Add);

        ReplayResult result = harness.Replay(file.File("c.pcapng"));

        Assert.Null(result.FileError);
        Assert.Equal(5, result.FramesRead);
        Assert.Equal(5, result.Claimed["mold"]);
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], packets.Select(p => p.Sequence));
        Assert.Equal(
            [T0 + 1000, T0 + 5, T0 + 500_000_000, T0 + 500_000_000, T0 + 9],
            packets.Select(p => p.RxTimestampNs));
    }

    [Fact]
    public void Should_deliver_every_whole_packet_of_a_truncated_pcap_then_name_the_offset()
    {
        var writer = new PcapWriter();
        for (int i = 0; i < 5; i++)
        {
            writer.Add(T0 + i, MoldFrame((ulong)i, 1));
        }
        byte[] whole = writer.ToArray();
        int lastRecord = whole.Length - 16 - MoldFrame(4, 1).Length;
        using var file = new TempDir();
        File.WriteAllBytes(file.File("cut.pcap"), whole[..(lastRecord + 30)]); // inside the last frame

        using var harness = new PluginTestHarness(new MoldPlugin());
        ReplayResult result = harness.Replay(file.File("cut.pcap"));

        Assert.Equal(4, result.FramesRead);
        Assert.Equal(4, result.Claimed["mold"]);
        Assert.NotNull(result.FileError);
        Assert.Equal(lastRecord, result.FileError.Offset);
        Assert.Contains($"record at offset {lastRecord} declares", result.FileError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_deliver_every_whole_block_of_a_truncated_pcapng_then_name_the_offset()
    {
        byte[] ng = new PcapngWriter().Interface().Enhanced(0, 1, MoldFrame(1, 1)).Enhanced(0, 2, MoldFrame(2, 1)).ToArray();
        int second = ng.Length - (32 + ((MoldFrame(2, 1).Length + 3) & ~3));
        using var file = new TempDir();
        File.WriteAllBytes(file.File("cut.pcapng"), ng[..^6]);

        using var harness = new PluginTestHarness(new MoldPlugin());
        ReplayResult result = harness.Replay(file.File("cut.pcapng"));

        Assert.Equal(1, result.FramesRead);
        Assert.Equal(second, result.FileError?.Offset);
        Assert.Contains("the file ends after", result.FileError?.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "too short")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "not a pcap or pcapng file")]
    [InlineData(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0 }, "ends inside the 24-byte pcap header")]
    public void Should_report_a_file_that_is_no_capture_without_throwing(byte[] content, string reason)
    {
        using var file = new TempDir();
        File.WriteAllBytes(file.File("bad"), content);
        using var harness = new PluginTestHarness(new MoldPlugin());

        ReplayResult result = harness.Replay(file.File("bad"));

        Assert.Equal(0, result.FramesRead);
        Assert.Equal(0, result.FileError?.Offset);
        Assert.Contains(reason, result.FileError?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_stop_at_a_corrupt_pcapng_block()
    {
        byte[] ng = new PcapngWriter().Interface().Enhanced(0, 1, MoldFrame(1, 1)).Enhanced(0, 2, MoldFrame(2, 1)).ToArray();
        int second = ng.Length - (32 + ((MoldFrame(2, 1).Length + 3) & ~3));
        ng[^1] ^= 0x40; // the trailing length of the last block no longer matches its leading one
        using var file = new TempDir();
        File.WriteAllBytes(file.File("bad.pcapng"), ng);

        using var harness = new PluginTestHarness(new MoldPlugin());
        ReplayResult result = harness.Replay(file.File("bad.pcapng"));

        Assert.Equal(1, result.FramesRead);
        Assert.Equal(second, result.FileError?.Offset);
        Assert.Contains("trailing length", result.FileError?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_count_every_fault_of_a_throwing_decoder_and_go_on()
    {
        using var harness = new PluginTestHarness(new MoldPlugin { ThrowFrom = 0 });

        ReplayResult result = harness.Replay(Capture);

        Assert.Equal(CaptureFrames, result.FramesRead);
        Assert.Equal(CaptureFrames, result.Faults);
        Assert.Equal(0, result.Claimed["mold"]);
        Assert.Equal(CaptureFrames, result.Unclaimed);
        Assert.Equal("decoder mold: InvalidDataException: frame 29 rejected", result.LastFault);
        Assert.False(result.Quarantined);
    }

    [Fact]
    public void Should_quarantine_at_the_fault_limit_as_the_host_does()
    {
        // Frames 1..4 are claimed; 5..14 throw; the 10th fault quarantines the plugin, whose
        // decoders the rest of that burst skips and whose bindings the next boundary removes.
        using var harness = new PluginTestHarness(new MoldPlugin { ThrowFrom = 4 }, maxFaults: 10);

        ReplayResult result = harness.Replay(Capture);

        Assert.Equal(CaptureFrames, result.FramesRead);
        Assert.Equal(4, result.Claimed["mold"]);
        Assert.Equal(10, result.Faults);
        Assert.Equal(CaptureFrames - 4, result.Unclaimed);
        Assert.True(result.Quarantined);
        Assert.Equal(0, harness.Replay(Capture).ClaimedTotal);
    }

    [Fact]
    public void Should_fail_the_replay_when_the_tests_own_handler_throws()
    {
        using var harness = new PluginTestHarness(new MoldPlugin());
        harness.Subscribe<MoldPacket>(p => Assert.True(p.Sequence < 500, $"sequence {p.Sequence}"));

        var ex = Assert.ThrowsAny<Exception>(() => harness.Replay(Capture));

        Assert.Contains("sequence 504", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Feed(MoldFrame(1, 1), T0).Faults); // not the plugin's fault
    }

    [Fact]
    public void Should_feed_hand_made_frames_and_hand_state_to_a_new_instance()
    {
        using var first = new PluginTestHarness(new MoldPlugin());
        ReplayResult fed = first.Feed(MoldFrame(7, 3), T0);
        first.Feed(MoldFrame(10, 2), T0 + 1);
        ReplayResult other = first.Feed(TestFrames.Udp([1, 2, 3], destinationPort: 9999), T0 + 2);

        Assert.Equal(1, fed.FramesRead);
        Assert.Equal(1, fed.Claimed["mold"]);
        Assert.Equal(1, other.Unclaimed);
        byte[] state = first.ExportState();
        Assert.Equal(Counters(frames: 2, messages: 5), state);

        using var second = new PluginTestHarness(new MoldPlugin());
        second.ImportState(state);
        second.Feed(MoldFrame(12, 1), T0 + 3);
        Assert.Equal(Counters(frames: 3, messages: 6), second.ExportState());
    }

    [Fact]
    public void Should_report_a_plugin_that_throws_in_register()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PluginTestHarness(new MoldPlugin { ThrowInRegister = true }));
        Assert.Contains("threw in Register: NotSupportedException: no", ex.Message, StringComparison.Ordinal);
    }

    // A MoldUDP64 downstream packet: session (10), sequence (u64), count (u16), then
    // `count` message blocks of [u16 length][bytes].
    private static byte[] MoldFrame(ulong sequence, ushort count)
    {
        byte[] payload = new byte[20 + count * 4];
        "TESTSESS01"u8.CopyTo(payload);
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), sequence);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), count);
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(20 + i * 4), 2);
            payload[22 + i * 4] = (byte)'S';
        }
        return TestFrames.Udp(payload, destinationPort: 26477);
    }

    private static byte[] Counters(long frames, long messages)
    {
        byte[] b = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(b, frames);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), messages);
        return b;
    }

    /// <summary>What <see cref="MoldPlugin"/> publishes for each packet.</summary>
    internal readonly record struct MoldPacket(ulong Sequence, ushort Count, long RxTimestampNs);

    /// <summary>
    /// Claims MoldUDP64 packets on a UDP port (setting Port, default 26477) or a named feed
    /// (setting Feed), publishes a <see cref="MoldPacket"/> for each, counts frames and
    /// messages (its state); optionally throws from the n-th frame on, or in Register.
    /// </summary>
    private sealed class MoldPlugin : HftPlugin
    {
        private Decoder? _decoder;

        public int ThrowFrom { get; init; } = -1;

        public bool ThrowInRegister { get; init; }

        public override void Register(IPluginRegistry registry)
        {
            if (ThrowInRegister)
            {
                throw new NotSupportedException("no");
            }
            registry.AddDecoder(_decoder = new Decoder(registry.AddEvent<MoldPacket>(), ThrowFrom));
        }

        public override void Bind(IPluginBinder binder)
        {
            if (binder.Context.Settings["Feed"] is { } feed)
            {
                binder.BindFeed(_decoder!, feed);
            }
            else
            {
                binder.Bind(_decoder!, FeedEndpoint.Udp(null, int.Parse(binder.Context.Settings["Port"] ?? "26477")));
            }
        }

        public override void ExportState(Stream destination)
        {
            using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(_decoder!.Frames);
            writer.Write(_decoder.Messages);
        }

        public override void ImportState(Stream source)
        {
            using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
            _decoder!.Frames = reader.ReadInt64();
            _decoder.Messages = reader.ReadInt64();
        }

        private sealed class Decoder(EventPublisher<MoldPacket> packets, int throwFrom) : FrameDecoder("mold")
        {
            private long _seen;

            public long Frames { get; set; }

            public long Messages { get; set; }

            public override int Decode(in FrameView frame)
            {
                _seen++;
                if (throwFrom >= 0 && _seen > throwFrom)
                {
                    throw new InvalidDataException($"frame {_seen} rejected");
                }
                ReadOnlySpan<byte> payload = frame.Payload;
                if (payload.Length < 20)
                {
                    return 0;
                }
                ushort count = BinaryPrimitives.ReadUInt16BigEndian(payload[18..]);
                Frames++;
                Messages += count == 0xFFFF ? 0 : count; // 0xFFFF: end of session, no messages
                packets.Publish(new MoldPacket(BinaryPrimitives.ReadUInt64BigEndian(payload[10..]), count, frame.RxTimestampNs));
                return payload.Length;
            }
        }
    }
}
