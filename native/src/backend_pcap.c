/*
 * backend_pcap.c - replays a pcap/pcapng file into queue 0's ring.
 *
 * Zero copy: descriptors point into the reader's read-only mapping, which
 * lives until close(), so frames never need recycling and the ring's
 * consumer index only bounds how far ahead the producer runs.
 *
 * Pacing follows the capture's clock: the packet recorded t ns after the
 * first packet of a pass is pushed t * 1000 / pace_permille ns after that
 * pass started. Deadlines are absolute, so oversleeping one packet does not
 * delay every later one.
 */
#include "pcap_reader_pvt.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

/* Below this much time left the wait spins: a sleep would overshoot by the
 * timer slack (~50 us by default on Linux). */
#define PACE_SPIN_NS 50000ull
/* Longest single sleep, so a stop request is seen within about 1 ms. */
#define PACE_MAX_SLEEP_NS 1000000ull

typedef struct pcap_state {
    hft_pcap_reader reader;
} pcap_state;

/* Waits until hft_now_mono_ns() >= deadline; false if a stop came first. */
static bool pace_until(struct hft_port *port, uint64_t deadline)
{
    for (;;) {
        uint64_t now = hft_now_mono_ns();
        if (now >= deadline)
            return true;
        if (hft_port_should_stop(port))
            return false;
        uint64_t left = deadline - now;
        if (left > PACE_SPIN_NS) {
            uint64_t ns = left - PACE_SPIN_NS;
            if (ns > PACE_MAX_SLEEP_NS)
                ns = PACE_MAX_SLEEP_NS;
            struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)ns};
            clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL); /* EINTR: the loop re-checks */
        } else {
            hft_cpu_relax();
        }
    }
}

static int32_t pcap_open(struct hft_port *port)
{
    if (!port->opts.source || !port->opts.source[0]) {
        hft_port_report_error(port, -EINVAL, 0, 0, "pcap backend needs a capture file path");
        return -EINVAL;
    }
    pcap_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    int32_t rc = hft_pcap_open(&st->reader, port->opts.source);
    if (rc < 0) {
        uint64_t offset;
        const char *why = hft_pcap_error(&st->reader, &offset);
        hft_port_report_error(port, rc, 0, offset, "%s", why);
        free(st);
        return rc;
    }
    uint64_t loops = port->opts.loops ? port->opts.loops : 1;
    port->backend = st;
    port->ts_source = HFT_TS_FILE;
    port->link_type = hft_pcap_link_type(&st->reader);
    atomic_store_explicit(&port->progress_total, hft_pcap_file_size(&st->reader) * loops,
                          memory_order_relaxed);
    return 0;
}

static void pcap_run(struct hft_port *port, uint32_t queue)
{
    pcap_state *st = port->backend;
    hft_pcap_reader *r = &st->reader;
    hft_queue *q = &port->queues[queue];
    uint32_t loops = port->opts.loops ? port->opts.loops : 1;
    uint32_t pace = port->opts.pace_permille;
    uint64_t max_gap_ns =
        (uint64_t)(port->opts.pace_max_gap_ms ? port->opts.pace_max_gap_ms : 1000u) * 1000000u;
    uint64_t size = hft_pcap_file_size(r);

    for (uint32_t loop = 0; loop < loops; loop++) {
        hft_pcap_rewind(r);
        uint64_t done_before = (uint64_t)loop * size;
        /* Pacing: each packet is due one recorded gap (clamped to the max gap,
         * divided by the pace factor) after the previous one. Deadlines add
         * up from the pass's start, so sleep overshoot does not accumulate. */
        bool first = true;
        uint64_t prev_ts = 0, deadline = 0;
        hft_pcap_pkt pkt;
        int32_t rc;
        while ((rc = hft_pcap_next(r, &pkt)) > 0) {
            if (hft_port_should_stop(port))
                return;
            if (pace) {
                if (first) {
                    deadline = hft_now_mono_ns();
                    first = false;
                } else {
                    /* Captures can step backwards (merged files): no wait. */
                    uint64_t gap = pkt.ts_ns > prev_ts ? pkt.ts_ns - prev_ts : 0;
                    if (gap > max_gap_ns)
                        gap = max_gap_ns;
                    deadline += gap * 1000u / pace; /* <= 4.3e15: no overflow */
                }
                prev_ts = pkt.ts_ns;
                hft_queue_flush(q); /* what is due goes out before we sleep */
                if (!pace_until(port, deadline))
                    return;
            }
            uint16_t flags = 0;
            if (pkt.caplen < pkt.wire_len)
                flags |= HFT_DESC_F_SNAPLEN;
            if (pkt.link_type != HFT_LINKTYPE_ETHERNET)
                flags |= HFT_DESC_F_NOT_ETHERNET;
            if (!hft_queue_push(q, (uint64_t)(uintptr_t)pkt.data, pkt.caplen, pkt.wire_len,
                                pkt.ts_ns, (uint16_t)pkt.iface, flags) &&
                hft_port_should_stop(port))
                return; /* otherwise a DROP-mode drop, already counted: go on */
            /* Relaxed: a progress figure for readers, ordering nothing. */
            atomic_store_explicit(&q->progress_done, done_before + hft_pcap_position(r),
                                  memory_order_relaxed);
        }
        if (rc < 0) {
            uint64_t offset;
            const char *why = hft_pcap_error(r, &offset);
            hft_port_report_error(port, rc, loop, offset, "%s", why);
            return;
        }
        /* Skipped trailing blocks (statistics, names) count as consumed too. */
        atomic_store_explicit(&q->progress_done, done_before + size, memory_order_relaxed);
    }
}

static void pcap_close(struct hft_port *port)
{
    pcap_state *st = port->backend;
    if (!st)
        return;
    hft_pcap_close(&st->reader);
    free(st);
    port->backend = NULL;
}

const hft_backend_ops hft_backend_pcap = {
    .name = "pcap",
    .queue_count_max = 1,
    .open = pcap_open,
    .run = pcap_run,
    .close = pcap_close,
};
