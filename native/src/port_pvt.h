/*
 * port_pvt.h - what a backend sees of a port: its options, its queues'
 * rings, the producer-side ring operations and the error/stat reporting.
 * Private to the shim; the host never includes it.
 */
#ifndef HFT_PORT_PVT_H
#define HFT_PORT_PVT_H

#include "hftshim.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define HFT_MAX_QUEUES 64

/* Internal error codes (beyond errno), negative like errno values. */
#define HFT_EBADFORMAT 4001 /* not a pcap/pcapng file, or a corrupt record */
#define HFT_ETRUNCATED 4002 /* file ends inside a record */

struct hft_port;

/* A backend: opened once per port, run once per queue on its own thread. */
typedef struct hft_backend_ops {
    const char *name;
    uint32_t queue_count_max;
    /* Validates options and acquires the source (file, socket). Called with
     * port->opts filled in, before the rings exist. Returns 0 or -errno and
     * fills port->error on failure. */
    int32_t (*open)(struct hft_port *port);
    /* Producer thread body for one queue (NULL for inline backends); returns when the source is
     * exhausted, failed, or hft_port_should_stop() became true. The caller
     * marks the ring done afterwards. */
    void (*run)(struct hft_port *port, uint32_t queue);
    /* Releases what open acquired. Called once, after every run returned. */
    void (*close)(struct hft_port *port);
    /* Inline backends (run == NULL): one poll of `queue` on the consumer's
     * thread, see hft_queue_poll in hftshim.h. Returns frames added or -errno. */
    int32_t (*poll)(struct hft_port *port, uint32_t queue);
} hft_backend_ops;

/* Per-queue producer state. Counters are written by the queue's producer
 * thread only and read with relaxed loads by hft_port_get_stats. */
typedef struct hft_queue {
    hft_ring *ring;
    /* Producer-private: the next slot to fill. Slots in [ring->prod_head, next)
     * are written but not yet published; see hft_queue_flush. */
    uint64_t next;
    pthread_t thread;
    bool thread_started; /* a producer thread was created for this queue */
    bool thread_joined;
    struct hft_port *port;
    uint32_t index;
    _Atomic uint64_t frames;
    _Atomic uint64_t bytes;
    _Atomic uint64_t ring_full_drops;
    _Atomic uint64_t kernel_drops;
    _Atomic uint64_t snaplen_cut;
    _Atomic uint64_t progress_done;
} hft_queue;

struct hft_port {
    hft_port_options opts; /* copy; opts.source points at source_copy */
    char *source_copy;
    const hft_backend_ops *ops;
    void *backend; /* backend-private state */
    uint32_t queue_count;
    uint32_t overflow; /* resolved HFT_OVERFLOW_DROP or _WAIT */
    uint32_t link_type;
    uint32_t info_flags;                      /* HFT_PORT_INFO_F_*, set by the backend's open */
    uint32_t ts_source;                       /* HFT_TS_*, set by the backend's open */
    uint64_t tsc_hz, tsc_ref_tsc, tsc_ref_ns; /* HFT_TS_TSC calibration */
    char driver[32];
    _Atomic uint64_t progress_total;
    _Atomic uint64_t source_errors; /* counted by hft_port_report_error */
    _Atomic uint32_t state;
    _Atomic uint32_t stop_requested;
    _Atomic uint32_t running_queues;
    pthread_mutex_t error_lock; /* guards error: written at most a few times per run */
    hft_port_error error;
    char hugepage_note[HFT_ERROR_REASON_LEN];
    hft_queue queues[HFT_MAX_QUEUES];
};

/* ---- memory ------------------------------------------------------------ */

/* Maps `bytes` of zeroed shared memory, from 2 MiB hugepages when
 * allowed and available. *hugepages says which; `note` (may be NULL,
 * HFT_ERROR_REASON_LEN bytes) says why not. *mapped gets the mapping size.
 * Returns NULL on failure with errno set. */
void *hft_shm_alloc(size_t bytes, bool allow_hugepages, bool *hugepages, size_t *mapped,
                    char *note);
void hft_shm_free(void *addr, size_t mapped);

/* ---- producer side of the ring ----------------------------------------- */

hft_ring *hft_ring_create(uint32_t capacity, uint32_t port, uint32_t queue, bool allow_hugepages,
                          char *note);
void hft_ring_destroy(hft_ring *ring);

static inline hft_desc *hft_ring_descs(hft_ring *ring)
{
    return (hft_desc *)((uint8_t *)ring + HFT_RING_DESC_OFFSET);
}

/* Tells the core we are spinning (lets a sibling hyperthread run). */
static inline void hft_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Free slots as the producer sees them, counting written-but-unpublished
 * ones as used, and refreshing its copy of cons_tail only when the cached
 * value says the ring is full. */
static inline uint32_t hft_ring_free_slots(hft_ring *ring, uint64_t next)
{
    uint64_t used = next - ring->cons_cache;
    if (used >= ring->capacity) {
        /* Acquire pairs with the consumer's release store of cons_tail: the
         * consumer has finished reading every slot below the value we see,
         * so those slots (and the frames they point to) may be reused. */
        ring->cons_cache = __atomic_load_n(&ring->cons_tail, __ATOMIC_ACQUIRE);
        used = next - ring->cons_cache;
    }
    return (uint32_t)(ring->capacity - used);
}

/* Publishes every descriptor written below `next`. */
static inline void hft_ring_publish(hft_ring *ring, uint64_t next)
{
    /* Release: the descriptor stores above (and the frame bytes they point
     * to) become visible to a consumer that acquire-loads prod_head. */
    __atomic_store_n(&ring->prod_head, next, __ATOMIC_RELEASE);
}

/* Marks the end of the stream. */
static inline void hft_ring_mark_done(hft_ring *ring)
{
    /* Release, after the last prod_head store: a consumer that acquire-loads
     * done == 1 and then loads prod_head sees every descriptor. */
    __atomic_store_n(&ring->done, 1u, __ATOMIC_RELEASE);
}

/* The consumer's position (acquire: see hft_ring_free_slots). */
static inline uint64_t hft_ring_consumed(hft_ring *ring)
{
    return __atomic_load_n(&ring->cons_tail, __ATOMIC_ACQUIRE);
}

static inline bool hft_port_should_stop(const struct hft_port *port)
{
    return atomic_load_explicit(&port->stop_requested, memory_order_relaxed) != 0;
}

/*
 * Producer side, per queue. Descriptors are written with hft_queue_commit and
 * published in batches: prod_head moves once per HFT_BURST frames (or at
 * hft_queue_flush), so the consumer's core pulls the producer's cache line
 * once per burst instead of once per frame. A backend calls hft_queue_flush
 * before it waits for its source (poll, pacing); the port flushes before
 * marking the ring done, and before any wait for ring space.
 */

/* Slot the next descriptor goes to (a frame-arena backend derives its frame
 * slot from it); valid after hft_queue_wait_room() returned true. */
static inline uint64_t hft_queue_next_index(const hft_queue *q)
{
    return q->next;
}

/* Publishes what was committed; cheap when nothing is pending. */
static inline void hft_queue_flush(hft_queue *q)
{
    if (q->next != q->ring->prod_head)
        hft_ring_publish(q->ring, q->next);
}

/*
 * Makes sure the queue's ring has a free slot, by the port's overflow policy.
 * WAIT: publishes what is pending, then spins and yields until there is room
 * (false only if a stop is requested meanwhile). DROP: publishes what is
 * pending, counts the frame in ring_full_drops and returns false.
 */
bool hft_queue_wait_room(hft_queue *q);

/* Adds to a single-writer counter: a relaxed load and store, not a locked
 * read-modify-write, since only the owning producer thread writes it. */
static inline void hft_counter_add(_Atomic uint64_t *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
                          memory_order_relaxed);
}

/* Fills one descriptor (hft_queue_commit and hft_burst_add). */
static inline void hft_desc_write(hft_desc *d, uint64_t addr, uint32_t len, uint32_t wire_len, uint64_t ts_ns,
                                  uint16_t port_id, uint16_t queue, uint16_t iface, uint16_t flags)
{
    d->addr = addr;
    d->rx_ts_ns = ts_ns;
    d->len = len;
    d->wire_len = wire_len;
    d->port = port_id;
    d->queue = queue;
    d->iface = iface;
    d->flags = flags;
}

/* Writes the descriptor at the next slot and counts the frame; publishes
 * once a burst is pending. Only after hft_queue_wait_room() returned true.
 * Inline: it runs once per frame in every backend's receive loop. */
static inline void hft_queue_commit(hft_queue *q, uint64_t addr, uint32_t len, uint32_t wire_len,
                                    uint64_t ts_ns, uint16_t iface, uint16_t flags)
{
    hft_ring *ring = q->ring;
    hft_desc_write(&hft_ring_descs(ring)[q->next & ring->mask], addr, len, wire_len, ts_ns,
                   q->port->opts.port_id, (uint16_t)q->index, iface, flags);
    q->next++;
    if (q->next - ring->prod_head >= HFT_BURST)
        hft_ring_publish(ring, q->next);
    hft_counter_add(&q->frames, 1);
    hft_counter_add(&q->bytes, len);
    if (flags & HFT_DESC_F_SNAPLEN)
        hft_counter_add(&q->snaplen_cut, 1);
}

/*
 * The burst form of hft_queue_commit, for inline backends (DPDK, AF_XDP) that
 * receive at most HFT_BURST frames into slots they already know are free:
 * hft_burst_begin, one hft_burst_add per frame, then hft_burst_end. Per frame
 * it only writes the descriptor; the counters, the slot index and prod_head
 * live in a local until the end, which counts and publishes the burst once.
 * With it dpdk_poll's share of a net_null receive fell from 17.5% to 10% (perf):
 * hft_queue_commit stores two counters and tests prod_head for every frame.
 */
typedef struct hft_burst {
    hft_desc *descs;
    uint64_t mask;
    uint64_t next;
    uint64_t bytes;
    uint64_t snaplen_cut;
    uint16_t port_id;
    uint16_t queue;
} hft_burst;

static inline hft_burst hft_burst_begin(const hft_queue *q)
{
    hft_burst b = {
        .descs = hft_ring_descs(q->ring),
        .mask = q->ring->mask,
        .next = q->next,
        .port_id = q->port->opts.port_id,
        .queue = (uint16_t)q->index,
    };
    return b;
}

/* Writes the next descriptor; returns its ring index (for the backend's own
 * per-slot bookkeeping, such as the mbuf to free later). */
static inline uint64_t hft_burst_add(hft_burst *b, uint64_t addr, uint32_t len, uint32_t wire_len,
                                     uint64_t ts_ns, uint16_t flags)
{
    hft_desc_write(&b->descs[b->next & b->mask], addr, len, wire_len, ts_ns, b->port_id, b->queue, 0, flags);
    b->bytes += len;
    b->snaplen_cut += (flags & HFT_DESC_F_SNAPLEN) != 0;
    return b->next++;
}

/* Counts the burst's frames and publishes them. */
static inline void hft_burst_end(hft_queue *q, const hft_burst *b)
{
    uint64_t frames = b->next - q->next;
    q->next = b->next;
    hft_counter_add(&q->frames, frames);
    hft_counter_add(&q->bytes, b->bytes);
    if (b->snaplen_cut)
        hft_counter_add(&q->snaplen_cut, b->snaplen_cut);
    hft_queue_flush(q);
}

/* hft_queue_wait_room + hft_queue_commit, for frames that lie in memory the
 * backend owns (file mapping, kernel ring). Returns false if not pushed. */
static inline bool hft_queue_push(hft_queue *q, uint64_t addr, uint32_t len, uint32_t wire_len,
                                  uint64_t ts_ns, uint16_t iface, uint16_t flags)
{
    if (!hft_queue_wait_room(q))
        return false;
    hft_queue_commit(q, addr, len, wire_len, ts_ns, iface, flags);
    return true;
}

/* Records the first error (code < 0, file offset, printf-style reason),
 * logs nothing, counts a source error. Thread-safe. */
void hft_port_report_error(struct hft_port *port, int32_t code, uint32_t loop, uint64_t offset,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Monotonic and realtime clocks in ns. */
uint64_t hft_now_mono_ns(void);
uint64_t hft_now_real_ns(void);

/* Backends. */
extern const hft_backend_ops hft_backend_pcap;
extern const hft_backend_ops hft_backend_afpacket;
extern const hft_backend_ops hft_backend_gen;
extern const hft_backend_ops hft_backend_dpdk;
extern const hft_backend_ops hft_backend_afxdp;

#endif /* HFT_PORT_PVT_H */
