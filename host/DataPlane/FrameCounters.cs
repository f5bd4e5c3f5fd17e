using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HftHost.Sdk;

namespace HftHost.DataPlane;

/// <summary>
/// Per-queue counters, written only by that queue's poll thread (plain increments, no
/// interlocked operations) and read by others for progress and reports. 64 bytes of
/// padding on each side keep them off any cache line another core writes.
/// Per frame only the bytes, the frame's kind (one indexed increment: the kind counters
/// lie in <see cref="FrameKind"/> order) and two rare cases are written; frame counts and
/// rx times are added once per burst by the poll loop.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64 + 19 * sizeof(long) + 64)]
internal struct FrameCounters
{
    [FieldOffset(64 + 0 * sizeof(long))] public long Frames;
    [FieldOffset(64 + 1 * sizeof(long))] public long Bytes;
    [FieldOffset(64 + 2 * sizeof(long))] public long Udp;        // FrameKind.Udp = 0
    [FieldOffset(64 + 3 * sizeof(long))] public long Tcp;        // FrameKind.Tcp = 1
    [FieldOffset(64 + 4 * sizeof(long))] public long OtherIpv4;  // FrameKind.OtherIpv4 = 2
    [FieldOffset(64 + 5 * sizeof(long))] public long NotIpv4;    // FrameKind.NotIpv4 = 3
    [FieldOffset(64 + 6 * sizeof(long))] public long Malformed;  // FrameKind.Malformed = 4
    [FieldOffset(64 + 7 * sizeof(long))] public long Vlan;
    [FieldOffset(64 + 8 * sizeof(long))] public long NotEthernet;
    [FieldOffset(64 + 9 * sizeof(long))] public long SnaplenCut;
    [FieldOffset(64 + 10 * sizeof(long))] public long HandlerFaults;
    [FieldOffset(64 + 11 * sizeof(long))] public long Bursts;
    [FieldOffset(64 + 12 * sizeof(long))] public long PollErrors;
    [FieldOffset(64 + 13 * sizeof(long))] public long FirstRxNs; // rx time of the first frame (0 = none yet)
    [FieldOffset(64 + 14 * sizeof(long))] public long LastRxNs;
    [FieldOffset(64 + 15 * sizeof(long))] public long EmptyPolls; // polls that found no frame (idle time)
    [FieldOffset(64 + 16 * sizeof(long))] public long BusyTicks;  // hft_ticks spent in polls that found frames
    [FieldOffset(64 + 17 * sizeof(long))] public long LoopTicks;  // hft_ticks the poll loop ran, set when it returns
    [FieldOffset(64 + 18 * sizeof(long))] public long LoopNs;     // the same span in ns, to convert the two above

    /// <summary>Frames with an Ethernet link layer.</summary>
    public readonly long Ethernet => Frames - NotEthernet;

    /// <summary>IPv4 frames (UDP, TCP and other protocols).</summary>
    public readonly long Ipv4 => Udp + Tcp + OtherIpv4;

    /// <summary>Frames per non-empty poll: at most HFT_BURST (32); a receiver that cannot keep up finds full bursts.</summary>
    public readonly double FramesPerBurst => Bursts > 0 ? (double)Frames / Bursts : 0;

    /// <summary>
    /// Share of polls that found no frame. A busy-spinning receiver with headroom mostly
    /// polls an empty queue; near 0 it is the bottleneck and the source is queueing.
    /// Frames per burst alone cannot tell: memif, for one, hands over whole bursts of its sender.
    /// </summary>
    public readonly double EmptyPollShare => Bursts + EmptyPolls > 0 ? (double)EmptyPolls / (Bursts + EmptyPolls) : 0;

    /// <summary>
    /// Share of the poll loops' time spent in polls that found frames (receiving, parsing,
    /// handling), 0 before a loop has returned. What is left is headroom: a loop near 1
    /// is the bottleneck of its queue.
    /// </summary>
    public readonly double BusyShare => LoopTicks > 0 ? (double)BusyTicks / LoopTicks : 0;

    /// <summary>Busy time per frame in ns: the cost of one frame on this path; 1e9 over it is the queue's ceiling.</summary>
    public readonly double BusyNsPerFrame => LoopTicks > 0 && Frames > 0 ? BusyShare * LoopNs / Frames : 0;

    /// <summary>Frames that are neither UDP nor TCP over IPv4 (not malformed).</summary>
    public readonly long Other => OtherIpv4 + NotIpv4;

    /// <summary>Counts one parsed frame into its protocol buckets (not <see cref="Frames"/>: per burst).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(in FrameView frame, bool isEthernet)
    {
        Bytes += frame.Bytes.Length;
        Unsafe.Add(ref Udp, (int)frame.Kind)++;
        if (frame.VlanCount != 0)
        {
            Vlan++;
        }
        if (frame.IsSnaplenCut)
        {
            SnaplenCut++;
        }
        if (!isEthernet)
        {
            NotEthernet++;
        }
    }

    /// <summary>Adds a burst of <paramref name="frames"/> received between the two rx times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountBurst(int frames, long firstRxNs, long lastRxNs)
    {
        Frames += frames;
        Bursts++;
        if (FirstRxNs == 0)
        {
            FirstRxNs = firstRxNs;
        }
        LastRxNs = lastRxNs;
    }

    /// <summary>A consistent-enough copy for another thread (each field read atomically).</summary>
    public readonly FrameCounters Snapshot() => this;

    /// <summary>Adds another queue's counters.</summary>
    public void Add(in FrameCounters other)
    {
        Frames += other.Frames;
        Bytes += other.Bytes;
        Udp += other.Udp;
        Tcp += other.Tcp;
        OtherIpv4 += other.OtherIpv4;
        NotIpv4 += other.NotIpv4;
        Malformed += other.Malformed;
        Vlan += other.Vlan;
        NotEthernet += other.NotEthernet;
        SnaplenCut += other.SnaplenCut;
        HandlerFaults += other.HandlerFaults;
        Bursts += other.Bursts;
        EmptyPolls += other.EmptyPolls;
        BusyTicks += other.BusyTicks;
        LoopTicks += other.LoopTicks;
        LoopNs += other.LoopNs;
        PollErrors += other.PollErrors;
        if (other.FirstRxNs != 0 && (FirstRxNs == 0 || other.FirstRxNs < FirstRxNs))
        {
            FirstRxNs = other.FirstRxNs;
        }
        LastRxNs = Math.Max(LastRxNs, other.LastRxNs);
    }
}
