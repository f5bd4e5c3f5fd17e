using System.Diagnostics;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Sdk;
using HftHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.Native;

/// <summary>
/// Live capture through the AF_PACKET TPACKET_V3 backend on a veth pair the test creates
/// (and deletes): known frames go into one end with tcpreplay and must come out of the
/// other end through the shim's ring, every one, byte for byte, in order.
/// Needs root (CAP_NET_ADMIN for the veth, CAP_NET_RAW for the socket), as CI has.
/// </summary>
public sealed class AfPacketTests : IDisposable
{
    private const int FrameCount = 500;
    private readonly Veth _veth = new("hft");
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _veth.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Should_receive_every_frame_sent_into_a_veth_pair_with_identical_bytes()
    {
        // Frames of several sizes, each with a marker and its index in the payload.
        var sent = new List<byte[]>();
        var writer = new PcapWriter(nanosecond: true);
        for (int i = 0; i < FrameCount; i++)
        {
            byte[] payload = new byte[8 + (i * 37 % 1200)];
            "HFTAFP"u8.CopyTo(payload);
            BitConverter.GetBytes((ushort)i).CopyTo(payload, 6);
            byte[] frame = TestFrames.Udp(payload, vlanIds: i % 5 == 0 ? [42] : null);
            sent.Add(frame);
            writer.Add(i * 1000L, frame);
        }
        string capture = _dir.File("send.pcap");
        File.WriteAllBytes(capture, writer.ToArray());

        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.AfPacket, Source = _veth.B });
        using var pipeline = new PortPipeline<RecordingHandler>(port, _ => new RecordingHandler(), IdleMode.Backoff, NullLogger.Instance);
        // The sending side sees the same frames leave: they are not received traffic.
        using NativePort senderPort = NativePort.Open(new PortSettings { Backend = PortBackend.AfPacket, Source = _veth.A });
        using var sender = new PortPipeline<RecordingHandler>(senderPort, _ => new RecordingHandler(), IdleMode.Backoff, NullLogger.Instance);
        pipeline.Start();
        sender.Start();
        Shell.Check("tcpreplay", "--quiet", "--topspeed", "-i", _veth.A, capture);
        var clock = Stopwatch.StartNew();
        while (pipeline.TotalCounters().Frames < FrameCount && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(10);
        }
        pipeline.Stop();
        sender.Stop();

        List<byte[]> received = pipeline.Loops[0].Handler.Frames
            .Where(f => f.Bytes.AsSpan().IndexOf("HFTAFP"u8) >= 0).Select(f => f.Bytes).ToList();
        PortStats stats = port.GetStats();
        Assert.Equal(FrameCount, received.Count);
        for (int i = 0; i < FrameCount; i++)
        {
            Assert.True(sent[i].AsSpan().SequenceEqual(received[i]), $"frame {i} differs");
        }
        Assert.Equal(0ul, stats.KernelDrops);
        Assert.Equal(0ul, stats.RingFullDrops);
        Assert.Equal((long)stats.Frames, pipeline.TotalCounters().Frames);
        Assert.DoesNotContain(sender.Loops[0].Handler.Frames, f => f.Bytes.AsSpan().IndexOf("HFTAFP"u8) >= 0);
    }

    [Fact]
    public void Should_receive_ip_packets_from_a_link_without_ethernet_headers_as_not_ethernet()
    {
        // A tun device carries bare IPv4 packets (no Ethernet header): each must arrive as it was
        // written, flagged not Ethernet, and be counted as such, not parsed as a broken Ethernet frame.
        const int count = 200;
        using var tun = new Tun("hfttun");
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.AfPacket, Source = tun.Name });
        using var pipeline = new PortPipeline<RecordingHandler>(port, _ => new RecordingHandler(), IdleMode.Backoff, NullLogger.Instance);
        pipeline.Start();
        var sent = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            byte[] payload = new byte[8 + (i * 53 % 900)];
            "HFTTUN"u8.CopyTo(payload);
            BitConverter.GetBytes((ushort)i).CopyTo(payload, 6);
            byte[] packet = TestFrames.Udp(payload)[14..]; // the IPv4 packet, without the Ethernet header
            sent.Add(packet);
            tun.Write(packet);
        }
        var clock = Stopwatch.StartNew();
        while (pipeline.TotalCounters().Frames < count && clock.Elapsed < TimeSpan.FromSeconds(20)) // the handler's list is the poll thread's until Stop
        {
            Thread.Sleep(10);
        }
        pipeline.Stop();

        List<ReceivedFrame> received = [.. pipeline.Loops[0].Handler.Frames.Where(IsOurs)];
        Assert.Equal(count, received.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.True(sent[i].AsSpan().SequenceEqual(received[i].Bytes), $"packet {i} differs");
            Assert.Equal(FrameKind.NotIpv4, received[i].Kind); // not parsed: the host parses Ethernet only
        }
        FrameCounters counters = pipeline.TotalCounters();
        Assert.Equal(counters.Frames, counters.NotEthernet);
        Assert.Equal(0, counters.Malformed);
        Assert.Equal(0ul, port.GetStats().KernelDrops);

        static bool IsOurs(ReceivedFrame f) => f.Bytes.AsSpan().IndexOf("HFTTUN"u8) >= 0;
    }

    [Fact]
    public void Should_name_a_missing_interface()
    {
        var ex = Assert.Throws<PortException>(() =>
            NativePort.Open(new PortSettings { Backend = PortBackend.AfPacket, Source = "nosuchif0" }));
        Assert.Equal(-Errno.ENODEV, ex.Code);
        Assert.Contains("nosuchif0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no such interface", ex.Message, StringComparison.Ordinal);
    }
}
