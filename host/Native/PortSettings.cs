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

    /// <summary>A DPDK ethdev (vdev or PCI device), received on the poll threads.</summary>
    Dpdk = 4,

    /// <summary>AF_XDP sockets on interface queues (libxdp), received on the poll threads.</summary>
    AfXdp = 5,
}

/// <summary>How an AF_XDP socket binds (HFT_AFXDP_*).</summary>
internal enum AfXdpMode
{
    /// <summary>Zero copy when the driver supports it, copy mode otherwise.</summary>
    Auto = 0,

    /// <summary>Copy mode only.</summary>
    Copy = 1,

    /// <summary>Zero copy only; refused where the driver cannot.</summary>
    ZeroCopy = 2,
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

    /// <summary>DPDK: EAL arguments (on shared machines --no-pci and a unique --file-prefix).</summary>
    public string? DpdkEalArgs { get; init; }

    /// <summary>DPDK: the ethdev name (net_memif0 from --vdev) or a PCI address.</summary>
    public string? DpdkDevice { get; init; }

    /// <summary>DPDK, AF_XDP: receive queues (one poll thread each); 0 = 1.</summary>
    public uint QueueCount { get; init; }

    /// <summary>AF_XDP: the interface queue bound to queue 0.</summary>
    public uint QueueFirst { get; init; }

    /// <summary>DPDK mbufs or AF_XDP UMEM frames per queue; 0 = derived from the ring.</summary>
    public uint PoolSize { get; init; }

    public AfXdpMode AfXdpMode { get; init; }

    /// <summary>CPU for each queue's poll thread (index = queue); empty = not pinned.</summary>
    public IReadOnlyList<int> Cores { get; init; } = [];

    /// <summary>Generator: frames to produce, 0 = until stopped.</summary>
    public ulong GeneratorFrames { get; init; }

    /// <summary>Generator: frame length in bytes, 0 = 64.</summary>
    public uint GeneratorFrameLength { get; init; }
}
