namespace HftHost.Native;

/// <summary>Which shim backend a port uses (HFT_BACKEND_* in native/include/hftshim.h).</summary>
internal enum PortBackend
{
    /// <summary>pcap / pcapng file replay.</summary>
    Pcap = 1,

    /// <summary>AF_PACKET TPACKET_V3 mmap ring on a network interface.</summary>
    AfPacket = 2,

    /// <summary>Synthetic UDP frames carrying a sequence number.</summary>
    Generator = 3,
}

/// <summary>What a ring-full producer does (HFT_OVERFLOW_*).</summary>
internal enum OverflowPolicy
{
    /// <summary>Wait for file replay, drop (and count) for live sources.</summary>
    Default = 0,

    /// <summary>Count the frame as a ring-full drop and go on.</summary>
    Drop = 1,

    /// <summary>Wait for the consumer; nothing is lost.</summary>
    Wait = 2,
}

/// <summary>Everything needed to open one port; maps onto hft_port_options.</summary>
internal sealed record PortSettings
{
    public required PortBackend Backend { get; init; }

    /// <summary>File path (pcap) or interface name (AF_PACKET); unused by the generator.</summary>
    public string? Source { get; init; }

    public ushort PortId { get; init; }

    /// <summary>Descriptors per queue ring, a power of two; 0 for the shim's default.</summary>
    public uint RingCapacity { get; init; }

    public OverflowPolicy Overflow { get; init; }

    /// <summary>Force normal pages even when hugepages are available.</summary>
    public bool NoHugepages { get; init; }

    /// <summary>Replay pace in thousandths of the recorded pace; 0 = as fast as possible.</summary>
    public uint PacePermille { get; init; }

    /// <summary>Paced replay: longest recorded gap waited out, in ms (longer ones shrink to it); 0 = 1000.</summary>
    public uint PaceMaxGapMs { get; init; }

    /// <summary>Times to replay the file (at least 1).</summary>
    public uint Loops { get; init; } = 1;

    /// <summary>Generator: frames to produce, 0 = until stopped.</summary>
    public ulong GeneratorFrames { get; init; }

    /// <summary>Generator: frame length in bytes, 0 = 64.</summary>
    public uint GeneratorFrameLength { get; init; }
}
