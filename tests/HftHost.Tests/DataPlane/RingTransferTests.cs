using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Tests.DataPlane;

/// <summary>
/// The shim's generator producer thread (C) and the host's poll loop (C#) move
/// descriptors through the real shared ring; every frame carries its sequence number.
/// </summary>
public class RingTransferTests
{
    [Fact]
    public void Should_move_ten_million_descriptors_in_order_when_the_producer_waits()
    {
        const ulong Frames = 10_000_000;
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = Frames, Overflow = OverflowPolicy.Wait, RingCapacity = 1024,
        });
        SequenceChecker checker = RunToEnd(port);

        Assert.Equal(Frames, checker.Seen);
        Assert.Equal(0ul, checker.OutOfOrder);
        Assert.Equal(0ul, checker.Gaps);
        Assert.Equal(Frames - 1, checker.Last);
        PortStats stats = port.GetStats();
        Assert.Equal(Frames, stats.Frames);
        Assert.Equal(0ul, stats.RingFullDrops);
        Assert.Equal(PortState.Finished, stats.State);
    }

    [Fact]
    public void Should_count_every_frame_dropped_on_a_full_ring()
    {
        const ulong Frames = 2_000_000;
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = Frames, Overflow = OverflowPolicy.Drop, RingCapacity = 64,
        });
        // A consumer that sleeps between polls cannot keep up with a 64-slot ring.
        SequenceChecker checker = RunToEnd(port, consumerPauseEvery: 16);

        PortStats stats = port.GetStats();
        Assert.True(stats.RingFullDrops > 0, "a slow consumer must cause ring-full drops");
        Assert.Equal(Frames, checker.Seen + stats.RingFullDrops);
        Assert.Equal(checker.Seen, stats.Frames);
        Assert.Equal(0ul, checker.OutOfOrder);
        // Every sequence number the consumer did not see is one counted drop.
        Assert.Equal(stats.RingFullDrops, checker.Gaps + (Frames - 1 - checker.Last));
    }

    [Fact]
    public unsafe void Should_count_a_throwing_handler_and_lose_no_frame()
    {
        const ulong Frames = 100_000;
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = Frames, Overflow = OverflowPolicy.Wait, RingCapacity = 256,
        });
        var loop = new PollLoop<ThrowingEvery1000>(port.Ring(0), default, "faults", NullLogger.Instance);
        port.Start();
        loop.Run(default(BackoffIdleStrategy));
        port.Stop();

        // Every frame reached the handler exactly once, in order; each 1000th threw.
        Assert.Equal(Frames, loop.Handler.Seen);
        Assert.Equal(0ul, loop.Handler.OutOfOrder);
        Assert.Equal((long)(Frames / 1000), loop.Counters.HandlerFaults);
        Assert.Equal((long)Frames, loop.Counters.Frames);
        Assert.Equal((long)Frames, loop.Counters.Udp);
        Assert.Equal(port.GetStats().Frames, (ulong)loop.Counters.Frames);
    }

    [Fact]
    public unsafe void Should_count_every_poll_that_found_no_frame()
    {
        const ulong Frames = 50_000;
        using NativePort port = NativePort.Open(new PortSettings
        {
            Backend = PortBackend.Generator, GeneratorFrames = Frames, Overflow = OverflowPolicy.Wait, RingCapacity = 256,
        });
        var loop = new PollLoop<SequenceChecker>(port.Ring(0), new SequenceChecker(), "idle", NullLogger.Instance);
        var idle = new CountingIdle { Calls = new StrongBox<long>() };
        // The loop polls an empty ring until the producer starts: some polls are empty.
        var consumer = new Thread(() => loop.Run(idle));
        consumer.Start();
        SpinWait.SpinUntil(() => Volatile.Read(ref idle.Calls.Value) >= 10, TimeSpan.FromSeconds(30));
        port.Start();
        Assert.True(consumer.Join(TimeSpan.FromMinutes(2)), "the loop did not drain the ring");
        port.Stop();

        Assert.Equal(Frames, loop.Handler.Seen);
        // Every idle call follows exactly one empty poll; the final poll, which finds the
        // ring drained, returns instead of idling.
        Assert.True(idle.Calls.Value >= 10, $"{idle.Calls.Value} idle calls before the producer started");
        Assert.Equal(idle.Calls.Value, loop.Counters.EmptyPolls);
        Assert.InRange(loop.Counters.Bursts, (long)(Frames / 32), (long)Frames);
        // Busy time is part of the loop's time; the polls before the producer started were idle.
        FrameCounters c = loop.Counters;
        Assert.True(c.BusyTicks > 0 && c.BusyTicks < c.LoopTicks, $"busy {c.BusyTicks} of {c.LoopTicks} ticks");
        Assert.True(c.LoopNs > 0);
        Assert.InRange(c.BusyShare, double.Epsilon, 1.0);
        Assert.True(c.BusyNsPerFrame > 0 && c.BusyNsPerFrame < (double)c.LoopNs / Frames);
    }

    /// <summary>Counts idle calls; sleeps so that the generator gets ahead and bursts fill.</summary>
    private struct CountingIdle : IIdleStrategy
    {
        public StrongBox<long> Calls;

        public readonly void Idle()
        {
            Calls.Value++;
            Thread.Sleep(0);
        }

        public readonly void Reset()
        {
        }
    }

    private struct ThrowingEvery1000 : IFrameHandler
    {

        public static bool ReadsPayload => false;

        public readonly void OnBurstBoundary()
        {
        }

        public readonly void OnIdle(bool drained)
        {
        }

        public ulong Seen;
        public ulong OutOfOrder;

        public void OnFrame(in FrameView frame)
        {
            ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload);
            if (seq != Seen)
            {
                OutOfOrder++;
            }
            Seen++;
            if (seq % 1000 == 999)
            {
                throw new InvalidOperationException($"test fault at {seq}");
            }
        }
    }

    private static unsafe SequenceChecker RunToEnd(NativePort port, int consumerPauseEvery = 0)
    {
        var loop = new PollLoop<SequenceChecker>(port.Ring(0), new SequenceChecker(), "test", NullLogger.Instance);
        port.Start();
        int polls = 0;
        while (!loop.IsDrained)
        {
            if (loop.DoWork() == 0 || (consumerPauseEvery > 0 && ++polls % consumerPauseEvery == 0))
            {
                Thread.Sleep(consumerPauseEvery > 0 ? 1 : 0);
            }
        }
        port.Stop();
        Assert.Equal(0, loop.Counters.Malformed);
        return loop.Handler;
    }

    /// <summary>Checks the generator's sequence numbers (payload offset 0, little-endian).</summary>
    private struct SequenceChecker : IFrameHandler
    {
        public static bool ReadsPayload => true;

        public readonly void OnBurstBoundary()
        {
        }

        public readonly void OnIdle(bool drained)
        {
        }

        public ulong Seen;
        public ulong OutOfOrder;
        public ulong Gaps;
        public ulong Last;
        private bool _started;

        public void OnFrame(in FrameView frame)
        {
            ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload);
            if (_started)
            {
                if (seq <= Last)
                {
                    OutOfOrder++;
                }
                else
                {
                    Gaps += seq - Last - 1;
                }
            }
            else
            {
                Gaps += seq;
                _started = true;
            }
            Last = seq;
            Seen++;
        }
    }
}
