using System.Runtime.InteropServices;
using System.Text;
using HftHost.Interop;
using static HftHost.Interop.Hftshim;

namespace HftHost.Native;

/// <summary>
/// Owns one hft_port of the native shim: open, start, stop, close, counters, and the
/// ring of each queue for the poll loops. Every failure becomes a
/// <see cref="PortException"/> whose message says what and why in one line.
/// Threading: open/start/stop/dispose from one controlling thread; <see cref="GetStats"/>
/// and <see cref="GetError"/> from any thread.
/// </summary>
internal sealed unsafe class NativePort : IDisposable
{
    private hft_port* _port;

    private NativePort(hft_port* port, PortSettings settings)
    {
        _port = port;
        Settings = settings;
        hft_port_info info = default;
        info.sz = (nuint)sizeof(hft_port_info);
        Check(hft_port_get_info(port, &info), "port info");
        QueueCount = (int)info.queue_count;
        RingCapacity = info.ring_capacity;
        OnHugepages = (info.ring_flags & HFT_RING_F_HUGEPAGES) != 0;
        HugepageNote = TextOf(info.hugepage_note, HFT_ERROR_REASON_LEN);
        LinkType = info.link_type;
        IsInline = (info.flags & HFT_PORT_INFO_F_INLINE) != 0;
        IsZeroCopy = (info.flags & HFT_PORT_INFO_F_ZEROCOPY) != 0;
        TimestampSource = (TimestampSource)info.ts_source;
        TscCalibration = new TscCalibration(info.tsc_hz, info.tsc_ref_tsc, info.tsc_ref_ns);
        Driver = TextOf(info.driver, 32);
    }

    public PortSettings Settings { get; }

    public int QueueCount { get; }

    public uint RingCapacity { get; }

    /// <summary>True when the rings are in 2 MiB hugepages.</summary>
    public bool OnHugepages { get; }

    /// <summary>Why the rings are on normal pages, with how to enable hugepages.</summary>
    public string HugepageNote { get; }

    /// <summary>DLT_* link type of the source (1 = Ethernet).</summary>
    public uint LinkType { get; }

    /// <summary>No producer thread: each poll thread receives through <see cref="hft_queue_poll"/>.</summary>
    public bool IsInline { get; }

    /// <summary>AF_XDP bound in zero-copy mode.</summary>
    public bool IsZeroCopy { get; }

    /// <summary>Where rx timestamps come from.</summary>
    public TimestampSource TimestampSource { get; }

    /// <summary>How TSC readings map to ns (meaningful when <see cref="TimestampSource"/> is Tsc).</summary>
    public TscCalibration TscCalibration { get; }

    /// <summary>The backend's driver: DPDK's PMD name, "afxdp", "pcap", ...</summary>
    public string Driver { get; }

    /// <summary>The native handle, for <see cref="hft_queue_poll"/> on poll threads.</summary>
    public hft_port* Handle => _port != null ? _port : throw new ObjectDisposedException(nameof(NativePort));

    /// <summary>Opens a port; throws <see cref="PortException"/> naming the cause.</summary>
    public static NativePort Open(PortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckAbi();
        fixed (byte* sourcePtr = CString(settings.Source))
        fixed (byte* ealPtr = CString(settings.DpdkEalArgs))
        fixed (byte* devicePtr = CString(settings.DpdkDevice))
        {
            hft_port_options options = default;
            options.sz = (nuint)sizeof(hft_port_options);
            options.backend = (uint)settings.Backend;
            options.overflow = (uint)settings.Overflow;
            options.ring_capacity = settings.RingCapacity;
            options.flags = settings.NoHugepages ? (uint)HFT_PORT_F_NO_HUGEPAGES : 0u;
            options.source = sourcePtr;
            options.port_id = settings.PortId;
            options.pace_permille = settings.PacePermille;
            options.loops = settings.Loops;
            options.pace_max_gap_ms = settings.PaceMaxGapMs;
            options.dpdk_eal_args = ealPtr;
            options.dpdk_device = devicePtr;
            options.queue_count = settings.QueueCount;
            options.queue_first = settings.QueueFirst;
            options.pool_size = settings.PoolSize;
            options.afxdp_mode = (uint)settings.AfXdpMode;
            options.gen_frames = settings.GeneratorFrames;
            options.gen_frame_len = settings.GeneratorFrameLength;
            hft_port_error error = default;
            error.sz = (nuint)sizeof(hft_port_error);
            hft_port* port;
            int rc = hft_port_open(&options, &port, &error);
            if (rc < 0)
            {
                string reason = TextOf(error.reason, HFT_ERROR_REASON_LEN);
                string what = (settings.Source ?? settings.DpdkDevice) is { } name ? $"'{name}'" : settings.Backend.ToString();
                throw new PortException(
                    $"cannot open {what}: {(reason.Length > 0 ? reason : ErrorText(rc))}", rc) { DuringOpen = true };
            }
            return new NativePort(port, settings);
        }
    }

    /// <summary>The ring of <paramref name="queue"/>; valid until the port is disposed.</summary>
    public hft_ring* Ring(int queue)
    {
        hft_ring* ring;
        Check(hft_port_ring(Handle, (uint)queue, &ring), $"ring of queue {queue}");
        return ring;
    }

    /// <summary>Starts the producer threads.</summary>
    public void Start() => Check(hft_port_start(Handle), "start");

    /// <summary>Stops the producers (their rings are marked done); idempotent.</summary>
    public void Stop() => Check(hft_port_stop(Handle), "stop");

    public PortStats GetStats()
    {
        hft_port_stats s = default;
        s.sz = (nuint)sizeof(hft_port_stats);
        Check(hft_port_get_stats(Handle, &s), "stats");
        return new PortStats(
            s.frames, s.bytes, s.ring_full_drops, s.kernel_drops, s.source_errors, s.snaplen_cut,
            s.progress_done, s.progress_total, (PortState)s.state);
    }

    /// <summary>The first error the source reported, or null.</summary>
    public SourceError? GetError()
    {
        hft_port_error e = default;
        e.sz = (nuint)sizeof(hft_port_error);
        Check(hft_port_get_error(Handle, &e), "error");
        return e.code == 0 ? null : new SourceError(e.code, e.loop, e.offset, TextOf(e.reason, HFT_ERROR_REASON_LEN));
    }

    public void Dispose()
    {
        if (_port != null)
        {
            // Close only fails for a null handle, which this class never passes.
            _ = hft_port_close(_port);
            _port = null;
        }
    }

    /// <summary>The shim's message for a negative errno or shim code.</summary>
    public static string ErrorText(int code) =>
        Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(hft_strerror(code)));

    private static void CheckAbi()
    {
        uint version = hft_abi_version();
        if (version != HFT_ABI_VERSION)
        {
            throw new PortException(
                $"libhftshim.so has ABI version {version}, this host was built for {HFT_ABI_VERSION}: rebuild with ./setup.sh",
                -Errno.EINVAL) { DuringOpen = true };
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0)
        {
            throw new PortException($"port {what} failed: {ErrorText(rc)}", rc);
        }
    }

    private static byte[]? CString(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text + '\0');

    /// <summary>Text of a fixed char array of a shim struct (NUL-terminated within it).</summary>
    private static string TextOf(byte* text, int maxLength)
    {
        var span = new ReadOnlySpan<byte>(text, maxLength);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
