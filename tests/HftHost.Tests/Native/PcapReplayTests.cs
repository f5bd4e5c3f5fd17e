using System.Diagnostics;
using HftHost.Native;
using HftHost.Sdk;
using HftHost.Tests.Support;

namespace HftHost.Tests.Native;

/// <summary>
/// File replay through the real shim backend, ring and poll loop: every variant of
/// pcap and pcapng, the real truncated IEX capture, and bad files.
/// </summary>
public class PcapReplayTests
{
    private const long T0 = 1_577_716_200_000_000_000; // 2019-12-30 14:30:00 UTC

    private static readonly byte[][] Frames =
    [
        TestFrames.Udp([1, 2, 3]),
        TestFrames.Udp([4, 5, 6, 7], vlanIds: [100]),
        TestFrames.Tcp([8, 9]),
        TestFrames.Arp(),
        TestFrames.Udp(new byte[1200], vlanIds: [10, 20], outerTpid: 0x88A8),
    ];

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Should_replay_classic_pcap_in_each_resolution_and_byte_order(bool nanosecond, bool bigEndian)
    {
        using var dir = new TempDir();
        var writer = new PcapWriter(nanosecond, bigEndian);
        for (int i = 0; i < Frames.Length; i++)
        {
            writer.Add(T0 + i * 1_234_000L + (nanosecond ? i * 7 : 0), Frames[i]);
        }
        string path = dir.File("f.pcap");
        File.WriteAllBytes(path, writer.ToArray());

        var (frames, stats, error) = PortHarness.Replay(path);

        Assert.Null(error);
        Assert.Equal(Frames.Length, frames.Count);
        for (int i = 0; i < Frames.Length; i++)
        {
            Assert.Equal(Frames[i], frames[i].Bytes);
            Assert.Equal(T0 + i * 1_234_000L + (nanosecond ? i * 7 : 0), frames[i].RxTimestampNs);
        }
        Assert.Equal(
            [FrameKind.Udp, FrameKind.Udp, FrameKind.Tcp, FrameKind.NotIpv4, FrameKind.Udp],
            frames.Select(f => f.Kind));
        Assert.Equal((ulong)Frames.Length, stats.Frames);
        Assert.Equal(PortState.Finished, stats.State);
        Assert.Equal(stats.ProgressTotal, stats.ProgressDone);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_replay_pcapng_with_epb_spb_and_several_interfaces(bool bigEndian)
    {
        using var dir = new TempDir();
        long usTs = T0 / 1000 + 5;
        long nsTs = T0 + 987;
        byte[] ng = new PcapngWriter(bigEndian)
            .Interface(tsresol: null)          // interface 0: default µs
            .Other(4, 24)                      // name resolution block: skipped
            .Interface(tsresol: 9)             // interface 1: ns
            .Interface(tsresol: 0x80 | 10)     // interface 2: 2^-10 s
            .Enhanced(0, (ulong)usTs, Frames[0])
            .Enhanced(1, (ulong)nsTs, Frames[1])
            .Other(0x40000BAD, 10)             // custom block: skipped
            .Enhanced(2, 1024UL * 1_600_000_000 + 512, Frames[2])
            .Simple(Frames[3])
            .ToArray();
        string path = dir.File("f.pcapng");
        File.WriteAllBytes(path, ng);

        var (frames, stats, error) = PortHarness.Replay(path);

        Assert.Null(error);
        Assert.Equal(4, frames.Count);
        Assert.Equal([Frames[0], Frames[1], Frames[2], Frames[3]], frames.Select(f => f.Bytes));
        Assert.Equal(usTs * 1000, frames[0].RxTimestampNs);
        Assert.Equal(nsTs, frames[1].RxTimestampNs);
        Assert.Equal(1_600_000_000_500_000_000L, frames[2].RxTimestampNs);
        Assert.Equal(PortState.Finished, stats.State);
    }

    [Fact]
    public void Should_replay_a_pcapng_file_with_two_sections()
    {
        using var dir = new TempDir();
        byte[] ng = new PcapngWriter()
            .Interface(tsresol: 9).Enhanced(0, 1000, Frames[0])
            .Section()
            .Interface(tsresol: 6).Enhanced(0, 1000, Frames[1])
            .ToArray();
        string path = dir.File("two.pcapng");
        File.WriteAllBytes(path, ng);

        var (frames, _, error) = PortHarness.Replay(path);

        Assert.Null(error);
        Assert.Equal([1000L, 1_000_000L], frames.Select(f => f.RxTimestampNs));
    }

    [Fact]
    public void Should_deliver_the_two_whole_packets_of_the_real_iex_capture_then_report_the_truncation()
    {
        Assert.True(File.Exists(RepoPaths.IexExample), $"missing {RepoPaths.IexExample}");

        var (frames, stats, error) = PortHarness.Replay(RepoPaths.IexExample);

        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Equal(FrameKind.Udp, f.Kind));
        Assert.NotNull(error);
        Assert.Equal(-Errno.Truncated, error.Code);
        Assert.Contains("1532", error.Reason, StringComparison.Ordinal);
        Assert.Contains("1486", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2ul, stats.Frames);
        Assert.Equal(1ul, stats.SourceErrors);
        Assert.Equal(PortState.Failed, stats.State);
    }

    [Theory]
    [InlineData(10)]  // inside the record header
    [InlineData(30)]  // inside the packet data
    public void Should_deliver_every_whole_record_before_a_truncation(int keepOfLast)
    {
        using var dir = new TempDir();
        var writer = new PcapWriter();
        foreach (byte[] f in Frames)
        {
            writer.Add(T0, f);
        }
        byte[] whole = writer.ToArray();
        int lastRecord = whole.Length - 16 - Frames[^1].Length;
        string path = dir.File("cut.pcap");
        File.WriteAllBytes(path, whole[..(lastRecord + keepOfLast)]);

        var (frames, _, error) = PortHarness.Replay(path);

        Assert.Equal(Frames.Length - 1, frames.Count);
        Assert.NotNull(error);
        Assert.Equal((ulong)lastRecord, error.Offset);
    }

    [Fact]
    public void Should_stop_at_a_corrupt_pcapng_block_length_and_report_where()
    {
        using var dir = new TempDir();
        byte[] ng = new PcapngWriter().Interface().Enhanced(0, 1, Frames[0]).Enhanced(0, 2, Frames[1]).ToArray();
        int second = ng.Length - (32 + ((Frames[1].Length + 3) & ~3));
        ng[second + 4] = 3; // block total length 3: below the minimum and not a multiple of 4
        ng[second + 5] = ng[second + 6] = ng[second + 7] = 0;
        string path = dir.File("bad.pcapng");
        File.WriteAllBytes(path, ng);

        var (frames, _, error) = PortHarness.Replay(path);

        Assert.Single(frames);
        Assert.NotNull(error);
        Assert.Equal((ulong)second, error.Offset);
    }

    [Theory]
    [InlineData("empty", 0)]
    [InlineData("garbage", 4096)]
    [InlineData("short", 10)]
    public void Should_refuse_files_that_are_not_captures_with_a_clear_error(string name, int length)
    {
        using var dir = new TempDir();
        string path = dir.File(name);
        File.WriteAllBytes(path, Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray());

        var ex = Assert.Throws<PortException>(() => NativePort.Open(new PortSettings { Backend = PortBackend.Pcap, Source = path }));

        Assert.True(ex.DuringOpen);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_missing_file()
    {
        var ex = Assert.Throws<PortException>(() =>
            NativePort.Open(new PortSettings { Backend = PortBackend.Pcap, Source = "/nonexistent/x.pcap" }));
        Assert.Equal(-Errno.ENOENT, ex.Code);
        Assert.Contains("No such file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_replay_the_file_once_per_loop()
    {
        using var dir = new TempDir();
        var writer = new PcapWriter();
        foreach (byte[] f in Frames)
        {
            writer.Add(T0, f);
        }
        string path = dir.File("loop.pcap");
        File.WriteAllBytes(path, writer.ToArray());

        var (frames, stats, error) = PortHarness.Replay(path, loops: 7);

        Assert.Null(error);
        Assert.Equal(7 * Frames.Length, frames.Count);
        Assert.Equal(Frames[4], frames[^1].Bytes);
        Assert.Equal(stats.ProgressTotal, stats.ProgressDone);
    }

    [Fact]
    public void Should_take_at_least_the_recorded_time_divided_by_the_pace_factor()
    {
        // Lower bounds only (a busy machine can make replay slower, never faster); x0.5
        // must take twice the recording, so a factor that is ignored fails as well.
        using var dir = new TempDir();
        string path = PacedCapture(dir, out TimeSpan recorded);

        var clock = Stopwatch.StartNew();
        var (frames, _, _) = PortHarness.Replay(path, pacePermille: 1000);
        TimeSpan x1 = clock.Elapsed;
        clock.Restart();
        PortHarness.Replay(path, pacePermille: 500);
        TimeSpan half = clock.Elapsed;

        Assert.Equal(11, frames.Count);
        Assert.True(x1 >= recorded * 0.98, $"x1 replay of {recorded.TotalMilliseconds} ms took {x1.TotalMilliseconds} ms");
        Assert.True(half >= recorded * 1.96, $"x0.5 replay of {recorded.TotalMilliseconds} ms took {half.TotalMilliseconds} ms");
    }

    [Fact]
    public void Should_shorten_a_bogus_gap_to_the_max_gap_instead_of_waiting_for_it()
    {
        // A corrupt timestamp 136 years ahead, then normal ones: at recorded pace this
        // must finish (the harness fails after 2 minutes), and every frame arrives.
        using var dir = new TempDir();
        var writer = new PcapWriter(nanosecond: true);
        writer.Add(T0, Frames[0]);
        writer.Add(0xFFFF_FFF0L * 1_000_000_000L, Frames[1]);
        writer.Add(T0 + 1000, Frames[2]);
        string path = dir.File("bogus.pcap");
        File.WriteAllBytes(path, writer.ToArray());

        var clock = Stopwatch.StartNew();
        var (frames, _, error) = PortHarness.Replay(path, pacePermille: 1000, paceMaxGapMs: 50);

        Assert.Null(error);
        Assert.Equal(3, frames.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(49), "the 50 ms max gap was not waited out");
    }

    private static string PacedCapture(TempDir dir, out TimeSpan recorded)
    {
        string path = dir.File("paced.pcap");
        var writer = new PcapWriter(nanosecond: true);
        for (int i = 0; i <= 10; i++)
        {
            writer.Add(T0 + i * 20_000_000L, Frames[0]); // 200 ms recorded
        }
        File.WriteAllBytes(path, writer.ToArray());
        recorded = TimeSpan.FromMilliseconds(200);
        return path;
    }
}
