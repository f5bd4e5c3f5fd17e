/*
 * test_afxdp.c - the AF_XDP backend on a real veth pair (needs root).
 *
 * Frames with a marker and an index are sent into one end (hftxA<pid>) with
 * an AF_PACKET socket and received on the other (hftxB<pid>) through an
 * AF_XDP port, drained like the host does (calling hft_queue_poll when the
 * ring is empty): every frame arrives, byte for byte, in order, also when
 * the UMEM is far smaller than the traffic. The XDP program is on the
 * interface exactly while a port is open - also after an owner that was
 * killed - and errors say what is wrong. The veth pair is deleted at exit.
 */
#include "check.h"
#include "port_pvt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define FRAMES 1000u     /* K: frames per round */
#define SMALL_POOL 256u  /* UMEM frames in the recycling round: K is ~4 times as many */
#define DEADLINE_S 10    /* per round */
#define TEST_ALARM_S 100 /* the whole test, under ctest's 120 s */
#define MARKER "HFTXDPT1"
#define MARKER_AT 42 /* UDP payload: marker, round, index, then a pattern */

static char if_a[IFNAMSIZ], if_b[IFNAMSIZ], record[96];
static bool veth_made;
static int tx_fd = -1, tx_ifindex;
static uint8_t dst_mac[6];
static bool auto_was_zerocopy; /* AUTO bound zero-copy (no kernel's veth does yet) */

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void delete_veth(void)
{
    if (veth_made)
        sh("ip link del %s 2>/dev/null", if_a); /* takes the peer with it */
    veth_made = false;
    unlink(record);
}

/* Timeout, Ctrl-C, a closed output pipe: the veth pair goes anyway. */
static void on_fatal_signal(int sig)
{
    if (sig == SIGALRM)
        fprintf(stderr, "FAIL: test took over %d s\n", TEST_ALARM_S);
    delete_veth();
    _exit(2);
}

static uint64_t now_ns(void)
{
    return hft_now_mono_ns();
}

/* The id of the XDP program `ip -d link` shows on the interface, 0 if none. */
static unsigned xdp_prog_id(const char *ifname)
{
    char cmd[128], line[512];
    snprintf(cmd, sizeof cmd, "ip -d link show dev %s", ifname);
    FILE *p = popen(cmd, "r");
    unsigned id = 0;
    while (p && fgets(line, sizeof line, p)) {
        char *at = strstr(line, "prog/xdp id ");
        if (at)
            id = (unsigned)strtoul(at + strlen("prog/xdp id "), NULL, 10);
    }
    if (p)
        pclose(p);
    return id;
}

/* ---- frames ----------------------------------------------------------- */

static uint32_t frame_len(uint32_t i)
{
    return 60 + (i * 211u) % 1341u; /* 60..1400 */
}

static uint32_t build_frame(uint32_t round, uint32_t i, uint8_t *f)
{
    uint32_t len = frame_len(i);
    memset(f, 0, len);
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, "\x02\x00\x00\x68\x66\x74", 6);
    f[12] = 0x08; /* IPv4 */
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[2] = (uint8_t)((len - 14) >> 8);
    ip[3] = (uint8_t)(len - 14);
    ip[8] = 64;
    ip[9] = 17; /* UDP */
    memcpy(ip + 12, "\x0a\xff\x00\x01\x0a\xff\x00\x02", 8);
    uint32_t sum = 0;
    for (int k = 0; k < 20; k += 2)
        sum += (uint32_t)(ip[k] << 8 | ip[k + 1]);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = ~(sum + (sum >> 16)) & 0xffff;
    ip[10] = (uint8_t)(sum >> 8);
    ip[11] = (uint8_t)sum;
    uint8_t *udp = f + 34;
    udp[0] = 40000 >> 8, udp[1] = 40000 & 0xff, udp[2] = 40001 >> 8, udp[3] = 40001 & 0xff;
    udp[4] = (uint8_t)((len - 34) >> 8);
    udp[5] = (uint8_t)(len - 34);
    memcpy(f + MARKER_AT, MARKER, 8);
    memcpy(f + MARKER_AT + 8, &round, 4);
    memcpy(f + MARKER_AT + 12, &i, 4);
    for (uint32_t k = MARKER_AT + 16; k < len; k++)
        f[k] = (uint8_t)(i * 31 + k * 7 + round);
    return len;
}

static void send_frames(uint32_t round, uint32_t first, uint32_t count)
{
    uint8_t f[2048];
    struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_ifindex = tx_ifindex, .sll_halen = 6};
    memcpy(to.sll_addr, dst_mac, 6);
    for (uint32_t i = first; i < first + count; i++) {
        uint32_t len = build_frame(round, i, f);
        while (sendto(tx_fd, f, len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
            if (errno != ENOBUFS && errno != EAGAIN) {
                CHECK(0, "sendto: %s", strerror(errno));
                return;
            }
            usleep(100);
        }
    }
}

/* ---- receiving, as the host does ----------------------------------------- */

typedef struct rx_result {
    uint32_t round;
    uint32_t next;         /* index expected next */
    uint32_t got;          /* marked frames of this round */
    uint32_t out_of_order; /* index other than expected */
    uint32_t bad_bytes;    /* length or content differs from what was sent */
    uint32_t bad_desc;     /* descriptor fields wrong */
    uint32_t noise;        /* frames not ours (none expected with IPv6 off) */
    int32_t poll_error;
} rx_result;

static void check_frame(rx_result *r, const hft_desc *d)
{
    static uint8_t want[2048];
    const uint8_t *data = (const uint8_t *)(uintptr_t)d->addr;
    uint32_t round, i;
    if (d->len < MARKER_AT + 16 || memcmp(data + MARKER_AT, MARKER, 8) != 0) {
        r->noise++;
        return;
    }
    memcpy(&round, data + MARKER_AT + 8, 4);
    memcpy(&i, data + MARKER_AT + 12, 4);
    if (round != r->round) {
        r->noise++;
        return;
    }
    if (i != r->next)
        r->out_of_order++;
    r->next = i + 1;
    r->got++;
    uint32_t len = build_frame(round, i, want);
    if (d->len != len || memcmp(data, want, len) != 0)
        r->bad_bytes++;
    uint64_t real = hft_now_real_ns();
    if (d->wire_len != d->len || d->queue != 0 || d->port != 9 || d->flags != 0 ||
        d->rx_ts_ns > real || real - d->rx_ts_ns > 60ull * 1000000000ull)
        r->bad_desc++;
}

/* Drains the ring until `want` frames of the round arrived or the deadline. */
static void receive(hft_port *port, hft_ring *ring, rx_result *r, uint32_t want, uint64_t deadline)
{
    const hft_desc *descs = (const hft_desc *)((uint8_t *)ring + HFT_RING_DESC_OFFSET);
    while (r->got < want && now_ns() < deadline) {
        uint64_t head = __atomic_load_n(&ring->prod_head, __ATOMIC_ACQUIRE);
        uint64_t tail = ring->cons_tail;
        if (head == tail) {
            int32_t n = hft_queue_poll(port, 0);
            if (n < 0 && r->poll_error == 0)
                r->poll_error = n;
            continue;
        }
        for (uint64_t k = tail; k < head; k++)
            check_frame(r, &descs[k & ring->mask]);
        /* Release: we are done reading these frames; the next poll recycles them. */
        __atomic_store_n(&ring->cons_tail, head, __ATOMIC_RELEASE);
    }
}

static hft_port_options port_options(uint32_t mode, uint32_t pool)
{
    return (hft_port_options){.sz = sizeof(hft_port_options),
                              .backend = HFT_BACKEND_AFXDP,
                              .source = if_b,
                              .port_id = 9,
                              .afxdp_mode = mode,
                              .pool_size = pool};
}

/* Sends `total` frames in chunks of `chunk`, each received before the next. */
static void round_trip(hft_port *port, uint32_t round, uint32_t total, uint32_t chunk,
                       const char *what)
{
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    rx_result r = {.round = round};
    uint64_t deadline = now_ns() + DEADLINE_S * 1000000000ull;
    for (uint32_t sent = 0; sent < total && now_ns() < deadline;) {
        uint32_t n = total - sent < chunk ? total - sent : chunk;
        send_frames(round, sent, n);
        sent += n;
        receive(port, ring, &r, sent, deadline);
    }
    CHECK(r.got == total, "%s: %u of %u frames arrived", what, r.got, total);
    CHECK(r.out_of_order == 0 && r.next == total, "%s: %u out of order", what, r.out_of_order);
    CHECK(r.bad_bytes == 0, "%s: %u frames differ from what was sent", what, r.bad_bytes);
    CHECK(r.bad_desc == 0, "%s: %u descriptors with wrong fields", what, r.bad_desc);
    CHECK(r.poll_error == 0, "%s: hft_queue_poll: %s", what, hft_strerror(r.poll_error));
    if (r.noise)
        printf("note: %s: %u frames that were not ours\n", what, r.noise);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_every_frame_arrives_intact_and_in_order(void)
{
    hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
    hft_port *port;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == 0, "open: %s: %s", hft_strerror(rc), err.reason);
    if (rc)
        return;
    hft_port_info info = {.sz = sizeof info};
    hft_port_get_info(port, &info);
    CHECK(info.flags & HFT_PORT_INFO_F_INLINE, "inline backend");
    auto_was_zerocopy = (info.flags & HFT_PORT_INFO_F_ZEROCOPY) != 0;
    CHECK(info.ts_source == HFT_TS_CLOCK && info.link_type == 1 && info.queue_count == 1,
          "ts %u link %u queues %u", info.ts_source, info.link_type, info.queue_count);
    CHECK(strcmp(info.driver, "afxdp") == 0, "driver %s", info.driver);
    CHECK(xdp_prog_id(if_b) != 0, "an XDP program is attached while the port is open");
    CHECK(hft_port_start(port) == 0, "start");

    round_trip(port, 1, FRAMES, FRAMES, "all at once");
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.frames >= FRAMES && s.ring_full_drops == 0, "stats: frames %llu, ring full %llu",
          (unsigned long long)s.frames, (unsigned long long)s.ring_full_drops);
    CHECK(s.state == HFT_STATE_RUNNING, "state while running %u", s.state);
    CHECK(hft_port_stop(port) == 0, "stop");
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_STOPPED, "state after stop %u", s.state);
    CHECK(hft_port_close(port) == 0, "close");
    CHECK(xdp_prog_id(if_b) == 0, "no XDP program after close");
    CHECK(access(record, F_OK) != 0, "ownership record removed at close");
}

static void test_a_small_umem_is_recycled(void)
{
    hft_port_options o = port_options(HFT_AFXDP_COPY, SMALL_POOL);
    o.ring_capacity = 128;
    o.flags = HFT_PORT_F_NO_HUGEPAGES; /* the UMEM on normal pages too */
    hft_port *port;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == 0, "open: %s: %s", hft_strerror(rc), err.reason);
    if (rc)
        return;
    hft_port_start(port);
    /* Each UMEM frame carries about four frames: bytes must be the new ones. */
    round_trip(port, 2, FRAMES, 64, "small UMEM, chunks of 64");
    hft_port_close(port);
    CHECK(xdp_prog_id(if_b) == 0, "no XDP program after close");
}

static void test_drops_while_the_host_holds_frames_are_counted(void)
{
    /* 128 UMEM frames, a 64-slot host ring that the host does not release:
     * 64 frames wait in the host ring, 64 on the socket's rx ring, and the
     * kernel has no frame left for the other 72 of 200. */
    hft_port_options o = port_options(HFT_AFXDP_COPY, 128);
    o.ring_capacity = 64;
    hft_port *port;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == 0, "open: %s: %s", hft_strerror(rc), err.reason);
    if (rc)
        return;
    hft_port_start(port);
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    send_frames(4, 0, 200);
    for (int k = 0; k < 4096; k++) /* enough polls for a read of the kernel's counters */
        hft_queue_poll(port, 0);
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(__atomic_load_n(&ring->prod_head, __ATOMIC_ACQUIRE) == 64, "host ring full");
    CHECK(s.kernel_drops == 72 && s.ring_full_drops == 0, "kernel drops %llu (72), ring full %llu",
          (unsigned long long)s.kernel_drops, (unsigned long long)s.ring_full_drops);
    rx_result r = {.round = 4};
    receive(port, ring, &r, 128, now_ns() + DEADLINE_S * 1000000000ull);
    CHECK(r.got == 128 && r.next == 128 && r.out_of_order == 0 && r.bad_bytes == 0,
          "the first 128 frames, intact and in order: got %u, next %u, %u out of order, %u bad",
          r.got, r.next, r.out_of_order, r.bad_bytes);
    /* Every frame came back: the next frames flow again. */
    round_trip(port, 5, 200, 50, "after the drops");
    hft_port_close(port);
}

static void test_a_killed_owner_is_cleaned_up(void)
{
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t child = fork();
    if (child == 0) {
        hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
        hft_port *port;
        int32_t rc = hft_port_open(&o, &port, NULL);
        if (write(p[1], &rc, sizeof rc) < 0)
            _exit(1);
        raise(SIGKILL); /* no close: the program and the record stay behind */
        _exit(1);
    }
    close(p[1]);
    int32_t child_rc = -1;
    if (read(p[0], &child_rc, sizeof child_rc) != sizeof child_rc)
        child_rc = -1;
    close(p[0]);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(child_rc == 0, "child open: %s", hft_strerror(child_rc));
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child killed");
    unsigned stale = xdp_prog_id(if_b);
    CHECK(stale != 0, "the killed owner's program is still attached");
    CHECK(access(record, F_OK) == 0, "the killed owner's record is still there");

    hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
    hft_port *port;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == 0, "open after a killed owner: %s: %s", hft_strerror(rc), err.reason);
    if (rc)
        return;
    unsigned fresh = xdp_prog_id(if_b);
    CHECK(fresh != 0 && fresh != stale, "stale program %u replaced by a fresh one (%u)", stale,
          fresh);
    hft_port_start(port);
    round_trip(port, 3, 100, 100, "after recovery");
    hft_port_close(port);
    CHECK(xdp_prog_id(if_b) == 0, "no XDP program after close");
    CHECK(access(record, F_OK) != 0, "record removed");
}

static void test_a_live_owner_keeps_the_interface(void)
{
    hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
    hft_port *first, *second = NULL;
    CHECK(hft_port_open(&o, &first, NULL) == 0, "first open");
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &second, &err);
    char want[64];
    snprintf(want, sizeof want, "used by hfthost pid %d", (int)getpid());
    CHECK(rc == -EBUSY && strstr(err.reason, want), "second open: %s: %s", hft_strerror(rc),
          err.reason);
    if (rc == 0)
        hft_port_close(second);
    hft_port_close(first);
    CHECK(xdp_prog_id(if_b) == 0, "no XDP program after close");
}

static void test_errors_say_what_is_wrong(void)
{
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};

    char missing[IFNAMSIZ];
    snprintf(missing, sizeof missing, "hftxN%d", (int)getpid());
    hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
    o.source = missing;
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -ENODEV && strstr(err.reason, "no such interface") && strstr(err.reason, missing),
          "missing interface: %s: %s", hft_strerror(rc), err.reason);

    o = port_options(HFT_AFXDP_AUTO, 0);
    o.queue_count = 2;
    rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EINVAL && strstr(err.reason, "1 channel"), "two queues on a one-queue veth: %s",
          err.reason);
    o.queue_count = 1;
    o.queue_first = 1;
    rc = hft_port_open(&o, &port, &err);
    CHECK(rc == -EINVAL && strstr(err.reason, "1 channel"), "queue 1 on a one-queue veth: %s",
          err.reason);

    o = port_options(HFT_AFXDP_ZEROCOPY, 0);
    rc = hft_port_open(&o, &port, &err);
    CHECK((rc == 0) == auto_was_zerocopy, "ZEROCOPY works exactly when AUTO chose it");
    if (rc == 0) {
        /* A kernel whose veth does zero-copy: then it must say so. */
        hft_port_info info = {.sz = sizeof info};
        hft_port_get_info(port, &info);
        CHECK(info.flags & HFT_PORT_INFO_F_ZEROCOPY, "ZEROCOPY open reports zero-copy");
        hft_port_close(port);
    } else {
        CHECK(rc == -EOPNOTSUPP && strstr(err.reason, "zero-copy"), "ZEROCOPY on veth: %s: %s",
              hft_strerror(rc), err.reason);
    }
    CHECK(xdp_prog_id(if_b) == 0, "nothing attached after a refused open");

    /* Without root: a child that dropped to nobody. */
    pid_t child = fork();
    if (child == 0) {
        if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
            _exit(3);
        hft_port_options u = port_options(HFT_AFXDP_AUTO, 0);
        hft_port_error e = {.sz = sizeof e};
        int32_t r = hft_port_open(&u, &port, &e);
        if (r != -EPERM || !strstr(e.reason, "needs root")) {
            fprintf(stderr, "unprivileged open: %s: %s\n", hft_strerror(r), e.reason);
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged open refused with a reason");
    CHECK(xdp_prog_id(if_b) == 0, "nothing attached after the unprivileged open");
}

/* The interface is deleted under a running port (last: it takes the pair):
 * the queue ends as a failed source - reason, ring done, port FAILED - within
 * a few thousand polls, instead of looking idle for ever; close still works. */
static void test_a_vanished_interface_fails_the_port(void)
{
    hft_port_options o = port_options(HFT_AFXDP_AUTO, 0);
    hft_port *port = NULL;
    hft_port_error err = {.sz = sizeof err};
    int32_t rc = hft_port_open(&o, &port, &err);
    CHECK(rc == 0, "open %s: %s", if_b, err.reason);
    if (rc != 0)
        return;
    hft_port_start(port);
    round_trip(port, 7, 100, 100, "before the interface goes");
    delete_veth();
    hft_ring *ring;
    hft_port_ring(port, 0, &ring);
    uint32_t polls = 0;
    while (!__atomic_load_n(&ring->done, __ATOMIC_ACQUIRE) && polls < 100000) {
        hft_queue_poll(port, 0);
        polls++;
    }
    CHECK(ring->done == 1, "ring not done after %u polls", polls);
    hft_port_stats s = {.sz = sizeof s};
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_FAILED && s.source_errors == 1, "state %u, source errors %llu", s.state,
          (unsigned long long)s.source_errors);
    hft_port_error e = {.sz = sizeof e};
    hft_port_get_error(port, &e);
    CHECK(e.code == -ENETDOWN && strstr(e.reason, if_b) && strstr(e.reason, "went away"), "error %d: %s",
          e.code, e.reason);
    CHECK(hft_queue_poll(port, 0) == 0, "a lost queue polls nothing");
    CHECK(hft_port_stop(port) == 0, "stop");
    hft_port_get_stats(port, &s);
    CHECK(s.state == HFT_STATE_FAILED, "stop keeps FAILED: %u", s.state);
    CHECK(hft_port_close(port) == 0, "close");
}

static bool make_veth(void)
{
    snprintf(if_a, sizeof if_a, "hftxA%d", (int)getpid());
    snprintf(if_b, sizeof if_b, "hftxB%d", (int)getpid());
    snprintf(record, sizeof record, "/run/hfthost/afxdp-%s.pid", if_b);
    if (sh("ip link add %s type veth peer name %s", if_a, if_b) != 0)
        return false;
    veth_made = true;
    /* No IPv6: no router solicitations or MLD reports among our frames. */
    sh("sysctl -qw net.ipv6.conf.%s.disable_ipv6=1 net.ipv6.conf.%s.disable_ipv6=1 2>/dev/null",
       if_a, if_b);
    if (sh("ip link set %s up && ip link set %s up", if_a, if_b) != 0)
        return false;
    tx_ifindex = (int)if_nametoindex(if_a);
    tx_fd = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: sends only */
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", if_b);
    if (tx_fd < 0 || ioctl(tx_fd, SIOCGIFHWADDR, &ifr) < 0)
        return false;
    memcpy(dst_mac, ifr.ifr_hwaddr.sa_data, 6);
    return true;
}

int main(void)
{
    if (geteuid() != 0) {
        printf("0 passed, 0 failed (skipped: needs root for veth and XDP)\n");
        return 77;
    }
    int fatal[] = {SIGALRM, SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t k = 0; k < sizeof fatal / sizeof fatal[0]; k++)
        signal(fatal[k], on_fatal_signal);
    alarm(TEST_ALARM_S);
    atexit(delete_veth);
    /* libxdp keeps its dispatcher state and lock in bpffs. */
    sh("mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf");
    if (!make_veth()) {
        printf("0 passed, 1 failed (cannot create the veth pair %s/%s)\n", if_a, if_b);
        return 1;
    }
    test_every_frame_arrives_intact_and_in_order();
    test_a_small_umem_is_recycled();
    test_drops_while_the_host_holds_frames_are_counted();
    test_a_killed_owner_is_cleaned_up();
    test_a_live_owner_keeps_the_interface();
    test_errors_say_what_is_wrong();
    test_a_vanished_interface_fails_the_port();
    if (tx_fd >= 0)
        close(tx_fd);
    delete_veth();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
