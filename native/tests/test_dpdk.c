/*
 * test_dpdk.c - the DPDK backend against real vdevs in one EAL (net_null
 * makes a frame for every mbuf it is given; net_ring stands still): mbufs are
 * recycled through the ring, timestamps are sane, two queues both receive,
 * bad options are refused with a reason, and no hugepage file or runtime dir
 * outlives the process.
 *
 * The tests run in a child process (the EAL still starts once there) so that
 * the parent can look, after the child's exit, for anything the EAL left.
 * Needs root and free hugepages.
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS */
#include "check.h"
#include "hftshim.h"

#include <dirent.h>
#include <errno.h>
#include <mntent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN 64
#define NS_PER_S 1000000000ull

static char prefix[64];
static char eal_args[512];

static uint64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static hft_port_options dpdk_options(const char *device)
{
    hft_port_options o = {.sz = sizeof o,
                          .backend = HFT_BACKEND_DPDK,
                          .dpdk_eal_args = eal_args,
                          .dpdk_device = device,
                          .port_id = 3};
    return o;
}

/* Opens a port with `o`; NULL (and a failed check) if it does not open. */
static hft_port *open_port(const hft_port_options *o)
{
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(o, &port, &err);
    CHECK(rc == 0, "open %s: %d %s", o->dpdk_device, rc, err.reason);
    return rc == 0 ? port : NULL;
}

/* What a consumer saw on one queue. */
typedef struct taken {
    uint64_t frames;
    uint64_t bad_desc;     /* wrong length, flags, port or queue */
    uint64_t ts_backwards; /* rx_ts_ns below the previous frame's */
    uint64_t ts_far;       /* rx_ts_ns more than a second from CLOCK_REALTIME */
    uint64_t last_ts;
    int32_t poll_error;
} taken;

/* Consumes up to `want` frames of `queue` like the host does: when the ring
 * is empty call hft_queue_poll, else acquire prod_head, read the
 * descriptors, release cons_tail. Gives up after `seconds`. */
static void take(hft_port *port, uint32_t queue, uint64_t want, double seconds, taken *t)
{
    hft_ring *ring;
    if (hft_port_ring(port, queue, &ring) != 0) {
        t->poll_error = -EINVAL;
        return;
    }
    const hft_desc *descs = (const hft_desc *)((const uint8_t *)ring + HFT_RING_DESC_OFFSET);
    uint64_t deadline = now_ns(CLOCK_MONOTONIC) + (uint64_t)(seconds * 1e9);
    uint64_t goal = t->frames + want;
    for (uint32_t idle = 0; t->frames < goal;) {
        uint64_t head = __atomic_load_n(&ring->prod_head, __ATOMIC_ACQUIRE);
        uint64_t tail = ring->cons_tail;
        if (head == tail) {
            int32_t n = hft_queue_poll(port, queue);
            if (n < 0) {
                t->poll_error = n;
                return;
            }
            if (++idle % 1024 == 0 && now_ns(CLOCK_MONOTONIC) > deadline)
                return;
            continue;
        }
        /* Exactly what was asked: a poll may bring more (up to DPDK_RX_BURST). */
        if (head - tail > goal - t->frames)
            head = tail + (goal - t->frames);
        uint64_t real = now_ns(CLOCK_REALTIME);
        for (uint64_t i = tail; i < head; i++) {
            const hft_desc *d = &descs[i & ring->mask];
            volatile const uint8_t *frame = (const uint8_t *)(uintptr_t)d->addr;
            (void)frame[FRAME_LEN - 1]; /* the frame lies where the descriptor says */
            if (d->len != FRAME_LEN || d->wire_len != FRAME_LEN || d->flags != 0 || d->port != 3 ||
                d->queue != queue)
                t->bad_desc++;
            if (d->rx_ts_ns < t->last_ts)
                t->ts_backwards++;
            if (d->rx_ts_ns + NS_PER_S < real || d->rx_ts_ns > real + NS_PER_S)
                t->ts_far++;
            t->last_ts = d->rx_ts_ns;
        }
        t->frames += head - tail;
        /* Release: we are done reading these frames; the shim may now give
         * their mbufs back to the pool. */
        __atomic_store_n(&ring->cons_tail, head, __ATOMIC_RELEASE);
    }
}

/* Files of ours in any hugetlbfs mount. */
static int hugepage_files(void)
{
    int count = 0;
    FILE *m = setmntent("/proc/mounts", "r");
    for (struct mntent *e; m && (e = getmntent(m)) != NULL;) {
        if (strcmp(e->mnt_type, "hugetlbfs") != 0)
            continue;
        DIR *d = opendir(e->mnt_dir);
        for (struct dirent *f; d && (f = readdir(d)) != NULL;)
            count += strncmp(f->d_name, prefix, strlen(prefix)) == 0;
        if (d)
            closedir(d);
    }
    if (m)
        endmntent(m);
    return count;
}

static void test_refuses_eal_args_without_no_pci(void)
{
    hft_port_options o = dpdk_options("net_null0");
    o.dpdk_eal_args = "--vdev net_null0 --file-prefix hfttest-unsafe";
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EPERM && err.code == -EPERM && !port, "rc %d", rc);
    CHECK(strstr(err.reason, "--no-pci") != NULL, "reason: %s", err.reason);
}

/* 2,000,000 frames through a pool of 1024 mbufs: only possible if every
 * consumed frame's mbuf goes back to the pool. */
static void test_null_device_recycles_mbufs(void)
{
    hft_port_options o = dpdk_options("net_null0");
    o.ring_capacity = 256;
    o.pool_size = 1024;
    hft_port *port = open_port(&o);
    if (!port)
        return;
    CHECK(hugepage_files() == 0, "hugepage files while open (--huge-unlink)");
    hft_port_info info = {.sz = sizeof info};
    CHECK(hft_port_get_info(port, &info) == 0, "info");
    CHECK(info.backend == HFT_BACKEND_DPDK && info.queue_count == 1 && info.ring_capacity == 256,
          "info %u/%u/%u", info.backend, info.queue_count, info.ring_capacity);
    CHECK(info.flags & HFT_PORT_INFO_F_INLINE, "flags %u", info.flags);
    CHECK(info.ts_source == HFT_TS_TSC && info.tsc_hz > 0, "ts_source %u tsc_hz %llu",
          info.ts_source, (unsigned long long)info.tsc_hz);
    uint64_t real = now_ns(CLOCK_REALTIME);
    CHECK(info.tsc_ref_ns + NS_PER_S > real && info.tsc_ref_ns <= real, "tsc_ref_ns %llu",
          (unsigned long long)info.tsc_ref_ns);
    CHECK(strcmp(info.driver, "net_null") == 0 && info.link_type == 1, "driver %s", info.driver);
    CHECK(hft_port_start(port) == 0, "start");

    const uint64_t want = 2000000;
    taken t = {0};
    uint64_t t0 = now_ns(CLOCK_MONOTONIC);
    take(port, 0, want, 30.0, &t);
    double secs = (double)(now_ns(CLOCK_MONOTONIC) - t0) / 1e9;
    CHECK(t.poll_error == 0, "poll: %s", hft_strerror(t.poll_error));
    CHECK(t.frames == want, "frames %llu of %llu (mbufs not recycled?)",
          (unsigned long long)t.frames, (unsigned long long)want);
    CHECK(t.bad_desc == 0, "bad descriptors %llu", (unsigned long long)t.bad_desc);
    CHECK(t.ts_backwards == 0, "timestamps going back %llu", (unsigned long long)t.ts_backwards);
    CHECK(t.ts_far == 0, "timestamps over 1 s from CLOCK_REALTIME %llu",
          (unsigned long long)t.ts_far);
    printf("net_null: %llu frames of %d bytes in %.2f s (%.1f Mpps)\n",
           (unsigned long long)t.frames, FRAME_LEN, secs, (double)t.frames / secs / 1e6);

    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.frames >= t.frames && s.bytes == s.frames * FRAME_LEN, "stats %llu frames %llu bytes",
          (unsigned long long)s.frames, (unsigned long long)s.bytes);
    CHECK(s.state == HFT_STATE_RUNNING, "state %u", s.state);

    /* A second port on the same device is refused while this one is open. */
    hft_port *twin = NULL;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &twin, &err);
    CHECK(rc == -EBUSY && !twin, "second open of net_null0: %d", rc);

    CHECK(hft_port_stop(port) == 0, "stop");
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_STOPPED, "state after stop %u", s.state);
    CHECK(hft_queue_poll(port, 0) == 0, "a stopped port polls nothing");
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    CHECK(ring->done == 1, "ring done after stop");
    CHECK(hft_port_close(port) == 0, "close");
}

/* Rx times stay on the wall clock while a port runs: every frame of a poll is
 * stamped between CLOCK_REALTIME reads taken around that poll (within 50 us),
 * seconds after open. With DPDK's rounded TSC rate (2.000 GHz for this VM's
 * 1996.250 MHz) they were 1.9 ms behind per second (tsc_clock.h). */
static void test_rx_times_stay_on_the_wall_clock(void)
{
    hft_port_options o = dpdk_options("net_null0");
    hft_port *port = open_port(&o);
    if (!port)
        return;
    hft_port_start(port);
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    const hft_desc *descs = (const hft_desc *)((const uint8_t *)ring + HFT_RING_DESC_OFFSET);
    uint64_t outside = 0, stamped = 0;
    for (int second = 0; second < 3; second++) {
        struct timespec pause = {1, 200000000};
        nanosleep(&pause, NULL);
        uint64_t before = now_ns(CLOCK_REALTIME);
        int32_t n = hft_queue_poll(port, 0);
        uint64_t after = now_ns(CLOCK_REALTIME);
        CHECK(n > 0, "poll after %d s: %d", second + 1, n);
        uint64_t tail = ring->cons_tail;
        for (int32_t i = 0; i < n; i++) {
            uint64_t ts = descs[(tail + (uint64_t)i) & ring->mask].rx_ts_ns;
            if (ts + 50000 < before || ts > after + 50000) {
                if (outside++ == 0)
                    fprintf(stderr, "rx time %lld ns from the poll's [%llu, %llu]\n",
                            ts < before ? -(long long)(before - ts) : (long long)(ts - after),
                            (unsigned long long)before, (unsigned long long)after);
            }
            stamped++;
        }
        __atomic_store_n(&ring->cons_tail, tail + (uint64_t)(n > 0 ? n : 0), __ATOMIC_RELEASE);
    }
    CHECK(outside == 0 && stamped > 0, "%llu of %llu rx times off the wall clock",
          (unsigned long long)outside, (unsigned long long)stamped);
    CHECK(hft_port_close(port) == 0, "close");
}

/* The closed device comes back (probed again from its --vdev argument). */
static void test_closed_device_opens_again(void)
{
    hft_port_options o = dpdk_options("net_null0");
    hft_port *port = open_port(&o);
    if (!port)
        return;
    hft_port_start(port);
    taken t = {0};
    take(port, 0, 100000, 10.0, &t);
    CHECK(t.frames == 100000 && t.bad_desc == 0, "frames %llu, bad %llu",
          (unsigned long long)t.frames, (unsigned long long)t.bad_desc);
    CHECK(hft_port_close(port) == 0, "close");
}

/* A poll takes up to 64 frames (DPDK_RX_BURST) from a queue with a backlog
 * (net_null always has one), and never more than the host ring has room for. */
static void test_poll_takes_a_burst_as_room_allows(void)
{
    hft_port_options o = dpdk_options("net_null0");
    o.ring_capacity = 128;
    hft_port *port = open_port(&o);
    if (!port)
        return;
    hft_port_start(port);
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    int32_t first = hft_queue_poll(port, 0), second = hft_queue_poll(port, 0), full = hft_queue_poll(port, 0);
    CHECK(first == 64 && second == 64 && full == 0, "polls into a 128-slot ring: %d %d %d", first, second, full);
    /* The host consumes 100 of them: the next poll fills the 100 free slots up to a burst. */
    __atomic_store_n(&ring->cons_tail, ring->cons_tail + 100, __ATOMIC_RELEASE);
    int32_t after = hft_queue_poll(port, 0);
    CHECK(after == 64 && ring->prod_head - ring->cons_tail == 92, "after consuming 100: %d, %llu held", after,
          (unsigned long long)(ring->prod_head - ring->cons_tail));
    CHECK(hft_port_close(port) == 0, "close");
}

/* One host poll thread per queue (threads the EAL did not create: the shim
 * registers them on their first poll). */
typedef struct queue_thread {
    hft_port *port;
    uint32_t queue;
    taken t;
} queue_thread;

static void *poll_queue(void *arg)
{
    queue_thread *qt = arg;
    take(qt->port, qt->queue, 200000, 20.0, &qt->t);
    return NULL;
}

static void test_two_queues_both_receive(void)
{
    hft_port_options o = dpdk_options("net_null1");
    o.queue_count = 2;
    o.ring_capacity = 512;
    hft_port *port = open_port(&o);
    if (!port)
        return;
    hft_port_info info = {.sz = sizeof info};
    hft_port_get_info(port, &info);
    CHECK(info.queue_count == 2, "queues %u", info.queue_count);
    hft_port_start(port);
    queue_thread qt[2] = {{.port = port, .queue = 0}, {.port = port, .queue = 1}};
    pthread_t th[2];
    for (int q = 0; q < 2; q++)
        pthread_create(&th[q], NULL, poll_queue, &qt[q]);
    for (int q = 0; q < 2; q++)
        pthread_join(th[q], NULL);
    for (uint32_t q = 0; q < 2; q++) {
        taken *t = &qt[q].t;
        CHECK(t->frames == 200000 && t->poll_error == 0, "queue %u: %llu frames, error %d", q,
              (unsigned long long)t->frames, t->poll_error);
        CHECK(t->bad_desc == 0 && t->ts_backwards == 0 && t->ts_far == 0,
              "queue %u: bad %llu, back %llu, far %llu", q, (unsigned long long)t->bad_desc,
              (unsigned long long)t->ts_backwards, (unsigned long long)t->ts_far);
    }
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.frames >= qt[0].t.frames + qt[1].t.frames, "stats frames %llu",
          (unsigned long long)s.frames);
    CHECK(hft_port_close(port) == 0, "close");
}

static void test_bad_options_are_refused_with_a_reason(void)
{
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};

    hft_port_options o = dpdk_options("net_nothere0");
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -ENODEV && !port, "unknown device: %d", rc);
    CHECK(strstr(err.reason, "net_nothere0") && strstr(err.reason, "net_ring0"),
          "reason names the device and lists the ports: %s", err.reason);

    /* net_ring0 made from no rings has a fixed number of queues (16). */
    o = dpdk_options("net_ring0");
    o.queue_count = 40;
    memset(&err, 0, sizeof err);
    err.sz = sizeof err;
    rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EINVAL && !port, "too many queues: %d", rc);
    CHECK(strstr(err.reason, "rx queues") && strstr(err.reason, "40"), "reason: %s", err.reason);

    o = dpdk_options("net_null0");
    char other[600];
    snprintf(other, sizeof other, "%s --log-level=3", eal_args);
    o.dpdk_eal_args = other;
    memset(&err, 0, sizeof err);
    err.sz = sizeof err;
    rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EALREADY && !port, "different EAL args: %d", rc);
    CHECK(strstr(err.reason, "once per process") && strstr(err.reason, "--log-level=3"),
          "reason: %s", err.reason);

    o = dpdk_options("");
    memset(&err, 0, sizeof err);
    err.sz = sizeof err;
    rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EINVAL && strstr(err.reason, "device name"), "no device: %d %s", rc, err.reason);
}

/* In a process of its own with a private mount namespace where no hugetlbfs
 * is mounted: open is refused with the command that fixes it. Returns 0 if
 * so, 1 if not, 2 if the namespace could not be made. */
static int missing_hugetlbfs_is_explained(void)
{
    /* Private first, or the umount would propagate to the machine's namespace. */
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return 2;
    FILE *m = setmntent("/proc/mounts", "r");
    for (struct mntent *e; m && (e = getmntent(m)) != NULL;) {
        if (strcmp(e->mnt_type, "hugetlbfs") == 0)
            umount2(e->mnt_dir, MNT_DETACH);
    }
    if (m)
        endmntent(m);
    hft_port_options o = dpdk_options("net_null0");
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    if (rc == -ENOMEM && strstr(err.reason, "mount -t hugetlbfs"))
        return 0;
    fprintf(stderr, "no hugetlbfs: rc %d, reason: %s\n", rc, err.reason);
    return 1;
}

static int run_tests(void)
{
    test_refuses_eal_args_without_no_pci();
    test_null_device_recycles_mbufs();
    test_closed_device_opens_again();
    test_rx_times_stay_on_the_wall_clock();
    test_poll_takes_a_burst_as_room_allows();
    test_two_queues_both_receive();
    test_bad_options_are_refused_with_a_reason();
    CHECK(hugepage_files() == 0, "hugepage files after close");
    return 0;
}

int main(void)
{
    snprintf(prefix, sizeof prefix, "hfttest-%d", (int)getpid());
    snprintf(eal_args, sizeof eal_args,
             "--no-pci --file-prefix %s --log-level=5 --vdev net_null0,size=%d "
             "--vdev net_null1,size=%d --vdev net_ring0",
             prefix, FRAME_LEN, FRAME_LEN);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0)
        _exit(missing_hugetlbfs_is_explained());
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "no hugetlbfs mounted: refused with the fix (status 0x%x)", status);

    int fds[2];
    if (pipe(fds) != 0)
        return 2;
    child = fork();
    if (child == 0) {
        close(fds[0]);
        alarm(100); /* under ctest's 120 s: a hang fails here, with output */
        run_tests();
        int counts[2] = {passed, failed};
        if (write(fds[1], counts, sizeof counts) != sizeof counts)
            _exit(2);
        exit(failed ? 1 : 0); /* exit, not _exit: the shim's atexit cleanup runs */
    }
    close(fds[1]);
    int counts[2] = {0, 0};
    ssize_t got = read(fds[0], counts, sizeof counts);
    waitpid(child, &status, 0);
    passed += counts[0];
    failed += counts[1];
    CHECK(got == sizeof counts && WIFEXITED(status),
          "test process died (status 0x%x) before reporting", status);

    char dir[128];
    snprintf(dir, sizeof dir, "/var/run/dpdk/%s", prefix);
    struct stat st;
    CHECK(stat(dir, &st) != 0, "%s left behind", dir);
    CHECK(hugepage_files() == 0, "hugepage files left behind");
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
