/*
 * backend_dpdk.c - receive from a DPDK ethdev (a vdev such as net_memif0,
 * or a PCI device on an allow-list), inline: the host's poll thread of each
 * queue calls hft_queue_poll, which runs one rte_eth_rx_burst on its queue.
 *
 * Zero copy: descriptors point into the mbufs' data. Each ring slot keeps
 * the mbuf behind its descriptor; an mbuf goes back to the pool only once
 * the host's cons_tail has passed its slot (at the start of the next poll).
 *
 * The EAL starts once per process (rte_eal_init cannot run twice), so its
 * state is static and shared by every DPDK port; ports asking for other
 * EAL arguments are refused rather than silently given the first ones.
 */

/* rte_eth_read_clock is still experimental in DPDK 22.11. */
#define ALLOW_EXPERIMENTAL_API 1

#include "port_pvt.h"
#include "tsc_clock.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#define EAL_MAX_ARGS 64
#define EAL_ARGS_LEN 2048
/* RX descriptors asked for, before the device's limits clamp them. */
#define DPDK_RX_DESC 1024
#define DPDK_TX_DESC 64
/* Frames asked of rte_eth_rx_burst per poll; the host reads them 32 (HFT_BURST) at
 * a time. Twice DPDK's usual 32 halves what each frame pays of a poll's fixed cost
 * (two tick reads, the calls in and out, the bulk free) once a queue has a backlog:
 * net_null, which always has one, went from 94.0 to 99.5 M frames/s (two alternating
 * pairs); 128 gave 101.8. Not 128: a PMD such as memif copies a whole burst in before
 * the host sees its first frame, so every 32 frames more add 32 copies (about 1-2 us
 * at 512 bytes here) to the wait of a backlog's first frame. */
#define DPDK_RX_BURST 64
/* Mempool per-lcore cache (DPDK's usual 256; at most a quarter of a small pool). */
#define DPDK_POOL_CACHE 256u
/* Queue 0 looks at the port's drop counters every this many polls, at most
 * every 100 ms of TSC: rte_eth_stats_get may be a register read or, on some
 * PMDs, a syscall, so it stays off the per-burst path. */
#define DPDK_STATS_POLLS 1024u

/* ---- EAL: once per process -------------------------------------------- */

/* Parsed arguments: token pointers into buf. */
typedef struct eal_args {
    char buf[EAL_ARGS_LEN];
    char *tok[EAL_MAX_ARGS];
    int n;
    char joined[EAL_ARGS_LEN]; /* tokens joined by one space: what "same args" means */
} eal_args;

/* Guards everything below and the ethdev open/close calls. */
static pthread_mutex_t eal_lock = PTHREAD_MUTEX_INITIALIZER;
static bool eal_up;
/* The arguments the EAL started with (kept: EAL may point into them). */
static eal_args eal_running;
static char *eal_argv[EAL_MAX_ARGS + 12];
static int32_t eal_fail_code; /* a failed rte_eal_init that cannot be retried */
static char eal_fail_reason[HFT_ERROR_REASON_LEN];
static char eal_runtime_dir[256]; /* /var/run/dpdk/<prefix>, removed at exit */
static uint32_t eal_open_ports;
static bool port_in_use[RTE_MAX_ETHPORTS];
static uint32_t pool_seq;

/* Registration of the host's poll threads as EAL (non-lcore) threads. */
static __thread bool thread_seen;
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

static int32_t fail(struct hft_port *port, int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int32_t fail(struct hft_port *port, int32_t code, const char *fmt, ...)
{
    char reason[HFT_ERROR_REASON_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    hft_port_report_error(port, code, 0, 0, "%s", reason);
    return code;
}

/* Splits on whitespace (no shell quoting). Returns 0 or -E2BIG. */
static int32_t split_args(const char *s, eal_args *a)
{
    memset(a, 0, sizeof *a);
    if (!s)
        return 0;
    if (strlen(s) >= sizeof a->buf)
        return -E2BIG;
    strcpy(a->buf, s);
    for (char *p = a->buf; *p;) {
        while (isspace((unsigned char)*p))
            *p++ = '\0';
        if (!*p)
            break;
        if (a->n == EAL_MAX_ARGS)
            return -E2BIG;
        a->tok[a->n++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
    }
    size_t len = 0;
    for (int i = 0; i < a->n; i++)
        len += (size_t)snprintf(a->joined + len, sizeof a->joined - len, "%s%s", i ? " " : "",
                                a->tok[i]);
    return 0;
}

/* The joined arguments from word i on. */
static const char *joined_from(const eal_args *a, int i)
{
    size_t at = 0;
    for (int k = 0; k < i && k < a->n; k++)
        at += strlen(a->tok[k]) + 1;
    return at < strlen(a->joined) ? a->joined + at : "";
}

/* True if option `name` is present, as "name", "name=v" or (for a short
 * option "-x") "-xv". */
static bool has_opt(const eal_args *a, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < a->n; i++) {
        const char *t = a->tok[i];
        if (strncmp(t, name, len) != 0)
            continue;
        if (t[len] == '\0' || t[len] == '=' || (name[1] != '-' && len == 2))
            return true;
    }
    return false;
}

/* The value of option `name` ("name v" or "name=v"), or NULL. */
static const char *opt_value(const eal_args *a, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < a->n; i++) {
        const char *t = a->tok[i];
        if (strncmp(t, name, len) != 0)
            continue;
        if (t[len] == '=')
            return t + len + 1;
        if (t[len] == '\0' && i + 1 < a->n)
            return a->tok[i + 1];
    }
    return NULL;
}

/* The --vdev or allow-list argument that creates device `name` (its devargs
 * "name,key=value,..."), or NULL. */
static const char *devargs_for(const eal_args *a, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < a->n; i++) {
        const char *t = a->tok[i], *v = NULL;
        if (strcmp(t, "--vdev") == 0 || strcmp(t, "-a") == 0 || strcmp(t, "--allow") == 0)
            v = i + 1 < a->n ? a->tok[i + 1] : NULL;
        else if (strncmp(t, "--vdev=", 7) == 0)
            v = t + 7;
        else if (strncmp(t, "--allow=", 8) == 0)
            v = t + 8;
        else if (strncmp(t, "-a", 2) == 0 && t[2] != '\0')
            v = t + 2;
        if (v && strncmp(v, name, len) == 0 && (v[len] == '\0' || v[len] == ','))
            return v;
    }
    return NULL;
}

/* EAL wants free hugepages and (unless it maps them anonymously with
 * --in-memory) a hugetlbfs mount; its own failure says neither clearly. */
static int32_t check_hugepages(struct hft_port *port, const eal_args *a)
{
    if (has_opt(a, "--no-huge"))
        return 0;
    /* Every page size, not only /proc/meminfo's default one. */
    uint64_t free_pages = 0;
    DIR *d = opendir("/sys/kernel/mm/hugepages");
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char path[300];
        snprintf(path, sizeof path, "/sys/kernel/mm/hugepages/%s/free_hugepages", e->d_name);
        FILE *f = fopen(path, "r");
        unsigned long long n = 0;
        if (f && fscanf(f, "%llu", &n) == 1)
            free_pages += n;
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    if (free_pages == 0)
        return fail(port, -ENOMEM,
                    "DPDK: no free 2 MiB hugepages: echo 512 > /proc/sys/vm/nr_hugepages");
    if (has_opt(a, "--in-memory"))
        return 0;
    const char *dir = opt_value(a, "--huge-dir");
    bool mounted = false;
    FILE *m = setmntent("/proc/mounts", "r");
    for (struct mntent *e; m && !mounted && (e = getmntent(m)) != NULL;)
        mounted = strcmp(e->mnt_type, "hugetlbfs") == 0 && (!dir || strcmp(e->mnt_dir, dir) == 0);
    if (m)
        endmntent(m);
    if (!mounted)
        return fail(port, -ENOMEM, "DPDK: no hugetlbfs mounted%s%s: mount -t hugetlbfs nodev %s",
                    dir ? " at " : "", dir ? dir : "", dir ? dir : "/dev/hugepages");
    return 0;
}

/* Removes what the EAL leaves in its runtime dir (config, memseg lists,
 * mp socket) at exit: a dead primary's files are of use to no one. */
static void eal_at_exit(void)
{
    /* Skip the cleanup if a port is still open: a host poll thread may
     * still be inside rx_burst while the process exits. */
    if (pthread_mutex_trylock(&eal_lock) != 0)
        return;
    if (eal_open_ports == 0)
        rte_eal_cleanup();
    if (eal_runtime_dir[0]) {
        DIR *d = opendir(eal_runtime_dir);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] != '.')
                unlinkat(dirfd(d), e->d_name, 0);
        }
        if (d)
            closedir(d);
        rmdir(eal_runtime_dir);
    }
    pthread_mutex_unlock(&eal_lock);
}

/* The EAL's start-up output is captured, not printed: the host reports one
 * line per failure, and after a success the "EAL: Detected ..." chatter is
 * noise. rte_eal_init writes to stderr (its log, getopt's complaints, fatal
 * alerts) and its usage text to stdout, so both descriptors are redirected
 * for the call: stdout to /dev/null, stderr into a non-blocking pipe. */
typedef struct eal_capture {
    int saved_stdout, saved_stderr, pipe_read, devnull;
} eal_capture;

static void eal_capture_begin(eal_capture *c)
{
    int fds[2] = {-1, -1};
    fflush(stdout);
    fflush(stderr);
    c->saved_stdout = dup(STDOUT_FILENO);
    c->saved_stderr = dup(STDERR_FILENO);
    c->devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    /* Non-blocking: were the EAL to write more than the pipe holds, the
     * excess is dropped instead of blocking it forever. */
    c->pipe_read = pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0 ? fds[0] : -1;
    if (c->saved_stdout >= 0 && c->devnull >= 0)
        dup2(c->devnull, STDOUT_FILENO);
    if (c->saved_stderr >= 0 && fds[1] >= 0)
        dup2(fds[1], STDERR_FILENO);
    if (fds[1] >= 0)
        close(fds[1]);
}

/* Restores stdout/stderr and keeps the most telling line of what the EAL
 * said: the first complaint that is not its generic closing one. */
static void eal_capture_end(eal_capture *c, char *reason, size_t size)
{
    fflush(stdout);
    fflush(stderr);
    if (c->saved_stdout >= 0) {
        dup2(c->saved_stdout, STDOUT_FILENO);
        close(c->saved_stdout);
    }
    if (c->saved_stderr >= 0) {
        dup2(c->saved_stderr, STDERR_FILENO);
        close(c->saved_stderr);
    }
    if (c->devnull >= 0)
        close(c->devnull);
    reason[0] = '\0';
    if (c->pipe_read < 0)
        return;
    static char text[16384];
    ssize_t n = read(c->pipe_read, text, sizeof text - 1);
    close(c->pipe_read);
    text[n > 0 ? n : 0] = '\0';
    static const char *const complaints[] = {"unrecognized", "invalid", "unavailable",
                                             "cannot",       "Cannot",  "No ",
                                             "not ",         "fail",    "error"};
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strstr(line, "'command line' arguments") || strstr(line, "Detected"))
            continue;
        for (size_t i = 0; i < sizeof complaints / sizeof complaints[0]; i++) {
            if (strstr(line, complaints[i])) {
                /* getopt names the program (argv[0] "hfthost"): the host says that. */
                const char *prog = "hfthost: ";
                snprintf(reason, size, "%s",
                         strncmp(line, prog, strlen(prog)) == 0 ? line + strlen(prog) : line);
                return;
            }
        }
    }
}

/* Starts the EAL with the port's arguments, or checks they match the ones
 * it runs with. Called with eal_lock held. */
static int32_t eal_start(struct hft_port *port)
{
    static eal_args a; /* static: large, and only used under eal_lock */
    if (split_args(port->opts.dpdk_eal_args, &a) < 0)
        return fail(port, -E2BIG, "DPDK EAL arguments longer than %d bytes or %d words",
                    EAL_ARGS_LEN - 1, EAL_MAX_ARGS);
    /* Without --no-pci the EAL probes every PCI NIC it may bind, the host's
     * own management NIC included. */
    if (!has_opt(&a, "--no-pci") && !has_opt(&a, "-a") && !has_opt(&a, "--allow"))
        return fail(port, -EPERM,
                    "DPDK EAL arguments need --no-pci or a PCI allow-list (-a/--allow): "
                    "refusing to let the EAL probe every NIC");
    if (eal_up) {
        if (strcmp(a.joined, eal_running.joined) == 0)
            return 0;
        /* Both, from the first word that differs (the reason is one short line). */
        int i = 0;
        while (i < a.n && i < eal_running.n && strcmp(a.tok[i], eal_running.tok[i]) == 0)
            i++;
        return fail(port, -EALREADY,
                    "DPDK EAL starts once per process: it runs with '%s%s', this port asks '%s%s'",
                    i ? "..." : "", joined_from(&eal_running, i), i ? "..." : "",
                    joined_from(&a, i));
    }
    int32_t rc = check_hugepages(port, &a);
    if (rc < 0)
        return rc;

    eal_running = a;
    eal_args *r = &eal_running;
    for (int i = 0; i < r->n; i++) /* re-point into our copy */
        r->tok[i] = r->buf + (a.tok[i] - a.buf);
    static char prefix_arg[64], lcore_arg[16];
    int argc = 0;
    eal_argv[argc++] = "hfthost";
    for (int i = 0; i < r->n; i++)
        eal_argv[argc++] = r->tok[i];
    if (!has_opt(r, "--file-prefix")) {
        /* Two processes with one prefix would share (and clobber) runtime state. */
        snprintf(prefix_arg, sizeof prefix_arg, "hfthost-%d", (int)getpid());
        eal_argv[argc++] = "--file-prefix";
        eal_argv[argc++] = prefix_arg;
    }
    /* Unlink hugepage files right after mapping them, so none survives the
     * process, even a crash. (--in-memory implies it; the EAL refuses it
     * together with --no-huge or --single-file-segments.) */
    if (!has_opt(r, "--huge-unlink") && !has_opt(r, "--in-memory") && !has_opt(r, "--no-huge") &&
        !has_opt(r, "--single-file-segments"))
        eal_argv[argc++] = "--huge-unlink";
    /* The host exports its own metrics; no telemetry socket and thread. */
    if (!has_opt(r, "--telemetry") && !has_opt(r, "--no-telemetry"))
        eal_argv[argc++] = "--no-telemetry";
    /* The shim runs no lcore workers (the host's threads poll), so by
     * default only a main lcore: one CPU the caller may run on, not an EAL
     * thread pinned to every core. */
    cpu_set_t saved;
    bool have_saved = pthread_getaffinity_np(pthread_self(), sizeof saved, &saved) == 0;
    if (!has_opt(r, "-l") && !has_opt(r, "-c") && !has_opt(r, "--lcores") &&
        !has_opt(r, "--main-lcore") && have_saved) {
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
            if (CPU_ISSET(cpu, &saved)) {
                snprintf(lcore_arg, sizeof lcore_arg, "%d", cpu);
                eal_argv[argc++] = "-l";
                eal_argv[argc++] = lcore_arg;
                break;
            }
        }
    }
    eal_argv[argc] = NULL;

    rte_errno = 0;
    eal_capture capture;
    char said[120];
    eal_capture_begin(&capture);
    rc = rte_eal_init(argc, eal_argv);
    int err = rte_errno ? rte_errno : EIO;
    eal_capture_end(&capture, said, sizeof said);
    /* rte_eal_init pins the calling thread to the main lcore's CPU; the
     * host's thread (and every thread it creates later) must keep its own. */
    if (have_saved)
        pthread_setaffinity_np(pthread_self(), sizeof saved, &saved);
    if (rc < 0) {
        /* After most failures rte_eal_init refuses to run again (EALREADY);
         * keep the first reason for the ports that try next. */
        if (err == EALREADY && eal_fail_code)
            return fail(port, eal_fail_code, "%s", eal_fail_reason);
        if (err == EINVAL)
            snprintf(eal_fail_reason, sizeof eal_fail_reason,
                     "DPDK EAL refused its arguments: %.120s",
                     said[0] ? said : "see the DPDK EAL parameters");
        else
            snprintf(eal_fail_reason, sizeof eal_fail_reason,
                     "DPDK EAL failed to start: %.40s (%.80s)", rte_strerror(err),
                     said[0] ? said : "no EAL message");
        /* Argument errors are retriable (EAL resets itself), the rest not. */
        eal_fail_code = err == EINVAL ? 0 : -err;
        return fail(port, -err, "%s", eal_fail_reason);
    }
    eal_up = true;
    if (rte_eal_process_type() == RTE_PROC_PRIMARY && !has_opt(r, "--in-memory") &&
        !has_opt(r, "--no-shconf"))
        snprintf(eal_runtime_dir, sizeof eal_runtime_dir, "%s", rte_eal_get_runtime_dir());
    atexit(eal_at_exit);
    return 0;
}

static void thread_exit(void *arg)
{
    (void)arg;
    rte_thread_unregister();
}

static void thread_key_init(void)
{
    pthread_key_create(&thread_key, thread_exit);
}

/* Gives a host poll thread an lcore id, without which the mempool's per-lcore
 * cache is bypassed and every alloc/free takes the shared ring (see
 * rte_thread_register in rte_lcore.h). If none is left, polling still works. */
static void register_thread(void)
{
    thread_seen = true;
    if (rte_lcore_id() != LCORE_ID_ANY)
        return; /* the EAL's own thread */
    if (rte_thread_register() == 0 && rte_lcore_id() != LCORE_ID_ANY) {
        /* Hand the lcore id back when the thread exits. */
        pthread_once(&thread_key_once, thread_key_init);
        pthread_setspecific(thread_key, (void *)1);
    }
}

/* ---- a port ------------------------------------------------------------ */

typedef struct dpdk_queue {
    struct rte_mbuf **held; /* the mbuf behind each ring slot (ring index & mask) */
    uint64_t freed;         /* ring index below which every mbuf went back to the pool */
    uint32_t polls;
    hft_tsc_clock clock;    /* rx times without NIC stamps; this queue's poll thread renews it */
} __rte_cache_aligned dpdk_queue;

typedef struct dpdk_state {
    uint16_t port_id;
    bool configured;
    bool started;
    struct rte_device *device;
    struct rte_mempool *pool;
    uint32_t mask; /* ring capacity - 1 */
    /* NIC timestamps (mbuf dynfield), if the PMD's clock could be calibrated:
     * converted with the rate and reference measured at open, not renewed. */
    bool nic_ts;
    int ts_offset;
    uint64_t ts_flag;
    hft_tsc_clock nic_clock;
    uint64_t drops_seen; /* imissed + rx_nombuf already counted */
    uint64_t stats_tsc;
    dpdk_queue q[];
} dpdk_state;

/* Measures the TSC rate over 20 ms for every queue's clock (tsc_clock.h:
 * rte_get_tsc_hz() may be rounded to 10 MHz); each queue's poll thread
 * refines its own from then on. False if the clocks do not advance. */
static bool tsc_calibrate(struct hft_port *port, dpdk_state *st)
{
    hft_tsc_sample first = hft_tsc_sample_now();
    usleep(20000);
    hft_tsc_clock clock;
    if (!hft_tsc_clock_start(&clock, first, hft_tsc_sample_now()))
        return false;
    for (uint32_t i = 0; i < port->queue_count; i++)
        st->q[i].clock = clock;
    port->tsc_hz = clock.hz;
    port->tsc_ref_tsc = clock.ref_tsc;
    port->tsc_ref_ns = clock.ref_ns;
    return true;
}

/* The NIC clock's rate and a reference, as rte_eth_read_clock's doc
 * suggests: two reads 100 ms apart. False if the PMD cannot read its clock. */
static bool nic_clock_calibrate(dpdk_state *st)
{
    uint64_t c0, c1;
    uint64_t t0 = hft_now_mono_ns();
    if (rte_eth_read_clock(st->port_id, &c0) != 0)
        return false;
    usleep(100000);
    uint64_t t1 = hft_now_mono_ns();
    uint64_t real = hft_now_real_ns();
    if (rte_eth_read_clock(st->port_id, &c1) != 0 || c1 <= c0 || t1 <= t0)
        return false;
    uint64_t hz = (uint64_t)((unsigned __int128)(c1 - c0) * 1000000000 / (t1 - t0));
    st->nic_clock = (hft_tsc_clock){.hz = hz, .ref_tsc = c1, .ref_ns = real};
    return hz != 0;
}

/* Returns every mbuf of ring slots in [q->freed, upto) to the pool. */
static void free_held(dpdk_queue *dq, uint32_t mask, uint64_t upto)
{
    while (dq->freed != upto) {
        /* Up to the end of the slot array, then from its start. */
        uint32_t at = (uint32_t)dq->freed & mask;
        uint64_t n = upto - dq->freed;
        if (n > (uint64_t)mask + 1 - at)
            n = (uint64_t)mask + 1 - at;
        rte_pktmbuf_free_bulk(&dq->held[at], (unsigned)n);
        dq->freed += n;
    }
}

/* Adds the port's new hardware drops (no descriptor, no mbuf) to a queue. */
static void count_drops(dpdk_state *st, hft_queue *q)
{
    struct rte_eth_stats s;
    if (rte_eth_stats_get(st->port_id, &s) != 0)
        return;
    uint64_t drops = s.imissed + s.rx_nombuf;
    if (drops > st->drops_seen)
        hft_counter_add(&q->kernel_drops, drops - st->drops_seen);
    st->drops_seen = drops;
}

/* Undoes open, from whatever point it reached. Called with eal_lock held. */
static void dpdk_release(struct hft_port *port, dpdk_state *st)
{
    if (st->configured) {
        if (st->started)
            rte_eth_dev_stop(st->port_id);
        /* Since DPDK 20.11 close also releases the ethdev port. */
        rte_eth_dev_close(st->port_id);
        /* Remove the device too (unless it has other ports), so that a later
         * open can probe it afresh from its EAL argument (find_port). */
        uint16_t other;
        bool alone = true;
        RTE_ETH_FOREACH_DEV_OF(other, st->device)
        {
            alone = false;
        }
        if (alone)
            rte_dev_remove(st->device);
    }
    rte_mempool_free(st->pool); /* after close: the queues referred to it */
    for (uint32_t i = 0; i < port->queue_count; i++)
        rte_free(st->q[i].held);
    port_in_use[st->port_id] = false;
    rte_free(st);
}

/* Finds the ethdev named by opts.dpdk_device. */
static int32_t find_port(struct hft_port *port, uint16_t *id)
{
    const char *name = port->opts.dpdk_device;
    if (!name || !*name)
        return fail(port, -EINVAL,
                    "DPDK needs a device name (net_memif0 from --vdev, or a PCI address)");
    if (rte_eth_dev_get_port_by_name(name, id) == 0)
        return 0;
    /* Closed earlier in this process (dpdk_release removed it): probe it
     * again, but only from the EAL's own arguments, never a guessed device. */
    const char *devargs = devargs_for(&eal_running, name);
    if (devargs && rte_dev_probe(devargs) == 0 && rte_eth_dev_get_port_by_name(name, id) == 0)
        return 0;
    char list[HFT_ERROR_REASON_LEN] = "none";
    size_t len = 0;
    uint16_t p;
    RTE_ETH_FOREACH_DEV(p)
    {
        char n[RTE_ETH_NAME_MAX_LEN];
        if (rte_eth_dev_get_name_by_port(p, n) == 0 && len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "", n);
    }
    return fail(port, -ENODEV, "no DPDK port named %s (ports: %s)", name, list);
}

/* Configures, sets up and starts the device's queues. */
static int32_t start_port(struct hft_port *port, dpdk_state *st, uint32_t nq, uint32_t capacity)
{
    uint16_t id = st->port_id;
    const char *name = port->opts.dpdk_device;
    struct rte_eth_dev_info di;
    int rc = rte_eth_dev_info_get(id, &di);
    if (rc != 0)
        return fail(port, rc, "DPDK %s: rte_eth_dev_info_get: %s", name, rte_strerror(-rc));
    if (nq > di.max_rx_queues)
        return fail(port, -EINVAL, "DPDK %s has at most %u rx queues; queue_count is %u", name,
                    di.max_rx_queues, nq);
    st->device = di.device;
    snprintf(port->driver, sizeof port->driver, "%s", di.driver_name);

    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof conf);
    if (nq > 1) {
        /* Spread flows over the queues by their addresses and ports, as far
         * as the device can hash them. */
        uint64_t hf =
            (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP) & di.flow_type_rss_offloads;
        if (hf) {
            conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
            conf.rx_adv_conf.rss_conf.rss_hf = hf;
        }
    }
    st->nic_ts = (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TIMESTAMP) != 0;
    if (st->nic_ts)
        conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_TIMESTAMP;
    /* One TX queue: unused, but some PMDs refuse to start without one. */
    rc = rte_eth_dev_configure(id, (uint16_t)nq, 1, &conf);
    if (rc != 0)
        return fail(port, rc, "DPDK %s: rte_eth_dev_configure (%u queues): %s", name, nq,
                    rte_strerror(-rc));
    st->configured = true;
    uint16_t nb_rxd = DPDK_RX_DESC, nb_txd = DPDK_TX_DESC;
    rc = rte_eth_dev_adjust_nb_rx_tx_desc(id, &nb_rxd, &nb_txd);
    if (rc != 0)
        return fail(port, rc, "DPDK %s: descriptor limits: %s", name, rte_strerror(-rc));

    /* Per queue, mbufs may be held by the ring, by the RX descriptors (twice:
     * some PMDs refill ahead), and by the polling lcore's mempool cache (up
     * to 1.5 times its size before it flushes). */
    uint32_t n = port->opts.pool_size;
    uint32_t cache = DPDK_POOL_CACHE;
    if (n == 0)
        n = nq * (capacity + 2u * nb_rxd + cache * 3 / 2) + nb_txd;
    else if (cache > n / (4 * nq))
        cache = n / (4 * nq);
    int socket = rte_eth_dev_socket_id(id);
    char pool_name[RTE_MEMPOOL_NAMESIZE];
    snprintf(pool_name, sizeof pool_name, "hft_p%u_%u", id, ++pool_seq);
    st->pool = rte_pktmbuf_pool_create(pool_name, n, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
    if (!st->pool) {
        int err = rte_errno ? rte_errno : ENOMEM;
        return fail(port, -err, "DPDK %s: mbuf pool of %u in hugepages: %s", name, n,
                    rte_strerror(err));
    }
    for (uint32_t i = 0; i < nq; i++) {
        rc = rte_eth_rx_queue_setup(id, (uint16_t)i, nb_rxd, (unsigned)socket, NULL, st->pool);
        if (rc != 0)
            return fail(port, rc, "DPDK %s: rx queue %u (%u descriptors, pool %u): %s", name, i,
                        nb_rxd, n, rte_strerror(-rc));
    }
    rc = rte_eth_tx_queue_setup(id, 0, nb_txd, (unsigned)socket, NULL);
    if (rc != 0)
        return fail(port, rc, "DPDK %s: tx queue: %s", name, rte_strerror(-rc));
    if (st->nic_ts) {
        /* The PMD stores its stamps in this dynamic field (same offset and
         * flag for every registrant; see rte_mbuf_dyn.h). */
        if (rte_mbuf_dyn_rx_timestamp_register(&st->ts_offset, &st->ts_flag) != 0)
            st->nic_ts = false;
    }
    rc = rte_eth_dev_start(id);
    if (rc != 0)
        return fail(port, rc, "DPDK %s: rte_eth_dev_start: %s", name, rte_strerror(-rc));
    st->started = true;
    rc = rte_eth_promiscuous_enable(id);
    if (rc != 0 && rc != -ENOTSUP)
        return fail(port, rc, "DPDK %s: promiscuous mode: %s", name, rte_strerror(-rc));
    return 0;
}

static int32_t dpdk_open(struct hft_port *port)
{
    uint32_t nq = port->opts.queue_count ? port->opts.queue_count : 1;
    if (nq > HFT_MAX_QUEUES)
        return fail(port, -EINVAL, "DPDK: queue_count %u is above the shim's %u", nq,
                    HFT_MAX_QUEUES);
    uint32_t capacity =
        port->opts.ring_capacity ? port->opts.ring_capacity : HFT_DEFAULT_RING_CAPACITY;

    pthread_mutex_lock(&eal_lock);
    uint16_t id;
    int32_t rc = eal_start(port);
    if (rc == 0)
        rc = find_port(port, &id);
    if (rc == 0 && port_in_use[id])
        rc = fail(port, -EBUSY, "DPDK port %s is already open", port->opts.dpdk_device);
    dpdk_state *st = NULL;
    if (rc == 0) {
        st = rte_zmalloc_socket("hft_dpdk", sizeof *st + nq * sizeof(dpdk_queue),
                                RTE_CACHE_LINE_SIZE, rte_eth_dev_socket_id(id));
        if (!st)
            rc = fail(port, -ENOMEM, "DPDK: port state allocation");
    }
    if (rc < 0) {
        pthread_mutex_unlock(&eal_lock);
        return rc;
    }
    st->port_id = id;
    st->mask = capacity - 1;
    port_in_use[id] = true;
    port->queue_count = nq; /* from here dpdk_release frees nq queues */
    for (uint32_t i = 0; i < nq && rc == 0; i++) {
        st->q[i].held = rte_zmalloc_socket("hft_dpdk_held", capacity * sizeof(struct rte_mbuf *),
                                           RTE_CACHE_LINE_SIZE, rte_eth_dev_socket_id(id));
        if (!st->q[i].held)
            rc = fail(port, -ENOMEM, "DPDK: slot array allocation");
    }
    if (rc == 0 && !tsc_calibrate(port, st))
        rc = fail(port, -EIO, "DPDK %s: the TSC or CLOCK_MONOTONIC did not advance over 20 ms",
                  port->opts.dpdk_device);
    if (rc == 0)
        rc = start_port(port, st, nq, capacity);
    if (rc < 0) {
        dpdk_release(port, st);
        port->queue_count = 1;
        pthread_mutex_unlock(&eal_lock);
        return rc;
    }
    eal_open_ports++;
    pthread_mutex_unlock(&eal_lock);

    st->stats_tsc = port->tsc_ref_tsc;
    st->nic_ts = st->nic_ts && nic_clock_calibrate(st);
    port->ts_source = st->nic_ts ? HFT_TS_NIC : HFT_TS_TSC;
    port->info_flags = 0;
    port->link_type = 1; /* DLT_EN10MB */
    port->backend = st;
    return 0;
}

static int32_t dpdk_poll(struct hft_port *port, uint32_t queue)
{
    dpdk_state *st = port->backend;
    dpdk_queue *dq = &st->q[queue];
    hft_queue *q = &port->queues[queue];
    hft_ring *ring = q->ring;
    if (!thread_seen)
        register_thread();

    /* Acquire (see hft_ring_consumed): the host is done with every frame
     * below `consumed`, so their mbufs may be refilled by the NIC. */
    uint64_t consumed = hft_ring_consumed(ring);
    free_held(dq, st->mask, consumed);
    if (hft_port_should_stop(port))
        return 0;
    if (queue == 0 && ++dq->polls % DPDK_STATS_POLLS == 0) {
        uint64_t now = hft_ticks();
        if (now - st->stats_tsc >= port->tsc_hz / 10) { /* measured at open (tsc_clock.h) */
            st->stats_tsc = now;
            count_drops(st, q);
        }
    }

    uint32_t room = ring->capacity - (uint32_t)(q->next - consumed);
    if (room == 0)
        return 0; /* the host holds every slot; the NIC counts what it drops */
    struct rte_mbuf *pkts[DPDK_RX_BURST];
    uint16_t n = rte_eth_rx_burst(st->port_id, (uint16_t)queue, pkts,
                                  (uint16_t)(room < DPDK_RX_BURST ? room : DPDK_RX_BURST));
    if (n == 0)
        return 0;
    uint64_t ts = hft_tsc_clock_now_ns(&dq->clock, hft_ticks());
    hft_burst b = hft_burst_begin(q);
    for (uint16_t i = 0; i < n; i++) {
        struct rte_mbuf *m = pkts[i];
        uint64_t fts = ts;
        if (st->nic_ts && (m->ol_flags & st->ts_flag))
            fts = hft_tsc_clock_ns(&st->nic_clock, *RTE_MBUF_DYNFIELD(m, st->ts_offset, rte_mbuf_timestamp_t *));
        /* A chained (multi-segment) frame: the host gets its first segment. */
        uint16_t flags = m->nb_segs > 1 ? HFT_DESC_F_SNAPLEN : 0;
        uint64_t slot = hft_burst_add(&b, rte_pktmbuf_mtod(m, uintptr_t), m->data_len, m->pkt_len, fts, flags);
        dq->held[slot & st->mask] = m;
    }
    hft_burst_end(q, &b);
    return n;
}

static void dpdk_close(struct hft_port *port)
{
    dpdk_state *st = port->backend;
    if (!st)
        return;
    pthread_mutex_lock(&eal_lock);
    /* The host has stopped polling: every held mbuf goes back, read or not. */
    for (uint32_t i = 0; i < port->queue_count; i++)
        free_held(&st->q[i], st->mask, port->queues[i].next);
    count_drops(st, &port->queues[0]);
    dpdk_release(port, st);
    eal_open_ports--;
    pthread_mutex_unlock(&eal_lock);
    port->backend = NULL;
}

const hft_backend_ops hft_backend_dpdk = {
    .name = "dpdk",
    .queue_count_max = HFT_MAX_QUEUES,
    .open = dpdk_open,
    .run = NULL,
    .close = dpdk_close,
    .poll = dpdk_poll,
};
