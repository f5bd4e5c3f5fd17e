using System.Buffers.Binary;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Sdk;
using HftHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.DataPlane;

/// <summary>
/// The per-frame path (ring read, parse, count, handler call) allocates nothing: bytes
/// allocated on the poll thread before and after a million frames are equal.
/// </summary>
public class ZeroAllocationTests
{
    private const ulong Million = 1_000_000;

    [Fact]
    public void Should_not_allocate_while_polling_a_million_generated_frames()
    {
        Warmup();
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = Million, Overflow = OverflowPolicy.Wait,
        });
        (long allocated, PayloadSum handler) = PollOnThisThread(port);

        Assert.Equal((long)Million, handler.Frames);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Should_not_allocate_while_replaying_a_million_frames_from_a_file()
    {
        Warmup();
        using var dir = new TempDir();
        string path = dir.File("udp.pcap");
        var writer = new PcapWriter(nanosecond: true);
        for (int i = 0; i < 1000; i++)
        {
            writer.Add(i * 1000L, TestFrames.Udp(payload: BitConverter.GetBytes((ulong)i), vlanIds: i % 2 == 0 ? [] : [100]));
        }
        File.WriteAllBytes(path, writer.ToArray());
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.Pcap, Source = path, Loops = 1000 });
        (long allocated, PayloadSum handler) = PollOnThisThread(port);

        Assert.Equal((long)Million, handler.Frames);
        Assert.Equal(0, allocated);
    }

    /// <summary>Runs the same generic instantiation first so JIT tiering is not measured.</summary>
    private static void Warmup()
    {
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = 200_000, Overflow = OverflowPolicy.Wait,
        });
        PollOnThisThread(port);
    }

    private static unsafe (long Allocated, PayloadSum Handler) PollOnThisThread(NativePort port)
    {
        var loop = new PollLoop<PayloadSum>(port.Ring(0), default, "alloc", NullLogger.Instance);
        port.Start();
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Run(default(BackoffIdleStrategy));
        long after = GC.GetAllocatedBytesForCurrentThread();
        port.Stop();
        return (after - before, loop.Handler);
    }

    /// <summary>Reads each payload so the parse and the span are really used.</summary>
    private struct PayloadSum : IFrameHandler
    {
        public static bool ReadsPayload => true;

        public readonly void OnBurstBoundary()
        {
        }

        public readonly void OnIdle(bool drained)
        {
        }

        public long Frames;
        public ulong Sum;

        public void OnFrame(in FrameView frame)
        {
            Frames++;
            Sum += BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload);
        }
    }
}
