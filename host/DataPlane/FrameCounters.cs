using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HftHost.Sdk;

namespace HftHost.DataPlane;

/// <summary>
/// Per-queue counters, written only by that queue's poll thread (plain increments, no
/// interlocked operations) and read by others for progress and reports. 64 bytes of
/// padding on each side keep them off any cache line another core writes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64 + 15 * sizeof(long) + 64)]
internal struct FrameCounters
{
    [FieldOffset(64 + 0 * sizeof(long))] public long Frames;
    [FieldOffset(64 + 1 * sizeof(long))] public long Bytes;
    [FieldOffset(64 + 2 * sizeof(long))] public long Ethernet;
    [FieldOffset(64 + 3 * sizeof(long))] public long Vlan;
    [FieldOffset(64 + 4 * sizeof(long))] public long Ipv4;
    [FieldOffset(64 + 5 * sizeof(long))] public long Udp;
    [FieldOffset(64 + 6 * sizeof(long))] public long Tcp;
    [FieldOffset(64 + 7 * sizeof(long))] public long Other;
    [FieldOffset(64 + 8 * sizeof(long))] public long Malformed;
    [FieldOffset(64 + 9 * sizeof(long))] public long SnaplenCut;
    [FieldOffset(64 + 10 * sizeof(long))] public long HandlerFaults;
    [FieldOffset(64 + 11 * sizeof(long))] public long Bursts;
    [FieldOffset(64 + 12 * sizeof(long))] public long PollErrors;
    [FieldOffset(64 + 13 * sizeof(long))] public long FirstRxNs; // rx time of the first frame (0 = none yet)
    [FieldOffset(64 + 14 * sizeof(long))] public long LastRxNs;

    /// <summary>Counts one parsed frame into its protocol buckets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(in FrameView frame, bool isEthernet)
    {
        Frames++;
        Bytes += frame.Bytes.Length;
        if (FirstRxNs == 0)
        {
            FirstRxNs = frame.RxTimestampNs;
        }
        LastRxNs = frame.RxTimestampNs;
        if (isEthernet)
        {
            Ethernet++;
        }
        if (frame.VlanCount != 0)
        {
            Vlan++;
        }
        if (frame.IsSnaplenCut)
        {
            SnaplenCut++;
        }
        switch (frame.Kind)
        {
            case FrameKind.Udp:
                Ipv4++;
                Udp++;
                break;
            case FrameKind.Tcp:
                Ipv4++;
                Tcp++;
                break;
            case FrameKind.OtherIpv4:
                Ipv4++;
                Other++;
                break;
            case FrameKind.NotIpv4:
                Other++;
                break;
            default:
                Malformed++;
                break;
        }
    }

    /// <summary>A consistent-enough copy for another thread (each field read atomically).</summary>
    public readonly FrameCounters Snapshot() => this;

    /// <summary>Adds another queue's counters.</summary>
    public void Add(in FrameCounters other)
    {
        Frames += other.Frames;
        Bytes += other.Bytes;
        Ethernet += other.Ethernet;
        Vlan += other.Vlan;
        Ipv4 += other.Ipv4;
        Udp += other.Udp;
        Tcp += other.Tcp;
        Other += other.Other;
        Malformed += other.Malformed;
        SnaplenCut += other.SnaplenCut;
        HandlerFaults += other.HandlerFaults;
        Bursts += other.Bursts;
        PollErrors += other.PollErrors;
        if (other.FirstRxNs != 0 && (FirstRxNs == 0 || other.FirstRxNs < FirstRxNs))
        {
            FirstRxNs = other.FirstRxNs;
        }
        LastRxNs = Math.Max(LastRxNs, other.LastRxNs);
    }
}
