/*
 * backend_gen.c - a synthetic source: Ethernet/IPv4/UDP frames to
 * 239.1.1.1:30001 whose payload starts with a little-endian u64 sequence
 * number (0, 1, 2, ...). It is the only backend that cannot lend buffers, so
 * it exercises the frame-arena path: one frame slot per ring slot, rewritten
 * only after the consumer has released that ring slot. Used by the ring
 * tests (order and count), the zero-allocation test and benchmarks.
 */
#include "port_pvt.h"
#include "udp_template_pvt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define GEN_SLOT_SIZE 2048u
#define GEN_MIN_LEN 64u

typedef struct gen_state {
    uint8_t *arena;
    size_t arena_mapped;
    uint32_t frame_len;
} gen_state;

static int32_t gen_open(struct hft_port *port)
{
    uint32_t len = port->opts.gen_frame_len ? port->opts.gen_frame_len : GEN_MIN_LEN;
    if (len < GEN_MIN_LEN || len > GEN_SLOT_SIZE) {
        hft_port_report_error(port, -EINVAL, 0, 0, "gen_frame_len %u is outside %u..%u", len,
                              GEN_MIN_LEN, GEN_SLOT_SIZE);
        return -EINVAL;
    }
    uint32_t capacity =
        port->opts.ring_capacity ? port->opts.ring_capacity : HFT_DEFAULT_RING_CAPACITY;
    gen_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    bool huge;
    st->arena = hft_shm_alloc((size_t)capacity * GEN_SLOT_SIZE,
                              (port->opts.flags & HFT_PORT_F_NO_HUGEPAGES) == 0, &huge,
                              &st->arena_mapped, NULL);
    if (!st->arena) {
        int32_t rc = -errno;
        free(st);
        return rc;
    }
    st->frame_len = len;
    /* Every slot holds the same headers; run() only writes the sequence. */
    for (uint32_t i = 0; i < capacity; i++)
        hft_udp_frame_template(st->arena + (size_t)i * GEN_SLOT_SIZE, len);
    port->backend = st;
    port->ts_source = HFT_TS_CLOCK;
    return 0;
}

static void gen_run(struct hft_port *port, uint32_t queue)
{
    gen_state *st = port->backend;
    hft_queue *q = &port->queues[queue];
    hft_ring *ring = q->ring;
    uint64_t limit = port->opts.gen_frames;
    for (uint64_t seq = 0; limit == 0 || seq < limit; seq++) {
        if (hft_port_should_stop(port))
            return;
        if (!hft_queue_wait_room(q))
            continue; /* dropped (counted) or stopping: the sequence moves on */
        uint8_t *frame = st->arena + (size_t)(hft_queue_next_index(q) & ring->mask) * GEN_SLOT_SIZE;
        memcpy(frame + HFT_UDP_PAYLOAD_OFFSET, &seq, sizeof seq);
        hft_queue_commit(q, (uint64_t)(uintptr_t)frame, st->frame_len, st->frame_len,
                         hft_now_real_ns(), 0, 0);
    }
}

static void gen_close(struct hft_port *port)
{
    gen_state *st = port->backend;
    if (!st)
        return;
    hft_shm_free(st->arena, st->arena_mapped);
    free(st);
    port->backend = NULL;
}

const hft_backend_ops hft_backend_gen = {
    .name = "gen",
    .queue_count_max = 1,
    .open = gen_open,
    .run = gen_run,
    .close = gen_close,
};
