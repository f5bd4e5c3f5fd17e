/* port.c - the exported port API: lifecycle, producer threads, counters. */
#include "port_pvt.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/* A ring-full wait spins this many times before yielding the core: a host
 * that is merely between bursts frees slots within a few microseconds. */
#define HFT_WAIT_SPINS 256

uint64_t hft_now_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t hft_now_real_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint32_t hft_abi_version(void)
{
    return HFT_ABI_VERSION;
}

static const hft_backend_ops *backend_for(uint32_t backend)
{
    switch (backend) {
    case HFT_BACKEND_PCAP:
        return &hft_backend_pcap;
    case HFT_BACKEND_AFPACKET:
        return &hft_backend_afpacket;
    case HFT_BACKEND_GEN:
        return &hft_backend_gen;
    case HFT_BACKEND_DPDK:
        return &hft_backend_dpdk;
    case HFT_BACKEND_AFXDP:
        return &hft_backend_afxdp;
    default:
        return NULL;
    }
}

void hft_port_report_error(struct hft_port *port, int32_t code, uint32_t loop, uint64_t offset,
                           const char *fmt, ...)
{
    atomic_fetch_add_explicit(&port->source_errors, 1, memory_order_relaxed);
    pthread_mutex_lock(&port->error_lock);
    if (port->error.code == 0) {
        port->error.code = code < 0 ? code : -code;
        port->error.loop = loop;
        port->error.offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(port->error.reason, sizeof port->error.reason, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&port->error_lock);
}

static void port_free(hft_port *port)
{
    for (uint32_t i = 0; i < port->queue_count; i++)
        hft_ring_destroy(port->queues[i].ring);
    pthread_mutex_destroy(&port->error_lock);
    free(port->source_copy);
    free(port);
}

/* Copies `have` bytes of `src` into a caller struct that declares `sz`. */
static int32_t copy_out(void *out, const void *src, size_t have)
{
    size_t want = *(const size_t *)out;
    if (want < sizeof(size_t))
        return -EINVAL;
    size_t n = want < have ? want : have;
    memcpy((uint8_t *)out + sizeof(size_t), (const uint8_t *)src + sizeof(size_t),
           n - sizeof(size_t));
    return 0;
}

/* Fills the caller's error struct for a failed open: the port's recorded
 * error if the backend gave one, else the bare code and `what`. */
static int32_t open_failed(hft_port *port, hft_port_error *err, int32_t rc, const char *what)
{
    if (err && err->sz >= sizeof(size_t)) {
        hft_port_error e = {.sz = sizeof e, .code = rc};
        if (port && port->error.code != 0)
            e = port->error;
        else
            snprintf(e.reason, sizeof e.reason, "%s: %s", what, hft_strerror(rc));
        e.sz = sizeof e;
        copy_out(err, &e, sizeof e);
    }
    if (port)
        port_free(port);
    return rc;
}

int32_t hft_port_open(const hft_port_options *opts, hft_port **out, hft_port_error *err)
{
    if (!out)
        return -EINVAL;
    *out = NULL;
    if (!opts || opts->sz < sizeof(size_t))
        return open_failed(NULL, err, -EINVAL, "port options missing or sz not set");
    const hft_backend_ops *ops = backend_for(opts->backend);
    if (!ops)
        return open_failed(NULL, err, -EPROTONOSUPPORT, "backend");

    hft_port *port = calloc(1, sizeof *port);
    if (!port)
        return open_failed(NULL, err, -ENOMEM, "port allocation");
    pthread_mutex_init(&port->error_lock, NULL);
    /* Read only the part of the options the caller knows about; newer
     * fields stay zero, which always means "default". */
    memcpy(&port->opts, opts, opts->sz < sizeof port->opts ? opts->sz : sizeof port->opts);
    port->opts.sz = sizeof port->opts;
    if (port->opts.source) {
        port->source_copy = strdup(port->opts.source);
        if (!port->source_copy)
            return open_failed(port, err, -ENOMEM, "source name");
        port->opts.source = port->source_copy;
    }
    port->ops = ops;
    port->queue_count = 1;
    snprintf(port->driver, sizeof port->driver, "%s", ops->name);
    port->link_type = 1; /* DLT_EN10MB unless the backend says otherwise */
    uint32_t overflow = port->opts.overflow;
    if (overflow == HFT_OVERFLOW_DEFAULT)
        overflow = opts->backend == HFT_BACKEND_PCAP ? HFT_OVERFLOW_WAIT : HFT_OVERFLOW_DROP;
    if (overflow != HFT_OVERFLOW_DROP && overflow != HFT_OVERFLOW_WAIT)
        return open_failed(port, err, -EINVAL, "overflow policy");
    port->overflow = overflow;
    uint32_t capacity =
        port->opts.ring_capacity ? port->opts.ring_capacity : HFT_DEFAULT_RING_CAPACITY;
    if (capacity > HFT_MAX_RING_CAPACITY || (capacity & (capacity - 1)) != 0)
        return open_failed(port, err, -EINVAL, "ring capacity must be a power of two up to 2^24");

    int32_t rc = ops->open(port);
    if (rc < 0)
        return open_failed(port, err, rc, ops->name);
    /* A backend bug, not bad input: queues[] holds HFT_MAX_QUEUES. */
    if (port->queue_count == 0 || port->queue_count > ops->queue_count_max ||
        port->queue_count > HFT_MAX_QUEUES) {
        ops->close(port);
        return open_failed(port, err, -EINVAL, "backend opened an impossible number of queues");
    }
    bool allow_huge = (port->opts.flags & HFT_PORT_F_NO_HUGEPAGES) == 0;
    for (uint32_t i = 0; i < port->queue_count; i++) {
        hft_queue *q = &port->queues[i];
        q->port = port;
        q->index = i;
        q->ring = hft_ring_create(capacity, port->opts.port_id, i, allow_huge,
                                  i == 0 ? port->hugepage_note : NULL);
        if (!q->ring) {
            rc = -errno;
            ops->close(port);
            return open_failed(port, err, rc, "ring memory");
        }
    }
    atomic_store(&port->state, HFT_STATE_OPEN);
    *out = port;
    return 0;
}

static void *producer_main(void *arg)
{
    hft_queue *q = arg;
    hft_port *port = q->port;
    port->ops->run(port, q->index);
    hft_queue_flush(q);
    hft_ring_mark_done(q->ring);
    /* The last producer to finish decides the port's final state. */
    if (atomic_fetch_sub(&port->running_queues, 1) == 1) {
        uint32_t state;
        if (hft_port_should_stop(port))
            state = HFT_STATE_STOPPED;
        else
            state = atomic_load(&port->source_errors) ? HFT_STATE_FAILED : HFT_STATE_FINISHED;
        atomic_store(&port->state, state);
    }
    return NULL;
}

int32_t hft_port_start(hft_port *port)
{
    if (!port)
        return -EINVAL;
    if (atomic_load(&port->state) != HFT_STATE_OPEN)
        return -EALREADY;
    atomic_store(&port->running_queues, port->queue_count);
    atomic_store(&port->state, HFT_STATE_RUNNING);
    if (port->ops->poll)
        return 0; /* inline: the consumers' hft_queue_poll calls do the receiving */
    for (uint32_t i = 0; i < port->queue_count; i++) {
        hft_queue *q = &port->queues[i];
        int err = pthread_create(&q->thread, NULL, producer_main, q);
        if (err) {
            /* The queues that started are stopped and joined (their rings are
             * marked done by their threads, the others' by hft_port_stop);
             * then the port is FAILED, whatever those threads set. */
            hft_port_report_error(port, -err, 0, 0, "cannot start producer thread %u: %s", i,
                                  strerror(err));
            hft_port_stop(port);
            atomic_store(&port->state, HFT_STATE_FAILED);
            return -err;
        }
        q->thread_started = true;
        char name[16];
        snprintf(name, sizeof name, "hft-%s-%u", port->ops->name, i);
        pthread_setname_np(q->thread, name);
    }
    return 0;
}

int32_t hft_port_stop(hft_port *port)
{
    if (!port)
        return -EINVAL;
    atomic_store(&port->stop_requested, 1);
    for (uint32_t i = 0; i < port->queue_count; i++) {
        hft_queue *q = &port->queues[i];
        if (q->thread_started && !q->thread_joined) {
            pthread_join(q->thread, NULL);
            q->thread_joined = true;
        } else if (!q->thread_started) {
            /* No producer ever ran on this queue (stopped before start, or
             * its thread could not be created): nothing will come. */
            hft_ring_mark_done(q->ring);
        }
    }
    uint32_t expected = HFT_STATE_OPEN;
    atomic_compare_exchange_strong(&port->state, &expected, HFT_STATE_STOPPED);
    /* An inline port has no producer thread to record its end: a running one
     * stops here (a threaded port's producer set its own final state). */
    expected = HFT_STATE_RUNNING;
    if (port->ops->poll)
        atomic_compare_exchange_strong(&port->state, &expected, HFT_STATE_STOPPED);
    return 0;
}

int32_t hft_port_close(hft_port *port)
{
    if (!port)
        return -EINVAL;
    hft_port_stop(port);
    port->ops->close(port);
    port_free(port);
    return 0;
}

int32_t hft_port_get_info(const hft_port *port, hft_port_info *out)
{
    if (!port || !out)
        return -EINVAL;
    hft_port_info info = {.sz = sizeof info};
    info.backend = port->opts.backend;
    info.queue_count = port->queue_count;
    info.ring_capacity = port->queues[0].ring->capacity;
    info.ring_flags = port->queues[0].ring->flags;
    info.link_type = port->link_type;
    info.flags = port->info_flags | (port->ops->poll ? HFT_PORT_INFO_F_INLINE : 0);
    info.ts_source = port->ts_source;
    info.tsc_hz = port->tsc_hz;
    info.tsc_ref_tsc = port->tsc_ref_tsc;
    info.tsc_ref_ns = port->tsc_ref_ns;
    snprintf(info.driver, sizeof info.driver, "%s", port->driver);
    snprintf(info.hugepage_note, sizeof info.hugepage_note, "%s", port->hugepage_note);
    return copy_out(out, &info, sizeof info);
}

int32_t hft_port_ring(hft_port *port, uint32_t queue, hft_ring **out)
{
    if (!port || !out)
        return -EINVAL;
    if (queue >= port->queue_count)
        return -ERANGE;
    *out = port->queues[queue].ring;
    return 0;
}

int32_t hft_queue_poll(hft_port *port, uint32_t queue)
{
    if (!port || !port->ops->poll)
        return -EINVAL;
    if (queue >= port->queue_count)
        return -ERANGE;
    return port->ops->poll(port, queue);
}

uint64_t hft_ticks(void)
{
#if defined(__x86_64__)
    return __rdtsc();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

int32_t hft_port_get_stats(const hft_port *port, hft_port_stats *out)
{
    if (!port || !out)
        return -EINVAL;
    /* Read the state first: if it says finished, every counter below was
     * final before the store that set it (seq_cst store and load). */
    hft_port_stats s = {.sz = sizeof s};
    s.state = atomic_load(&((hft_port *)port)->state);
    for (uint32_t i = 0; i < port->queue_count; i++) {
        const hft_queue *q = &port->queues[i];
        s.frames += atomic_load_explicit(&q->frames, memory_order_relaxed);
        s.bytes += atomic_load_explicit(&q->bytes, memory_order_relaxed);
        s.ring_full_drops += atomic_load_explicit(&q->ring_full_drops, memory_order_relaxed);
        s.kernel_drops += atomic_load_explicit(&q->kernel_drops, memory_order_relaxed);
        s.snaplen_cut += atomic_load_explicit(&q->snaplen_cut, memory_order_relaxed);
        s.progress_done += atomic_load_explicit(&q->progress_done, memory_order_relaxed);
    }
    s.source_errors = atomic_load_explicit(&port->source_errors, memory_order_relaxed);
    s.progress_total = atomic_load_explicit(&port->progress_total, memory_order_relaxed);
    return copy_out(out, &s, sizeof s);
}

int32_t hft_port_get_error(const hft_port *port, hft_port_error *out)
{
    if (!port || !out)
        return -EINVAL;
    hft_port *p = (hft_port *)port;
    pthread_mutex_lock(&p->error_lock);
    hft_port_error e = p->error;
    pthread_mutex_unlock(&p->error_lock);
    e.sz = sizeof e;
    return copy_out(out, &e, sizeof e);
}

const char *hft_strerror(int32_t err)
{
    int32_t code = err < 0 ? -err : err;
    switch (code) {
    case 0:
        return "success";
    case HFT_EBADFORMAT:
        return "not a valid pcap or pcapng file";
    case HFT_ETRUNCATED:
        return "file ends inside a record (truncated capture)";
    case EPROTONOSUPPORT:
        return "unknown backend";
    default:
        /* strerror's table is static and never freed; the buffer-returning
         * variant is not needed for known errno values. */
        return strerror(code);
    }
}

bool hft_queue_wait_room(hft_queue *q)
{
    hft_ring *ring = q->ring;
    if (hft_ring_free_slots(ring, q->next) != 0)
        return true;
    /* Full: whatever is pending must reach the consumer, or it could never
     * free the slots we wait for. */
    hft_queue_flush(q);
    if (q->port->overflow == HFT_OVERFLOW_DROP) {
        hft_counter_add(&q->ring_full_drops, 1);
        return false;
    }
    for (uint32_t spins = 0; hft_ring_free_slots(ring, q->next) == 0; spins++) {
        if (hft_port_should_stop(q->port))
            return false;
        if (spins < HFT_WAIT_SPINS)
            hft_cpu_relax();
        else
            sched_yield();
    }
    return true;
}
