using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using HftHost.Interop;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;
using static HftHost.Interop.Hftshim;

namespace HftHost.DataPlane;

/// <summary>
/// The consumer of one queue's ring: reads descriptors in bursts, parses each frame
/// once, counts it and hands it to <typeparamref name="THandler"/>, then publishes the
/// consumer index so the shim can reuse the slots and the frame memory.
/// Generic over a struct handler so the JIT emits a specialised loop with a direct,
/// inlinable call; nothing in <see cref="DoWork"/> allocates, locks or dispatches
/// through an interface (tests/HftHost.Tests/DataPlane/ZeroAllocationTests.cs).
/// Threading: <see cref="DoWork"/> and <see cref="Run{TIdle}"/> on one poll thread only;
/// <see cref="RequestStop"/> and counter reads from any thread.
/// </summary>
internal sealed unsafe class PollLoop<THandler>
    where THandler : struct, IFrameHandler
{
    private const int MaxLoggedFaults = 10;

    private readonly hft_ring* _ring;
    private readonly hft_desc* _descriptors;
    private readonly ulong _mask;
    private readonly ILogger? _logger;
    private readonly string _name;
    private readonly hft_port* _inlinePort; // non-null: this thread receives via hft_queue_poll
    private readonly uint _queue;
    private THandler _handler;
    private FrameCounters _counters;
    private ulong _tail;      // next index to read; only this thread moves it
    private ulong _headCache; // last prod_head seen, so a burst needs no shared load
    private ulong _inFlight = ulong.MaxValue; // index of the frame being handled, to resume after a fault
    private volatile bool _stopRequested;

    /// <param name="ring">The queue's ring.</param>
    /// <param name="handler">Takes every frame.</param>
    /// <param name="name">For logs and thread names.</param>
    /// <param name="logger">Handler faults go here.</param>
    /// <param name="inlinePort">For inline ports (DPDK, AF_XDP): the port whose <paramref name="queue"/> this loop
    /// receives itself, through hft_queue_poll, whenever the ring is empty; null when a shim thread produces.</param>
    /// <param name="queue">The queue index, for <paramref name="inlinePort"/>.</param>
    public PollLoop(hft_ring* ring, THandler handler, string name, ILogger? logger = null, hft_port* inlinePort = null, uint queue = 0)
    {
        if (ring == null)
        {
            throw new ArgumentNullException(nameof(ring));
        }
        if (ring->magic != HFT_RING_MAGIC || ring->version != HFT_RING_VERSION || ring->desc_size != sizeof(hft_desc))
        {
            throw new InvalidOperationException(
                $"ring of {name} has magic 0x{ring->magic:X8} version {ring->version} descriptor size {ring->desc_size}; " +
                $"this host reads magic 0x{HFT_RING_MAGIC:X8} version {HFT_RING_VERSION} size {sizeof(hft_desc)}: rebuild with ./setup.sh");
        }
        _ring = ring;
        _descriptors = (hft_desc*)((byte*)ring + HFT_RING_DESC_OFFSET);
        _mask = ring->mask;
        _handler = handler;
        _name = name;
        _logger = logger;
        _inlinePort = inlinePort;
        _queue = queue;
        // Resume where a previous consumer of this ring stopped.
        _tail = Volatile.Read(ref ring->cons_tail);
        _headCache = _tail;
    }

    /// <summary>The handler, by reference (its state lives in this loop).</summary>
    public ref THandler Handler => ref _handler;

    /// <summary>This queue's counters; read from other threads field by field.</summary>
    public ref readonly FrameCounters Counters => ref _counters;

    /// <summary>Name for logs and thread names, e.g. "replay/q0".</summary>
    public string Name => _name;

    /// <summary>Asks <see cref="Run{TIdle}"/> to return after the current burst.</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>
    /// True once the producer has marked the ring done and every descriptor is consumed:
    /// nothing more will come.
    /// </summary>
    public bool IsDrained =>
        // Acquire on done, then on prod_head: if done is seen, the final prod_head is too
        // (the producer release-stored prod_head before done; see hft_ring_mark_done).
        Volatile.Read(ref _ring->done) != 0 && Volatile.Read(ref _ring->prod_head) == _tail;

    /// <summary>Consumes up to one burst; returns the number of frames handled (0 = none ready).</summary>
    /// <remarks>
    /// AggressiveOptimization: compiled fully optimised on first call. With tiered
    /// compilation a poll loop ran its first ~100 ms as unoptimised tier-0 code (a
    /// 2-million-frame replay went at a quarter of its steady rate).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int DoWork()
    {
        _handler.OnBurstBoundary();
        ulong tail = _tail;
        ulong head = _headCache;
        if (head == tail)
        {
            // Acquire pairs with the producer's release store in hft_ring_publish: every
            // descriptor below head, and the frame bytes it points to, is visible to us.
            head = Volatile.Read(ref _ring->prod_head);
            if (head == tail)
            {
                if (_inlinePort == null || !PollSource())
                {
                    return 0;
                }
                head = _ring->prod_head; // written by hft_queue_poll on this very thread
            }
            _headCache = head;
        }
        int count = (int)Math.Min(head - tail, HFT_BURST);
        for (int i = 0; i < count; i++)
        {
            hft_desc* d = _descriptors + ((tail + (ulong)i) & _mask);
            if (i + 1 < count)
            {
                // The next frame is elsewhere in memory (file page, mbuf, UMEM chunk):
                // start loading it while this one is handled.
                hft_desc* next = _descriptors + ((tail + (ulong)i + 1) & _mask);
                FramePrefetch.Next((byte*)next->addr, (int)next->len, THandler.ReadsPayload);
            }
            _inFlight = tail + (ulong)i;
            bool isEthernet = (d->flags & HFT_DESC_F_NOT_ETHERNET) == 0;
            FrameView frame = FrameParser.Parse(
                new ReadOnlySpan<byte>((void*)d->addr, (int)d->len), (long)d->rx_ts_ns, (int)d->wire_len,
                d->port, d->queue, isEthernet);
            _counters.Count(frame, isEthernet);
            _handler.OnFrame(in frame);
        }
        Publish(tail + (ulong)count);
        _counters.CountBurst(
            count, (long)_descriptors[tail & _mask].rx_ts_ns, (long)_descriptors[(tail + (ulong)count - 1) & _mask].rx_ts_ns);
        return count;
    }

    /// <summary>
    /// Polls until <see cref="RequestStop"/> or until the ring is drained, idling with
    /// <typeparamref name="TIdle"/> when no frame is ready. A handler exception is counted
    /// and logged; the frame that caused it counts as consumed and the loop goes on.
    /// </summary>
    /// <remarks>
    /// AggressiveOptimization here too: Run is entered once and never returns while frames
    /// flow, so tiering could only replace it through on-stack replacement, whose code
    /// (with DoWork inlined) profiled at 37% of a net_null run against 20% for the parse.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run<TIdle>(TIdle idle)
        where TIdle : struct, IIdleStrategy
    {
        // Busy time: the ticks of the polls that found frames, what OVS-DPDK calls
        // processing cycles, so that every run reports its own headroom. One tick read
        // per poll (11-25 ns here, under a ns per frame of a full burst): a poll starts
        // where the previous one ended, or where a sleeping idle strategy returned.
        long startedNs = Stopwatch.GetTimestamp();
        ulong started = hft_ticks();
        ulong pollStart = started;
        try
        {
            while (!_stopRequested)
            {
                int done;
                try
                {
                    done = DoWork();
                }
                catch (Exception ex)
                {
                    OnHandlerFault(ex);
                    ulong faulted = hft_ticks(); // a poll that handled frames: busy
                    _counters.BusyTicks += (long)(faulted - pollStart);
                    pollStart = faulted;
                    continue;
                }
                ulong now = hft_ticks();
                if (done != 0)
                {
                    _counters.BusyTicks += (long)(now - pollStart);
                    pollStart = now;
                    idle.Reset();
                }
                else if (IsDrained)
                {
                    NotifyIdle(drained: true);
                    return;
                }
                else
                {
                    _counters.EmptyPolls++;
                    NotifyIdle(drained: false);
                    idle.Idle();
                    // A spinning strategy returns at once: the next poll starts now, and no
                    // second tick read lengthens the idle loop (it sets how soon a frame
                    // is picked up). The others may sleep, which must not count as busy.
                    pollStart = typeof(TIdle) == typeof(BusySpinIdleStrategy) ? now : hft_ticks();
                }
            }
        }
        finally
        {
            _counters.LoopTicks += (long)(hft_ticks() - started);
            _counters.LoopNs += (long)Stopwatch.GetElapsedTime(startedNs).TotalNanoseconds;
        }
    }

    // A handler's idle work may throw like its frame work: counted and logged, the loop goes on.
    private void NotifyIdle(bool drained)
    {
        try
        {
            _handler.OnIdle(drained);
        }
        catch (Exception ex)
        {
            long faults = ++_counters.HandlerFaults;
            if (faults <= MaxLoggedFaults)
            {
                _logger?.HandlerFault(ex, _name, _tail, faults);
            }
        }
    }

    /// <summary>
    /// Inline ports: hands the consumed buffers back to the source and receives a burst
    /// into the ring, on this thread (no cross-core hand-off). True when frames arrived.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PollSource()
    {
        int received = hft_queue_poll(_inlinePort, _queue);
        if (received < 0)
        {
            OnPollError(received);
            return false;
        }
        return received != 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnPollError(int code)
    {
        long errors = ++_counters.PollErrors;
        if (errors <= MaxLoggedFaults)
        {
            _logger?.PollFailed(_name, HftHost.Native.NativePort.ErrorText(code), errors);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Publish(ulong tail)
    {
        _tail = tail;
        // Release pairs with the producer's acquire load of cons_tail: our reads of these
        // descriptors and frames are complete before it reuses the slots or the memory.
        Volatile.Write(ref _ring->cons_tail, tail);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnHandlerFault(Exception ex)
    {
        if (_inFlight < _tail || _inFlight >= _headCache)
        {
            // Not thrown while a frame was being handled: the loop itself is broken
            // (a missing native export, say). Skipping a frame would not fix it.
            throw new InvalidOperationException($"{_name}: poll loop failed outside any frame handler", ex);
        }
        long faults = ++_counters.HandlerFaults;
        // The burst stopped at the faulting frame: it counts as consumed, the rest of
        // the burst is read again on the next call; none lost, none twice.
        _counters.CountBurst(
            (int)(_inFlight + 1 - _tail), (long)_descriptors[_tail & _mask].rx_ts_ns, (long)_descriptors[_inFlight & _mask].rx_ts_ns);
        Publish(_inFlight + 1);
        if (faults <= MaxLoggedFaults)
        {
            _logger?.HandlerFault(ex, _name, _inFlight, faults);
        }
    }
}
