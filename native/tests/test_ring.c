/*
 * test_ring.c - the ring and port lifecycle from C: a generator port's
 * producer thread and a consumer in this thread move descriptors; order and
 * count are exact, ring-full drops are counted, options are validated.
 */
#include "check.h"
#include "port_pvt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Frames the wait-mode test moves (argv[1]); a tenth of it for drop mode. */
static uint64_t frames_to_move = 2000000;

static uint64_t seq_of(const hft_desc *d)
{
    uint64_t seq;
    memcpy(&seq, (const uint8_t *)(uintptr_t)d->addr + 42, sizeof seq);
    return seq;
}

/* Drains the ring like the host does: acquire prod_head, read, release cons_tail. */
static uint64_t drain(hft_ring *ring, uint64_t *expected_seq, uint64_t *out_of_order, int stall_us)
{
    uint64_t frames = 0;
    for (;;) {
        uint64_t head = __atomic_load_n(&ring->prod_head, __ATOMIC_ACQUIRE);
        uint64_t tail = ring->cons_tail;
        if (head == tail) {
            if (__atomic_load_n(&ring->done, __ATOMIC_ACQUIRE) &&
                __atomic_load_n(&ring->prod_head, __ATOMIC_ACQUIRE) == tail)
                return frames;
            continue;
        }
        if (stall_us)
            usleep((useconds_t)stall_us);
        const hft_desc *descs = (const hft_desc *)((uint8_t *)ring + HFT_RING_DESC_OFFSET);
        for (uint64_t i = tail; i < head; i++) {
            uint64_t seq = seq_of(&descs[i & ring->mask]);
            if (seq < *expected_seq)
                (*out_of_order)++;
            *expected_seq = seq + 1;
            frames++;
        }
        __atomic_store_n(&ring->cons_tail, head, __ATOMIC_RELEASE);
    }
}

static void test_wait_mode_moves_every_descriptor_in_order(void)
{
    hft_port_options o = {.sz = sizeof o,
                          .backend = HFT_BACKEND_GEN,
                          .overflow = HFT_OVERFLOW_WAIT,
                          .ring_capacity = 1024,
                          .gen_frames = frames_to_move,
                          .port_id = 7};
    hft_port *port;
    int32_t rc = hft_port_open(&o, &port, NULL);
    CHECK(rc == 0, "open: %s", hft_strerror(rc));
    if (rc)
        return;
    hft_ring *ring;
    CHECK(hft_port_ring(port, 0, &ring) == 0, "ring");
    CHECK(ring->magic == HFT_RING_MAGIC && ring->capacity == 1024 && ring->mask == 1023, "header");
    CHECK(hft_port_start(port) == 0, "start");
    uint64_t expected = 0, disorder = 0;
    uint64_t frames = drain(ring, &expected, &disorder, 0);
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(frames == frames_to_move, "frames %llu", (unsigned long long)frames);
    CHECK(expected == frames_to_move && disorder == 0, "order: next %llu, out of order %llu",
          (unsigned long long)expected, (unsigned long long)disorder);
    CHECK(s.frames == frames_to_move && s.ring_full_drops == 0, "stats %llu/%llu",
          (unsigned long long)s.frames, (unsigned long long)s.ring_full_drops);
    CHECK(s.state == HFT_STATE_FINISHED, "state %u", s.state);
    CHECK(hft_port_close(port) == 0, "close");
}

static void test_drop_mode_counts_every_dropped_frame(void)
{
    hft_port_options o = {.sz = sizeof o,
                          .backend = HFT_BACKEND_GEN,
                          .overflow = HFT_OVERFLOW_DROP,
                          .ring_capacity = 64,
                          .gen_frames = frames_to_move / 10};
    hft_port *port;
    int32_t rc = hft_port_open(&o, &port, NULL);
    CHECK(rc == 0, "open: %s", hft_strerror(rc));
    if (rc)
        return;
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    hft_port_start(port);
    uint64_t expected = 0, disorder = 0;
    /* A slow consumer: the producer must drop, and count every drop. */
    uint64_t frames = drain(ring, &expected, &disorder, 50);
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.ring_full_drops > 0, "no drops with a stalled consumer");
    CHECK(frames + s.ring_full_drops == frames_to_move / 10, "frames %llu + drops %llu",
          (unsigned long long)frames, (unsigned long long)s.ring_full_drops);
    CHECK(s.frames == frames && disorder == 0, "stats frames %llu", (unsigned long long)s.frames);
    hft_port_close(port);
}

static void test_stop_ends_an_endless_source(void)
{
    hft_port_options o = {.sz = sizeof o, .backend = HFT_BACKEND_GEN, .ring_capacity = 256};
    hft_port *port;
    CHECK(hft_port_open(&o, &port, NULL) == 0, "open");
    hft_port_start(port);
    usleep(20000);
    CHECK(hft_port_stop(port) == 0, "stop");
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_STOPPED, "state %u", s.state);
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    CHECK(ring->done == 1, "ring marked done after stop");
    hft_port_close(port);
}

static void test_stop_before_start_marks_the_ring_done(void)
{
    hft_port_options o = {.sz = sizeof o, .backend = HFT_BACKEND_GEN, .ring_capacity = 64};
    hft_port *port;
    CHECK(hft_port_open(&o, &port, NULL) == 0, "open");
    CHECK(hft_port_stop(port) == 0 && hft_port_stop(port) == 0, "stop twice");
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    CHECK(ring->done == 1 && ring->prod_head == 0, "a never-started ring is done and empty");
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_STOPPED, "state %u", s.state);
    CHECK(hft_port_start(port) == -EALREADY, "no start after stop");
    hft_port_close(port);
}

static void test_bad_options_are_refused(void)
{
    hft_port *port = (hft_port *)1;
    hft_port_options o = {.sz = sizeof o, .backend = 99};
    CHECK(hft_port_open(&o, &port, NULL) == -EPROTONOSUPPORT && port == NULL, "unknown backend");
    o.backend = HFT_BACKEND_GEN;
    o.ring_capacity = 1000;
    CHECK(hft_port_open(&o, &port, NULL) == -EINVAL, "capacity not a power of two");
    o.ring_capacity = 0;
    o.gen_frame_len = 10;
    CHECK(hft_port_open(&o, &port, NULL) == -EINVAL, "frame length too small");
    o.gen_frame_len = 0;
    o.sz = 0;
    CHECK(hft_port_open(&o, &port, NULL) == -EINVAL, "sz not set");
    hft_port_options old = {.sz = offsetof(hft_port_options, port_id), .backend = HFT_BACKEND_GEN};
    CHECK(hft_port_open(&old, &port, NULL) == 0, "an older, shorter options struct is accepted");
    hft_port_info info = {.sz = sizeof info};
    CHECK(hft_port_get_info(port, &info) == 0 && info.ring_capacity == HFT_DEFAULT_RING_CAPACITY,
          "defaults apply");
    CHECK(hft_port_ring(port, 1, &(hft_ring *){0}) == -ERANGE, "queue out of range");
    hft_port_close(port);
    CHECK(strcmp(hft_strerror(-ENOENT), "No such file or directory") == 0, "strerror");
    CHECK(hft_strerror(-HFT_ETRUNCATED) != NULL, "strerror of shim codes");
}

static void test_hugepage_fallback_is_explained(void)
{
    hft_port_options o = {
        .sz = sizeof o, .backend = HFT_BACKEND_GEN, .flags = HFT_PORT_F_NO_HUGEPAGES};
    hft_port *port;
    CHECK(hft_port_open(&o, &port, NULL) == 0, "open");
    hft_port_info info = {.sz = sizeof info};
    hft_port_get_info(port, &info);
    CHECK((info.ring_flags & HFT_RING_F_HUGEPAGES) == 0, "forced normal pages");
    CHECK(info.hugepage_note[0] != '\0', "a reason is given");
    hft_port_close(port);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        frames_to_move = strtoull(argv[1], NULL, 10);
    test_wait_mode_moves_every_descriptor_in_order();
    test_drop_mode_counts_every_dropped_frame();
    test_stop_ends_an_endless_source();
    test_stop_before_start_marks_the_ring_done();
    test_bad_options_are_refused();
    test_hugepage_fallback_is_explained();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
