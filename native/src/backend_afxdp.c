/*
 * backend_afxdp.c - receive through AF_XDP sockets, one per interface queue,
 * with libxdp (kernel Documentation/networking/af_xdp.rst).
 *
 * Per queue: a UMEM of N frames of 2048 bytes, its fill ring (frames the
 * kernel may write into) and an rx-only xsk socket. The kernel takes a frame
 * from the fill ring, writes the packet into it and posts {addr, len} on the
 * rx ring; we put a descriptor that points at the frame where it lies into
 * the host's ring, and give the frame back to the fill ring only once the
 * host's cons_tail has passed that descriptor. So every UMEM frame is in
 * exactly one place - fill ring, rx ring, or host ring - and the fill ring,
 * sized for all N, always has room for the frames we give back.
 *
 * Inline backend: no producer thread. hft_queue_poll, on the host's consumer
 * thread of the queue, recycles and receives one burst: no lock, no
 * allocation, and no syscall but a wakeup when the kernel asks for one and a
 * statistics read every AFXDP_STATS_EVERY polls.
 *
 * Zero copy needs driver support (ice, i40e, mlx5, ...). veth has native XDP
 * but no AF_XDP zero-copy: a bind with XDP_ZEROCOPY fails with EOPNOTSUPP,
 * so AUTO ends in copy mode there (the kernel copies each packet into a UMEM
 * frame in veth's NAPI poll; the host still reads it where it lies).
 *
 * The XDP program is libxdp's default xsk program (xsk_def_prog: redirect
 * the packet to the socket bound to its rx queue through an XSKMAP, else
 * pass it to the stack). xsk_socket__create attaches it - through libxdp's
 * multi-program dispatcher when the kernel and bpffs allow, else as the
 * interface's only program - and libxdp counts its users in a map of the
 * program, so deleting the last socket detaches it. A process that dies
 * never gives its count back: the program stays attached, and a later
 * process would share it and never detach it. Hence the ownership record
 * AFXDP_RECORD_DIR/afxdp-<ifname>.pid ("pid start-time"): an open that finds
 * the record of a dead process detaches that process's program first.
 */
#include "port_pvt.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

/* Aligned-mode chunk: the smallest the kernel accepts, and with the
 * XDP_PACKET_HEADROOM (256) the kernel keeps in front it holds a 1792-byte
 * frame: any 1500-MTU frame, VLAN tagged or not. */
#define AFXDP_FRAME_SIZE 2048u
#define AFXDP_FRAME_ROOM (AFXDP_FRAME_SIZE - 256u)
/* Derived pool: the host ring full, plus this many frames still in the
 * kernel's hands, plus a burst in flight. */
#define AFXDP_KERNEL_FRAMES 2048u
#define AFXDP_FRAMES_PER_HUGEPAGE 1024u
#define AFXDP_MAX_FRAMES (1u << 22) /* 8 GiB of UMEM per queue */
#define AFXDP_STATS_EVERY 1024u
/* A socket that just closed on the queue (a crashed owner, our own previous
 * port) frees its buffer pool from a kernel work item (xp_put_pool in
 * net/xdp/xsk_buff_pool.c); until that ran, bind() says EBUSY. */
#define AFXDP_BUSY_WAIT_NS 1000000000ull
#define AFXDP_RECORD_DIR "/run/hfthost"
#define AFXDP_PROG_NAME "xsk_def_prog"
#define AFXDP_BPF_FS_MAGIC 0xcafe4a11u /* linux/magic.h BPF_FS_MAGIC */

typedef struct afxdp_queue {
    struct xsk_ring_cons rx;
    struct xsk_ring_prod fill;
    struct xsk_ring_cons comp; /* required by the kernel; stays empty: no tx ring */
    struct xsk_umem *umem;
    struct xsk_socket *xsk;
    int fd;
    uint8_t *area; /* the UMEM */
    size_t area_mapped;
    uint64_t *slot_addr; /* UMEM frame behind each host ring slot */
    uint64_t returned;   /* host ring index below which frames are back in the fill ring */
    uint64_t drops_seen; /* kernel drop counters (cumulative) at the last read */
    uint32_t polls;
    bool lost; /* the interface went away under the socket: the queue is done */
} __attribute__((aligned(HFT_CACHE_LINE))) afxdp_queue; /* one poll thread each */

typedef struct afxdp_state {
    afxdp_queue *q;
    uint32_t count;
    uint32_t frames;    /* UMEM frames per queue */
    uint32_t ring_size; /* fill and rx ring entries: frames rounded up to a power of two */
    bool zerocopy;
    bool record_held;
    /* Zero-padded: libxdp copies IFNAMSIZ - 1 bytes of the name it is given,
     * whatever its length. */
    char ifname[IFNAMSIZ];
    char record[96];
} afxdp_state;

/* ---- errors and library messages ---------------------------------------- */

/* libxdp and libbpf print warnings to stderr (where libxdp's dispatcher
 * cannot load - here a kernel that refuses its freplace programs - several
 * per open, about a fallback that works); the shim logs nothing. While we call them, their last
 * warning is kept here instead, for the error reason. The printers are process-wide: set around our
 * calls only. */
static __thread char lib_warning[HFT_ERROR_REASON_LEN];

static void keep_warning(const char *fmt, va_list ap)
{
    vsnprintf(lib_warning, sizeof lib_warning, fmt, ap);
    lib_warning[strcspn(lib_warning, "\n")] = '\0';
}

static int keep_xdp_warning(enum libxdp_print_level level, const char *fmt, va_list ap)
{
    if (level == LIBXDP_WARN)
        keep_warning(fmt, ap);
    return 0;
}

static int keep_bpf_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
    if (level == LIBBPF_WARN)
        keep_warning(fmt, ap);
    return 0;
}

typedef struct lib_printers {
    libxdp_print_fn_t xdp;
    libbpf_print_fn_t bpf;
} lib_printers;

static lib_printers quiet_libs(void)
{
    lib_warning[0] = '\0';
    return (lib_printers){libxdp_set_print(keep_xdp_warning), libbpf_set_print(keep_bpf_warning)};
}

static void restore_libs(lib_printers p)
{
    libxdp_set_print(p.xdp);
    libbpf_set_print(p.bpf);
}

/* Reports "AF_XDP on '<if>': <what>" and returns the code; EPERM/EACCES
 * become -EPERM with what is missing: CAP_NET_ADMIN to attach XDP, CAP_BPF
 * to load the program, CAP_NET_RAW for the socket, and root for the
 * ownership record in /run. */
static int32_t afxdp_fail(struct hft_port *port, int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int32_t afxdp_fail(struct hft_port *port, int32_t code, const char *fmt, ...)
{
    char what[HFT_ERROR_REASON_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (code == -EPERM || code == -EACCES) {
        code = -EPERM;
        hft_port_report_error(
            port, code, 0, 0,
            "AF_XDP on '%s': %s: needs root (CAP_NET_ADMIN, CAP_BPF, CAP_NET_RAW)",
            port->opts.source, what);
    } else {
        hft_port_report_error(port, code, 0, 0, "AF_XDP on '%s': %s", port->opts.source, what);
    }
    return code;
}

static bool bpffs_mounted(void)
{
    const char *dir = getenv("LIBXDP_BPFFS");
    struct statfs s;
    return statfs(dir ? dir : "/sys/fs/bpf", &s) == 0 && (uint32_t)s.f_type == AFXDP_BPF_FS_MAGIC;
}

/* ---- the interface ------------------------------------------------------- */

typedef struct iface_facts {
    uint32_t channels; /* rx queues: combined + rx-only channels */
    int mtu;
    char driver[32];
} iface_facts;

static void read_iface_facts(const char *ifname, iface_facts *f)
{
    *f = (iface_facts){.channels = 1, .driver = "?"}; /* no channel info: one queue */
    int fd = socket(AF_LOCAL, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    struct ethtool_channels ch = {.cmd = ETHTOOL_GCHANNELS};
    ifr.ifr_data = (char *)&ch;
    if (ioctl(fd, SIOCETHTOOL, &ifr) == 0 && ch.combined_count + ch.rx_count > 0)
        f->channels = ch.combined_count + ch.rx_count;
    struct ethtool_drvinfo di = {.cmd = ETHTOOL_GDRVINFO};
    ifr.ifr_data = (char *)&di;
    if (ioctl(fd, SIOCETHTOOL, &ifr) == 0)
        snprintf(f->driver, sizeof f->driver, "%s", di.driver);
    if (ioctl(fd, SIOCGIFMTU, &ifr) == 0)
        f->mtu = ifr.ifr_mtu;
    close(fd);
}

/* ---- ownership record ----------------------------------------------------- */

/* Start time of a live process (field 22 of /proc/<pid>/stat), 0 if it is
 * gone or a zombie (its sockets are closed then). With the pid it names one
 * process, so a recycled pid is not taken for the owner. */
static unsigned long long process_start(int pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces and ')' */
    if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
        return 0;
    p += 2; /* field 3, the state */
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    unsigned long long start = 0;
    return p && sscanf(p, "%llu", &start) == 1 ? start : 0;
}

/* Detaches what a dead owner left on the interface: the xsk program, alone
 * or as one program in libxdp's dispatcher (other programs stay). */
static void detach_stale_program(int ifindex)
{
    struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
    if (libxdp_get_error(mp))
        return; /* nothing attached */
    if (xdp_multiprog__is_legacy(mp)) {
        struct xdp_program *main = xdp_multiprog__main_prog(mp);
        if (main && strcmp(xdp_program__name(main), AFXDP_PROG_NAME) == 0)
            xdp_multiprog__detach(mp);
    } else {
        enum xdp_attach_mode mode = xdp_multiprog__attach_mode(mp);
        for (struct xdp_program *p = xdp_multiprog__next_prog(NULL, mp); p;
             p = xdp_multiprog__next_prog(p, mp))
            if (strcmp(xdp_program__name(p), AFXDP_PROG_NAME) == 0)
                xdp_program__detach(p, ifindex, mode, 0);
    }
    xdp_multiprog__close(mp);
    /* libxdp's bpffs state of a dispatcher that is gone (no-op without one). */
    libxdp_clean_references(ifindex);
}

/* Takes the interface for this process. Written before anything is
 * attached, so that whatever a crash leaves behind has a record that points
 * at it; checked and written under a lock on the directory, so two opens
 * cannot both clean up and both claim. */
static int32_t claim_interface(struct hft_port *port, afxdp_state *st, int ifindex)
{
    const char *ifname = port->opts.source;
    snprintf(st->record, sizeof st->record, AFXDP_RECORD_DIR "/afxdp-%s.pid", ifname);
    if (mkdir(AFXDP_RECORD_DIR, 0755) < 0 && errno != EEXIST)
        return afxdp_fail(port, -errno, "cannot create " AFXDP_RECORD_DIR);
    int dir = open(AFXDP_RECORD_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return afxdp_fail(port, -errno, "cannot open " AFXDP_RECORD_DIR);
    flock(dir, LOCK_EX);
    int32_t rc = 0;
    FILE *f = fopen(st->record, "re");
    if (f) {
        int pid = 0;
        unsigned long long start = 0;
        if (fscanf(f, "%d %llu", &pid, &start) != 2)
            pid = 0; /* torn record: its writer died while writing */
        fclose(f);
        if (pid > 0 && start != 0 && process_start(pid) == start) {
            rc = afxdp_fail(port, -EBUSY, "interface %s is used by hfthost pid %d (%s)", ifname,
                            pid, st->record);
            goto out;
        }
        detach_stale_program(ifindex);
        unlink(st->record);
    }
    int fd = open(st->record, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = afxdp_fail(port, -errno, "cannot write %s", st->record);
        goto out;
    }
    dprintf(fd, "%d %llu\n", (int)getpid(), process_start((int)getpid()));
    close(fd);
    st->record_held = true;
out:
    flock(dir, LOCK_UN);
    close(dir);
    return rc;
}

/* ---- sockets --------------------------------------------------------------- */

/* Registers the UMEM, gives the kernel every frame, creates and binds the
 * socket (libxdp attaches the program), retrying while the queue is still
 * held by a socket that is being torn down. A failed attempt takes its UMEM
 * registration with it, so the next one starts clean. */
static int bind_queue(afxdp_state *st, afxdp_queue *x, const char *ifname, uint32_t qid,
                      uint16_t bind_flags, uint32_t xdp_flags)
{
    const struct xsk_umem_config uc = {
        .fill_size = st->ring_size,
        .comp_size = HFT_BURST,
        .frame_size = AFXDP_FRAME_SIZE,
        .frame_headroom = 0,
    };
    const struct xsk_socket_config sc = {
        .rx_size = st->ring_size,
        .xdp_flags = xdp_flags,
        .bind_flags = bind_flags | XDP_USE_NEED_WAKEUP,
    };
    uint64_t deadline = hft_now_mono_ns() + AFXDP_BUSY_WAIT_NS;
    for (;;) {
        int rc = xsk_umem__create(&x->umem, x->area, (uint64_t)st->frames * AFXDP_FRAME_SIZE,
                                  &x->fill, &x->comp, &uc);
        if (rc)
            return rc;
        uint32_t idx = 0;
        xsk_ring_prod__reserve(&x->fill, st->frames, &idx); /* ring_size >= frames */
        for (uint32_t f = 0; f < st->frames; f++)
            *xsk_ring_prod__fill_addr(&x->fill, idx + f) = (uint64_t)f * AFXDP_FRAME_SIZE;
        xsk_ring_prod__submit(&x->fill, st->frames);
        rc = xsk_socket__create(&x->xsk, ifname, qid, x->umem, &x->rx, NULL, &sc);
        if (rc == 0) {
            x->fd = xsk_socket__fd(x->xsk);
            return 0;
        }
        x->xsk = NULL;
        xsk_umem__delete(x->umem);
        x->umem = NULL;
        if (rc != -EBUSY || hft_now_mono_ns() > deadline)
            return rc;
        nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
    }
}

/* Ways to bind, best first. A driver without zero-copy refuses XDP_ZEROCOPY
 * with EOPNOTSUPP; a driver without native XDP refuses a native attach with
 * EOPNOTSUPP, and then generic (skb) XDP, always copy mode, still works. */
typedef struct bind_way {
    uint16_t bind_flags;
    uint32_t xdp_flags;
} bind_way;

static const bind_way ways_auto[] = {
    {XDP_ZEROCOPY, 0}, {XDP_COPY, 0}, {XDP_COPY, XDP_FLAGS_SKB_MODE}, {0, 0}};
static const bind_way ways_copy[] = {{XDP_COPY, 0}, {XDP_COPY, XDP_FLAGS_SKB_MODE}, {0, 0}};
static const bind_way ways_zerocopy[] = {{XDP_ZEROCOPY, 0}, {0, 0}};

static int32_t open_queue(struct hft_port *port, afxdp_state *st, uint32_t i,
                          const iface_facts *facts, uint32_t capacity)
{
    afxdp_queue *x = &st->q[i];
    uint32_t qid = port->opts.queue_first + i;
    x->fd = -1;
    /* The UMEM in 2 MiB hugepages when there are free ones: a 12 MiB UMEM
     * is 6 TLB entries instead of 3000, and the kernel pins 6 pages, not
     * 3000. Normal pages otherwise, silently: hft_port_info.hugepage_note
     * speaks for the ring only. */
    bool huge;
    x->area = hft_shm_alloc((size_t)st->frames * AFXDP_FRAME_SIZE,
                            (port->opts.flags & HFT_PORT_F_NO_HUGEPAGES) == 0, &huge,
                            &x->area_mapped, NULL);
    if (!x->area)
        return afxdp_fail(port, -errno, "UMEM of %u frames for queue %u", st->frames, qid);
    x->slot_addr = calloc(capacity, sizeof *x->slot_addr);
    if (!x->slot_addr)
        return afxdp_fail(port, -ENOMEM, "allocation");

    const bind_way *way = port->opts.afxdp_mode == HFT_AFXDP_COPY       ? ways_copy
                          : port->opts.afxdp_mode == HFT_AFXDP_ZEROCOPY ? ways_zerocopy
                                                                        : ways_auto;
    int rc = -EOPNOTSUPP;
    for (; way->bind_flags && rc == -EOPNOTSUPP; way++)
        rc = bind_queue(st, x, st->ifname, qid, way->bind_flags, way->xdp_flags);
    if (rc == 0)
        return 0;
    if (rc == -EOPNOTSUPP && port->opts.afxdp_mode == HFT_AFXDP_ZEROCOPY)
        return afxdp_fail(port, rc,
                          "driver %s has no AF_XDP zero-copy support (XDP_ZEROCOPY bind of queue "
                          "%u refused); use afxdp_mode AUTO or COPY",
                          facts->driver, qid);
    if (rc == -EBUSY)
        return afxdp_fail(port, rc,
                          "queue %u is busy: another AF_XDP socket is bound to it, or an XDP "
                          "program libxdp cannot share is attached%s%s",
                          qid, lib_warning[0] ? "; libxdp: " : "", lib_warning);
    if (rc == -EPERM || rc == -EACCES)
        return afxdp_fail(port, rc, "AF_XDP socket on queue %u", qid);
    return afxdp_fail(port, rc, "AF_XDP socket on queue %u: %s%s%s%s", qid, strerror(-rc),
                      bpffs_mounted() ? "" : "; bpffs is not mounted: mount -t bpf bpf /sys/fs/bpf",
                      lib_warning[0] ? "; libxdp: " : "", lib_warning);
}

static void read_kernel_drops(const afxdp_state *st, afxdp_queue *x, hft_queue *q)
{
    struct xdp_statistics s = {0};
    socklen_t len = sizeof s;
    if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &s, &len) < 0)
        return;
    /* Cumulative counters: add what is new. In copy mode a packet that found
     * the fill ring empty counts in rx_dropped (and again as an empty-fill
     * event); in zero-copy mode the driver just has no buffer to post, and
     * only rx_fill_ring_empty_descs tells (failed refills, close to drops). */
    uint64_t total =
        s.rx_dropped + s.rx_ring_full + (st->zerocopy ? s.rx_fill_ring_empty_descs : 0);
    hft_counter_add(&q->kernel_drops, total - x->drops_seen);
    x->drops_seen = total;
}

static void afxdp_free(struct hft_port *port, afxdp_state *st, bool count_drops)
{
    lib_printers saved = quiet_libs();
    for (uint32_t i = 0; i < st->count; i++) {
        afxdp_queue *x = &st->q[i];
        if (x->xsk) {
            if (count_drops)
                read_kernel_drops(st, x, &port->queues[i]);
            /* The last socket on the interface takes libxdp's program with it. */
            xsk_socket__delete(x->xsk);
        }
        if (x->umem)
            xsk_umem__delete(x->umem);
        hft_shm_free(x->area, x->area_mapped);
        free(x->slot_addr);
    }
    restore_libs(saved);
    if (st->record_held)
        unlink(st->record);
    free(st->q);
    free(st);
}

static uint32_t next_pow2(uint32_t n)
{
    uint32_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

static int32_t afxdp_open(struct hft_port *port)
{
    const char *ifname = port->opts.source;
    if (!ifname || !*ifname) {
        hft_port_report_error(port, -EINVAL, 0, 0, "AF_XDP needs an interface name");
        return -EINVAL;
    }
    int ifindex = (int)if_nametoindex(ifname);
    if (ifindex == 0)
        return afxdp_fail(port, -ENODEV, "no such interface");
    iface_facts facts;
    read_iface_facts(ifname, &facts);
    uint32_t count = port->opts.queue_count ? port->opts.queue_count : 1;
    uint64_t last = (uint64_t)port->opts.queue_first + count;
    if (count > HFT_MAX_QUEUES || last > facts.channels)
        return afxdp_fail(port, -EINVAL,
                          "queues %u..%llu asked, but the interface has %u channel%s (ethtool -l)",
                          port->opts.queue_first, (unsigned long long)last - 1, facts.channels,
                          facts.channels == 1 ? "" : "s");
    if (facts.mtu + 18 > (int)AFXDP_FRAME_ROOM) /* Ethernet header and a VLAN tag */
        return afxdp_fail(port, -EINVAL, "MTU %d does not fit a %u-byte UMEM frame (max MTU %u)",
                          facts.mtu, AFXDP_FRAME_SIZE, AFXDP_FRAME_ROOM - 18);

    uint32_t capacity =
        port->opts.ring_capacity ? port->opts.ring_capacity : HFT_DEFAULT_RING_CAPACITY;
    uint64_t frames = port->opts.pool_size;
    if (frames == 0) {
        /* Enough that the kernel keeps AFXDP_KERNEL_FRAMES while the host
         * holds a full ring; rounded up to whole hugepages, mapped anyway. */
        frames = (uint64_t)capacity + AFXDP_KERNEL_FRAMES + HFT_BURST;
        frames = (frames + AFXDP_FRAMES_PER_HUGEPAGE - 1) / AFXDP_FRAMES_PER_HUGEPAGE *
                 AFXDP_FRAMES_PER_HUGEPAGE;
    }
    if (frames < 2 * HFT_BURST || frames > AFXDP_MAX_FRAMES)
        return afxdp_fail(port, -EINVAL, "pool_size %llu outside %u..%u frames",
                          (unsigned long long)frames, 2 * HFT_BURST, AFXDP_MAX_FRAMES);

    afxdp_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    st->q = aligned_alloc(HFT_CACHE_LINE, count * sizeof *st->q);
    if (!st->q) {
        free(st);
        return -ENOMEM;
    }
    memset(st->q, 0, count * sizeof *st->q);
    snprintf(st->ifname, sizeof st->ifname, "%s", ifname);
    st->frames = (uint32_t)frames;
    st->ring_size = next_pow2(st->frames);

    lib_printers saved = quiet_libs();
    int32_t rc = claim_interface(port, st, ifindex);
    for (uint32_t i = 0; rc == 0 && i < count; i++) {
        st->count = i + 1;
        rc = open_queue(port, st, i, &facts, capacity);
    }
    restore_libs(saved);
    if (rc < 0) {
        afxdp_free(port, st, false);
        return rc;
    }
    /* Zero copy as the kernel reports it, on every queue. */
    bool zerocopy = true;
    for (uint32_t i = 0; i < count; i++) {
        struct xdp_options o = {0};
        socklen_t len = sizeof o;
        if (getsockopt(st->q[i].fd, SOL_XDP, XDP_OPTIONS, &o, &len) < 0 ||
            !(o.flags & XDP_OPTIONS_ZEROCOPY))
            zerocopy = false;
    }
    st->zerocopy = zerocopy;
    port->backend = st;
    port->queue_count = count;
    port->link_type = 1; /* DLT_EN10MB */
    port->ts_source = HFT_TS_CLOCK;
    if (zerocopy)
        port->info_flags |= HFT_PORT_INFO_F_ZEROCOPY;
    return 0;
}

/* Gives the fill ring the frames of every descriptor the host has consumed
 * since the last call. The acquire load of cons_tail (hft_ring_consumed)
 * orders the host's reads of those frames before the release store of the
 * fill ring's producer index (xsk_ring_prod__submit) that lets the kernel
 * overwrite them. Never short of room: the fill ring holds every frame. */
static void give_back_consumed(afxdp_queue *x, hft_ring *ring)
{
    uint64_t consumed = hft_ring_consumed(ring);
    uint32_t n = (uint32_t)(consumed - x->returned);
    uint32_t idx;
    if (n == 0 || xsk_ring_prod__reserve(&x->fill, n, &idx) != n)
        return;
    for (uint32_t i = 0; i < n; i++)
        *xsk_ring_prod__fill_addr(&x->fill, idx + i) = x->slot_addr[(x->returned + i) & ring->mask];
    xsk_ring_prod__submit(&x->fill, n);
    x->returned = consumed;
}

/* When the interface is unregistered (deleted, its driver unloaded) under a
 * bound socket, the kernel unbinds the socket for good and sets ENETDOWN as
 * its pending error (xsk_notifier in net/xdp/xsk.c); its rings stay mapped
 * but nothing will arrive. Read every AFXDP_STATS_EVERY polls, the error ends
 * the queue as a source error ends a replay: reported with the reason, the
 * ring marked done (the host's poll loop drains and returns), the port
 * FAILED. Without this the queue looked idle for ever. */
static bool interface_lost(struct hft_port *port, afxdp_queue *x, hft_queue *q)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err == 0)
        return false;
    afxdp_state *st = port->backend;
    hft_port_report_error(port, -err, 0, 0,
                          "AF_XDP %s queue %u: the interface went away (%s); nothing more can arrive on it",
                          st->ifname, port->opts.queue_first + q->index, strerror(err));
    x->lost = true;
    hft_ring_mark_done(q->ring);
    atomic_store(&port->state, HFT_STATE_FAILED);
    return true;
}

static int32_t afxdp_poll(struct hft_port *port, uint32_t queue)
{
    afxdp_state *st = port->backend;
    afxdp_queue *x = &st->q[queue];
    hft_queue *q = &port->queues[queue];
    hft_ring *ring = q->ring;

    if (x->lost)
        return 0;
    give_back_consumed(x, ring);
    /* There is no tx ring, so nothing ever completes on the completion ring.
     * need_wakeup (af_xdp.rst, "XDP_USE_NEED_WAKEUP bind flag"): a driver
     * that ran out of fill-ring frames stops polling the queue and sets the
     * flag; one syscall restarts it. With the flag clear - the busy steady
     * state - no syscall at all. */
    if (xsk_ring_prod__needs_wakeup(&x->fill))
        recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
    if (++x->polls % AFXDP_STATS_EVERY == 0) {
        read_kernel_drops(st, x, q);
        if (interface_lost(port, x, q))
            return 0;
    }
    if (hft_port_should_stop(port))
        return 0;

    /* A full host ring leaves packets on the rx ring; when that fills too,
     * the kernel drops and counts them (kernel_drops), not us. */
    uint32_t room = hft_ring_free_slots(ring, q->next);
    uint32_t idx;
    uint32_t n = xsk_ring_cons__peek(&x->rx, room < HFT_BURST ? room : HFT_BURST, &idx);
    if (n == 0)
        return 0;
    uint64_t ts = hft_now_real_ns();
    hft_burst b = hft_burst_begin(q);
    for (uint32_t i = 0; i < n; i++) {
        const struct xdp_desc *d = xsk_ring_cons__rx_desc(&x->rx, idx + i);
        uint64_t slot = hft_burst_add(&b, (uint64_t)(uintptr_t)xsk_umem__get_data(x->area, d->addr), d->len,
                                      d->len, ts, 0);
        /* d->addr is the packet's offset in the UMEM, past the headroom the
         * kernel left in front of it; the chunk it lies in is what goes back
         * to the fill ring. */
        x->slot_addr[slot & ring->mask] = d->addr & ~(uint64_t)(AFXDP_FRAME_SIZE - 1);
    }
    /* Release: we are done with these rx slots (not with the frames). */
    xsk_ring_cons__release(&x->rx, n);
    hft_burst_end(q, &b);
    return (int32_t)n;
}

static void afxdp_close(struct hft_port *port)
{
    if (port->backend)
        afxdp_free(port, port->backend, true);
    port->backend = NULL;
}

const hft_backend_ops hft_backend_afxdp = {
    .name = "afxdp",
    .queue_count_max = HFT_MAX_QUEUES,
    .open = afxdp_open,
    .run = NULL,
    .close = afxdp_close,
    .poll = afxdp_poll,
};
