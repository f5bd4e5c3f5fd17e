/*
 * hftshim.h - the only native ABI the HftHost C# host uses.
 *
 * A port is one packet source (a capture file, an AF_PACKET socket, a
 * synthetic generator; DPDK and AF_XDP later) with one or more queues. Each
 * queue has a producer thread inside the shim that writes frame descriptors
 * into a single-producer/single-consumer ring; the host's poll thread is the
 * only consumer of that ring and reads the frames where they lie.
 *
 * Rules of this header (the bindings in interop/ are generated from it):
 *   - every export starts with hft_, takes and returns fixed-width types only,
 *     and returns 0 or a negative errno unless its doc line says otherwise;
 *   - option and result structs start with `size_t sz` so the ABI can grow:
 *     the caller sets sz = sizeof(struct) and the shim reads only that much;
 *   - shared-memory structs use explicit padding (no alignas) so that the C#
 *     side, which lays them out sequentially, gets the same offsets; the
 *     numbers are checked on both sides (native/tests/layout_check.c and
 *     tests/HftHost.Tests/Interop/LayoutTests.cs).
 */
#ifndef HFTSHIM_H
#define HFTSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define HFT_EXPORT __attribute__((visibility("default")))
#else
#define HFT_EXPORT
#endif

/* Marks a call that is short, never blocks and never calls back into the
 * host: the generator binds it with [SuppressGCTransition]. Only clang (the
 * generator) sees the annotation; gcc builds ignore it. */
#if defined(__clang__)
#define HFT_NOGC __attribute__((annotate("hft_nogc")))
#else
#define HFT_NOGC
#endif

/* ---- versions and constants ------------------------------------------- */

#define HFT_ABI_VERSION 3

/* "HFTR" little-endian; first word of every ring. */
#define HFT_RING_MAGIC 0x52544648
#define HFT_RING_VERSION 1
#define HFT_CACHE_LINE 64
/* Descriptors a poll thread takes per burst. */
#define HFT_BURST 32
#define HFT_DEFAULT_RING_CAPACITY 4096
#define HFT_MAX_RING_CAPACITY 16777216
#define HFT_ERROR_REASON_LEN 160

/* Backends (hft_port_options.backend). */
#define HFT_BACKEND_PCAP 1     /* pcap / pcapng file replay */
#define HFT_BACKEND_AFPACKET 2 /* AF_PACKET TPACKET_V3 mmap ring on an interface */
#define HFT_BACKEND_GEN 3      /* synthetic UDP frames with a sequence number */
#define HFT_BACKEND_DPDK 4     /* a DPDK ethdev (vdev or PCI device); inline */
#define HFT_BACKEND_AFXDP 5    /* an AF_XDP socket per interface queue (libxdp); inline */

/* hft_port_options.afxdp_mode */
#define HFT_AFXDP_AUTO 0     /* zero-copy bind if the driver supports it, else copy mode */
#define HFT_AFXDP_COPY 1     /* copy mode only */
#define HFT_AFXDP_ZEROCOPY 2 /* zero-copy only: fail if the driver cannot */

/* hft_port_info.flags */
#define HFT_PORT_INFO_F_INLINE 1   /* no producer thread: the consumer calls hft_queue_poll */
#define HFT_PORT_INFO_F_ZEROCOPY 2 /* AF_XDP socket bound in zero-copy mode */

/* hft_port_info.ts_source: where hft_desc.rx_ts_ns comes from */
#define HFT_TS_FILE 1   /* the capture file's record time */
#define HFT_TS_KERNEL 2 /* the kernel's rx time (AF_PACKET) */
#define HFT_TS_NIC 3    /* the NIC's rx timestamp, converted to ns */
#define HFT_TS_TSC 4    /* the TSC read once per rx burst, converted with a measured rate and a reference renewed every second */
#define HFT_TS_CLOCK 5  /* CLOCK_REALTIME read once per rx burst */

/* What a producer does when its ring is full (hft_port_options.overflow). */
#define HFT_OVERFLOW_DEFAULT 0 /* WAIT for file replay, DROP for live sources */
#define HFT_OVERFLOW_DROP 1    /* count the frame in ring_full_drops, go on */
#define HFT_OVERFLOW_WAIT 2    /* wait for the consumer (replay: lose nothing) */

/* hft_port_options.flags */
#define HFT_PORT_F_NO_HUGEPAGES 1 /* force normal pages (tests, comparisons) */

/* hft_ring.flags (read-only for the consumer) */
#define HFT_RING_F_HUGEPAGES 1 /* ring memory is backed by 2 MiB hugepages */

/* hft_desc.flags */
#define HFT_DESC_F_SNAPLEN 1      /* captured shorter than on the wire (len < wire_len) */
#define HFT_DESC_F_NOT_ETHERNET 2 /* link type is not Ethernet (DLT_EN10MB) */

/* hft_port_stats.state */
#define HFT_STATE_OPEN 0     /* opened, producer not started */
#define HFT_STATE_RUNNING 1  /* producer running */
#define HFT_STATE_FINISHED 2 /* source exhausted cleanly; ring marked done */
#define HFT_STATE_FAILED 3   /* source stopped on an error; ring marked done */
#define HFT_STATE_STOPPED 4  /* stopped by hft_port_stop */

/* ---- the shared ring ---------------------------------------------------- */

/* One received frame. Two descriptors per cache line. */
typedef struct hft_desc {
    uint64_t addr;     /* address of the first byte of the frame */
    uint64_t rx_ts_ns; /* rx time, ns since the Unix epoch (capture time on replay) */
    uint32_t len;      /* bytes readable at addr */
    uint32_t wire_len; /* length on the wire (>= len) */
    uint16_t port;     /* hft_port_options.port_id */
    uint16_t queue;    /* queue index within the port */
    uint16_t iface;    /* pcapng interface id; 0 for other sources */
    uint16_t flags;    /* HFT_DESC_F_* */
} hft_desc;

/*
 * Ring header followed by `capacity` descriptors (at offset
 * HFT_RING_DESC_OFFSET). Indices are free-running uint64 counters (never
 * wrap in practice); slot = index & mask.
 *
 * Producer line: written only by the producer; the consumer loads
 * prod_head with acquire. Consumer line: written only by the consumer; the
 * producer loads cons_tail with acquire. A guard line sits between each so
 * the adjacent-line prefetcher does not pull the other side's line.
 */
typedef struct hft_ring {
    /* line 0: immutable after creation */
    uint32_t magic;     /* HFT_RING_MAGIC */
    uint16_t version;   /* HFT_RING_VERSION */
    uint16_t desc_size; /* sizeof(hft_desc) */
    uint32_t capacity;  /* descriptors, power of two */
    uint32_t mask;      /* capacity - 1 */
    uint32_t flags;     /* HFT_RING_F_* */
    uint32_t port;
    uint32_t queue;
    uint32_t _reserved0;
    uint64_t mapped_bytes; /* size of the mapping that holds header + descriptors */
    uint8_t _pad0[HFT_CACHE_LINE - 40];
    uint8_t _guard0[HFT_CACHE_LINE];
    /* producer line */
    uint64_t prod_head;  /* next index to write; release-stored after the descriptor */
    uint64_t cons_cache; /* producer's private copy of cons_tail */
    uint32_t done; /* 1 once no descriptor will follow; release-stored after the last prod_head */
    uint32_t _reserved1;
    uint8_t _pad1[HFT_CACHE_LINE - 24];
    uint8_t _guard1[HFT_CACHE_LINE];
    /* consumer line */
    uint64_t cons_tail;  /* next index to read; release-stored once frames are consumed */
    uint64_t prod_cache; /* consumer's private copy of prod_head */
    uint8_t _pad2[HFT_CACHE_LINE - 16];
    uint8_t _guard2[HFT_CACHE_LINE];
    /* hft_desc descriptors[capacity] follow here */
} hft_ring;

#define HFT_RING_DESC_OFFSET 384

/* ---- ports ------------------------------------------------------------ */

typedef struct hft_port hft_port;

typedef struct hft_port_options {
    size_t sz;              /* sizeof(hft_port_options) */
    uint32_t backend;       /* HFT_BACKEND_* */
    uint32_t overflow;      /* HFT_OVERFLOW_* */
    uint32_t ring_capacity; /* descriptors per queue ring, power of two; 0 = default */
    uint32_t flags;         /* HFT_PORT_F_* */
    const char *source;     /* PCAP: file path; AFPACKET: interface name; GEN: unused */
    uint16_t port_id;       /* copied into every descriptor */
    uint16_t _reserved0;
    /* PCAP: replay pace in thousandths of the recorded pace (1000 = x1,
     * 2000 = twice as fast); 0 = as fast as possible. */
    uint32_t pace_permille;
    uint32_t loops;                /* PCAP: times to replay the file; 0 = 1 */
    uint32_t gen_frame_len;        /* GEN: frame length in bytes (64..2048); 0 = 64 */
    uint64_t gen_frames;           /* GEN: frames to produce; 0 = until stopped */
    uint32_t afp_block_size;       /* AFPACKET: TPACKET_V3 block size, bytes; 0 = 1 MiB */
    uint32_t afp_block_count;      /* AFPACKET: blocks in the mmap ring; 0 = 64 */
    uint32_t afp_block_timeout_ms; /* AFPACKET: retire a partly filled block after; 0 = 1 */
    /* PCAP, paced: longest recorded gap between two packets that is waited
     * out, in ms; longer gaps (idle periods, corrupt timestamps) shrink to
     * it. 0 = 1000. */
    uint32_t pace_max_gap_ms;
    const char *dpdk_eal_args; /* DPDK: EAL arguments, space separated (--no-pci or an allow-list) */
    const char *dpdk_device;   /* DPDK: ethdev name (net_memif0 from --vdev) or PCI address */
    uint32_t queue_count;      /* DPDK, AF_XDP: rx queues; 0 = 1 */
    uint32_t queue_first;      /* AF_XDP: interface queue id bound to queue 0 */
    uint32_t pool_size;        /* DPDK: mbufs; AF_XDP: UMEM frames per queue; 0 = derived */
    uint32_t afxdp_mode;       /* HFT_AFXDP_* */
} hft_port_options;

typedef struct hft_port_info {
    size_t sz; /* sizeof(hft_port_info) */
    uint32_t backend;
    uint32_t queue_count;
    uint32_t ring_capacity;
    uint32_t ring_flags; /* HFT_RING_F_* of queue 0's ring */
    uint32_t link_type;  /* DLT_* of the source (pcap: of its first interface) */
    uint32_t _reserved0;
    /* Why the ring is on normal pages when HFT_RING_F_HUGEPAGES is clear. */
    char hugepage_note[HFT_ERROR_REASON_LEN];
    uint32_t flags;       /* HFT_PORT_INFO_F_* */
    uint32_t ts_source;   /* HFT_TS_* */
    uint64_t tsc_hz;      /* HFT_TS_TSC: TSC ticks per second, measured at open */
    uint64_t tsc_ref_tsc; /* HFT_TS_TSC: a TSC reading ... */
    uint64_t tsc_ref_ns;  /* ... and CLOCK_REALTIME ns at that reading */
    char driver[32];      /* DPDK driver name, AF_XDP "afxdp", else the backend */
} hft_port_info;

typedef struct hft_port_stats {
    size_t sz;                /* sizeof(hft_port_stats) */
    uint64_t frames;          /* descriptors published to the ring */
    uint64_t bytes;           /* sum of hft_desc.len of those frames */
    uint64_t ring_full_drops; /* frames dropped because the ring was full */
    uint64_t kernel_drops;    /* frames the kernel or NIC dropped before the shim saw them */
    uint64_t source_errors;   /* malformed records, read errors, truncation */
    uint64_t snaplen_cut;     /* frames captured shorter than their wire length */
    uint64_t progress_done;   /* PCAP: file bytes consumed, over all loops */
    uint64_t progress_total;  /* PCAP: file bytes times loops; 0 if unknown */
    uint32_t state;           /* HFT_STATE_* */
    uint32_t _reserved0;
} hft_port_stats;

/* The first error the source reported (state FAILED, or a warning such as a
 * truncated last record after which the file simply ends). */
typedef struct hft_port_error {
    size_t sz;                         /* sizeof(hft_port_error) */
    int32_t code;                      /* negative errno, 0 if no error was reported */
    uint32_t loop;                     /* PCAP: which pass over the file (0-based) */
    uint64_t offset;                   /* PCAP: byte offset in the file of the bad record */
    char reason[HFT_ERROR_REASON_LEN]; /* one line, NUL-terminated */
} hft_port_error;

/* Returns HFT_ABI_VERSION of the loaded library (never fails). */
HFT_EXPORT HFT_NOGC uint32_t hft_abi_version(void);

/* Opens a port; on success *out owns it until hft_port_close. On failure
 * *err (if not NULL, with err->sz set) says why. Returns 0 or -errno. */
HFT_EXPORT int32_t hft_port_open(const hft_port_options *opts, hft_port **out, hft_port_error *err);

/* Starts the producer thread(s). Returns 0 or -errno. */
HFT_EXPORT int32_t hft_port_start(hft_port *port);

/* Asks the producers to stop and joins them; idempotent. Returns 0 or -errno. */
HFT_EXPORT int32_t hft_port_stop(hft_port *port);

/* Stops the port if needed and frees everything it owns. Returns 0 or -errno. */
HFT_EXPORT int32_t hft_port_close(hft_port *port);

/* Writes what the port is (queues, ring size, hugepages). Returns 0 or -errno. */
HFT_EXPORT HFT_NOGC int32_t hft_port_get_info(const hft_port *port, hft_port_info *out);

/* Sets *out to the ring of `queue`; valid until hft_port_close. Returns 0 or -errno. */
HFT_EXPORT HFT_NOGC int32_t hft_port_ring(hft_port *port, uint32_t queue, hft_ring **out);

/* For ports with HFT_PORT_INFO_F_INLINE, called by the thread that consumes
 * `queue`'s ring when it finds the ring empty: gives the source back the
 * buffers of the descriptors the consumer has released, then receives one
 * burst into the ring. Short and never blocks. Returns the frames added (0 if
 * none) or -errno. */
HFT_EXPORT HFT_NOGC int32_t hft_queue_poll(hft_port *port, uint32_t queue);

/* A cheap, monotonic tick count for a poll thread to measure where its time
 * goes (busy vs idle polls): the TSC on x86-64 (rdtsc, not serialising: a few
 * ns), CLOCK_MONOTONIC ns elsewhere. Only differences taken on one thread mean
 * anything; the host turns them into shares of its own wall-clock time. */
HFT_EXPORT HFT_NOGC uint64_t hft_ticks(void);

/* Writes the port's counters (summed over its queues). Returns 0 or -errno. */
HFT_EXPORT HFT_NOGC int32_t hft_port_get_stats(const hft_port *port, hft_port_stats *out);

/* Writes the first error the source reported (takes a lock: not HFT_NOGC).
 * Returns 0 or -errno. */
HFT_EXPORT int32_t hft_port_get_error(const hft_port *port, hft_port_error *out);

/* Returns a static, NUL-terminated message for a (negative or positive) errno
 * or HFT_E* code; never NULL. */
HFT_EXPORT HFT_NOGC const char *hft_strerror(int32_t err);

#ifdef __cplusplus
}
#endif

#endif /* HFTSHIM_H */
