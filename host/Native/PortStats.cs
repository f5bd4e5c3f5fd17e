namespace HftHost.Native;

/// <summary>Where a port's producer is (HFT_STATE_*).</summary>
internal enum PortState : uint
{
    Open = 0,
    Running = 1,
    Finished = 2,
    Failed = 3,
    Stopped = 4,
}

/// <summary>A copy of the shim's counters for a port (hft_port_stats).</summary>
internal readonly record struct PortStats(
    ulong Frames,
    ulong Bytes,
    ulong RingFullDrops,
    ulong KernelDrops,
    ulong SourceErrors,
    ulong SnaplenCut,
    ulong ProgressDone,
    ulong ProgressTotal,
    PortState State);
