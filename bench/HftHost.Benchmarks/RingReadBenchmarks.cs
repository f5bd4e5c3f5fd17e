using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using HftHost.DataPlane;
using HftHost.Interop;
using HftHost.Native;
using static HftHost.Interop.Hftshim;

namespace HftHost.Benchmarks;

/// <summary>
/// Reading descriptors from the shim's real SPSC ring (hft_ring from hft_port_ring, in the
/// shim's memory: hugepages where there are some) through the generated interop structs, per
/// frame. The port is a generator port that is never started, so this thread plays both sides:
/// each burst it publishes 32 descriptors as the shim does (release store of prod_head), then
/// consumes them as the host does. <see cref="ReadBurst"/> is the ring alone: acquire prod_head,
/// read each descriptor, release-store cons_tail. <see cref="PollLoopDoWork"/> is the host's own
/// consumer (PollLoop.DoWork with the no-op handler): the same plus the frame parse and the
/// counters. The descriptors point at 1,024 varied frames in pinned memory. Both sides run on
/// one core here, so the cross-core hand-off of the ring's lines is not in these figures (the
/// end-to-end replay and rx-to-plugin cases measure it).
/// </summary>
[MemoryDiagnoser]
public unsafe class RingReadBenchmarks
{
    private const int Bursts = 64;

    private NativePort _port = null!;
    private hft_ring* _ring;
    private hft_desc* _descriptors;
    private byte[] _frameMemory = [];
    private PollLoop<NoOpHandler> _loop = null!;
    private ulong _head;

    [GlobalSetup]
    public void Setup()
    {
        _port = NativePort.Open(new PortSettings { Backend = PortBackend.Generator });
        _ring = _port.Ring(0);
        _descriptors = (hft_desc*)((byte*)_ring + HFT_RING_DESC_OFFSET);
        FrameSet frames = FrameSet.Build(1024);
        _frameMemory = GC.AllocateArray<byte>(frames.Buffer.Length, pinned: true);
        frames.Buffer.CopyTo(_frameMemory);
        byte* basePointer = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_frameMemory, 0);
        for (ulong slot = 0; slot <= _ring->mask; slot++)
        {
            int frame = (int)(slot % (ulong)frames.Count);
            hft_desc* d = _descriptors + slot;
            d->addr = (ulong)(basePointer + frames.Offsets[frame]);
            d->len = (uint)frames.Lengths[frame];
            d->wire_len = d->len;
            d->rx_ts_ns = slot * 1000;
        }
        _head = Volatile.Read(ref _ring->prod_head);
        _loop = new PollLoop<NoOpHandler>(_ring, default, "bench/q0");
    }

    [GlobalCleanup]
    public void Cleanup() => _port.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Bursts * HFT_BURST)]
    public ulong ReadBurst()
    {
        ulong sum = 0;
        for (int b = 0; b < Bursts; b++)
        {
            Produce();
            // The consumer's side, as PollLoop.DoWork reads it.
            ulong tail = _ring->cons_tail;
            ulong head = Volatile.Read(ref _ring->prod_head); // acquire: pairs with the producer's release
            ulong mask = _ring->mask;
            int count = (int)Math.Min(head - tail, HFT_BURST);
            for (int i = 0; i < count; i++)
            {
                hft_desc* d = _descriptors + ((tail + (ulong)i) & mask);
                sum += d->addr + d->len + d->wire_len + d->rx_ts_ns + d->flags;
            }
            Volatile.Write(ref _ring->cons_tail, tail + (ulong)count); // release: the slots may be reused
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Bursts * HFT_BURST)]
    public int PollLoopDoWork()
    {
        int frames = 0;
        for (int b = 0; b < Bursts; b++)
        {
            Produce();
            frames += _loop.DoWork();
        }
        return frames;
    }

    // The producer's side (hft_ring_publish): a burst of slots already holding descriptors.
    private void Produce()
    {
        _head += HFT_BURST;
        Volatile.Write(ref _ring->prod_head, _head);
    }
}
