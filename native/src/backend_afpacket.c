/*
 * backend_afpacket.c - live capture from a named interface through an
 * AF_PACKET socket with a TPACKET_V3 mmap ring (see the kernel's
 * Documentation/networking/packet_mmap.rst).
 *
 * VLAN tags: the kernel strips the outer 802.1Q tag of received frames into
 * packet metadata (VLAN offload). To hand the host the frame as it was on the
 * wire, each block frame gets PACKET_RESERVE headroom and the tag is put
 * back in place by moving the 12 MAC bytes 4 bytes down (as libpcap does):
 * a 12-byte move, not a copy of the frame.
 *
 * Zero copy: descriptors point into the kernel ring's blocks. A block goes
 * back to the kernel (block_status = TP_STATUS_KERNEL) only once the host
 * has consumed every descriptor that points into it, i.e. once the ring's
 * cons_tail has passed the last descriptor the block produced. Blocks are
 * filled and returned in order, so the blocks held by the host form a FIFO.
 */
#include "port_pvt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define AFP_DEFAULT_BLOCK_SIZE (1u << 20)
#define AFP_DEFAULT_BLOCK_COUNT 64u
#define AFP_FRAME_SIZE 2048u
/* Longest poll() sleep: bounds how long hft_port_stop waits for us. */
#define AFP_POLL_MS 50
#define AFP_VLAN_TAG_LEN 4u
#define AFP_MAC_ADDRS_LEN 12u

typedef struct afp_state {
    int fd;
    bool ethernet; /* frames start with an Ethernet header (ARPHRD_ETHER, loopback) */
    uint8_t *map;
    size_t map_len;
    uint32_t block_size;
    uint32_t block_count;
    /* Blocks handed to the host and not yet returned, oldest first:
     * held_end[i] is the ring index just past the block's last descriptor. */
    uint64_t *held_end;
    uint32_t held_first; /* block index of the oldest held block */
    uint32_t held_count;
} afp_state;

static struct tpacket_block_desc *block_at(afp_state *st, uint32_t i)
{
    return (struct tpacket_block_desc *)(st->map + (size_t)i * st->block_size);
}

static void afp_free(afp_state *st)
{
    if (st->map)
        munmap(st->map, st->map_len);
    if (st->fd >= 0)
        close(st->fd);
    free(st->held_end);
    free(st);
}

static int32_t afp_fail(struct hft_port *port, afp_state *st, int32_t code, const char *what)
{
    hft_port_report_error(port, code, 0, 0, "AF_PACKET on '%s': %s: %s%s", port->opts.source, what,
                          strerror(-code), code == -EPERM ? " (needs root or CAP_NET_RAW)" : "");
    afp_free(st);
    return code;
}

static int32_t afp_open(struct hft_port *port)
{
    const char *ifname = port->opts.source;
    if (!ifname || !*ifname) {
        hft_port_report_error(port, -EINVAL, 0, 0, "AF_PACKET needs an interface name");
        return -EINVAL;
    }
    afp_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    st->fd = -1;
    st->block_size = port->opts.afp_block_size ? port->opts.afp_block_size : AFP_DEFAULT_BLOCK_SIZE;
    st->block_count =
        port->opts.afp_block_count ? port->opts.afp_block_count : AFP_DEFAULT_BLOCK_COUNT;
    uint32_t timeout_ms = port->opts.afp_block_timeout_ms ? port->opts.afp_block_timeout_ms : 1;
    long page = sysconf(_SC_PAGESIZE);
    if (st->block_size % (uint32_t)page != 0 || st->block_size < AFP_FRAME_SIZE)
        return afp_fail(port, st, -EINVAL, "block size must be a multiple of the page size");

    unsigned ifindex = if_nametoindex(ifname);
    if (ifindex == 0)
        return afp_fail(port, st, -ENODEV, "no such interface");

    /* Protocol 0 until bind(): the socket receives nothing from other
     * interfaces while the ring is being set up. */
    st->fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (st->fd < 0)
        return afp_fail(port, st, -errno, "socket");
    /* Only what arrives: our own host's transmits are not market data. */
    int ignore_outgoing = 1;
    if (setsockopt(st->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &ignore_outgoing,
                   sizeof ignore_outgoing) < 0)
        return afp_fail(port, st, -errno, "PACKET_IGNORE_OUTGOING");
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(st->fd, SIOCGIFHWADDR, &ifr) < 0)
        return afp_fail(port, st, -errno, "SIOCGIFHWADDR");
    /* tun, ipip, ... deliver IP packets with no link header: flagged per
     * frame so the host does not read them as Ethernet. */
    st->ethernet =
        ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER || ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK;
    int version = TPACKET_V3;
    if (setsockopt(st->fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0)
        return afp_fail(port, st, -errno, "PACKET_VERSION TPACKET_V3");
    unsigned reserve = AFP_VLAN_TAG_LEN; /* headroom to re-insert a stripped tag */
    if (setsockopt(st->fd, SOL_PACKET, PACKET_RESERVE, &reserve, sizeof reserve) < 0)
        return afp_fail(port, st, -errno, "PACKET_RESERVE");
    struct tpacket_req3 req = {
        .tp_block_size = st->block_size,
        .tp_block_nr = st->block_count,
        .tp_frame_size = AFP_FRAME_SIZE,
        .tp_frame_nr = (st->block_size / AFP_FRAME_SIZE) * st->block_count,
        .tp_retire_blk_tov = timeout_ms,
    };
    if (setsockopt(st->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
        return afp_fail(port, st, -errno, "PACKET_RX_RING");
    st->map_len = (size_t)st->block_size * st->block_count;
    st->map = mmap(NULL, st->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, st->fd, 0);
    if (st->map == MAP_FAILED) {
        st->map = NULL;
        return afp_fail(port, st, -errno, "mmap of the packet ring");
    }
    st->held_end = calloc(st->block_count, sizeof *st->held_end);
    if (!st->held_end)
        return afp_fail(port, st, -ENOMEM, "allocation");
    struct sockaddr_ll addr = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = (int)ifindex,
    };
    if (bind(st->fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        return afp_fail(port, st, -errno, "bind");
    port->backend = st;
    port->ts_source = HFT_TS_KERNEL;
    /* DLT_EN10MB, or DLT_RAW (12) for interfaces without a link header. */
    port->link_type = st->ethernet ? 1 : 12;
    return 0;
}

/* Returns to the kernel every held block whose descriptors were all consumed. */
static void release_consumed(afp_state *st, hft_ring *ring)
{
    if (st->held_count == 0)
        return;
    uint64_t consumed = hft_ring_consumed(ring);
    while (st->held_count > 0 && consumed >= st->held_end[st->held_first]) {
        struct tpacket_block_desc *b = block_at(st, st->held_first);
        /* Release: our reads of the block (by the host, ordered before its
         * cons_tail store we acquired) happen before the kernel reuses it. */
        __atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        st->held_first = (st->held_first + 1) % st->block_count;
        st->held_count--;
    }
}

/* Puts the tag the kernel stripped back in front of the EtherType, using the
 * PACKET_RESERVE headroom before the frame. Returns the new frame start. */
static uint8_t *reinsert_vlan_tag(const struct tpacket3_hdr *h, uint8_t *frame, uint32_t *len,
                                  uint32_t *wire_len)
{
    uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) ? h->hv1.tp_vlan_tpid : ETH_P_8021Q;
    uint16_t tci = h->hv1.tp_vlan_tci;
    uint8_t *start = frame - AFP_VLAN_TAG_LEN;
    memmove(start, frame, AFP_MAC_ADDRS_LEN);
    start[12] = (uint8_t)(tpid >> 8);
    start[13] = (uint8_t)tpid;
    start[14] = (uint8_t)(tci >> 8);
    start[15] = (uint8_t)tci;
    *len += AFP_VLAN_TAG_LEN;
    *wire_len += AFP_VLAN_TAG_LEN;
    return start;
}

static void read_kernel_drops(afp_state *st, hft_queue *q)
{
    struct tpacket_stats_v3 ks;
    socklen_t len = sizeof ks;
    /* The kernel resets its counters on every read, so we accumulate. */
    if (getsockopt(st->fd, SOL_PACKET, PACKET_STATISTICS, &ks, &len) == 0)
        hft_counter_add(&q->kernel_drops, ks.tp_drops);
}

static void afp_run(struct hft_port *port, uint32_t queue)
{
    afp_state *st = port->backend;
    hft_queue *q = &port->queues[queue];
    hft_ring *ring = q->ring;
    uint32_t next = 0; /* next block to read, in fill order */
    while (!hft_port_should_stop(port)) {
        release_consumed(st, ring);
        if (st->held_count == st->block_count) {
            /* The host holds every block: the kernel has nowhere to write
             * (it counts drops) until the host consumes. */
            sched_yield();
            continue;
        }
        struct tpacket_block_desc *b = block_at(st, next);
        /* Acquire pairs with the kernel's release of the block to user space:
         * the packet headers and data below are complete. */
        if ((__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0) {
            struct pollfd pfd = {.fd = st->fd, .events = POLLIN | POLLERR};
            /* While the host holds blocks, wake up often to return them. */
            poll(&pfd, 1, st->held_count ? 1 : AFP_POLL_MS);
            continue;
        }
        uint8_t *p = (uint8_t *)b + b->hdr.bh1.offset_to_first_pkt;
        for (uint32_t n = b->hdr.bh1.num_pkts; n > 0; n--) {
            struct tpacket3_hdr *h = (struct tpacket3_hdr *)p;
            uint64_t ts = (uint64_t)h->tp_sec * 1000000000ull + h->tp_nsec;
            uint8_t *frame = p + h->tp_mac;
            uint32_t len = h->tp_snaplen, wire_len = h->tp_len;
            if (st->ethernet && (h->tp_status & TP_STATUS_VLAN_VALID) && len >= AFP_MAC_ADDRS_LEN)
                frame = reinsert_vlan_tag(h, frame, &len, &wire_len);
            uint16_t flags = len < wire_len ? HFT_DESC_F_SNAPLEN : 0;
            if (!st->ethernet)
                flags |= HFT_DESC_F_NOT_ETHERNET;
            hft_queue_push(q, (uint64_t)(uintptr_t)frame, len, wire_len, ts, 0, flags);
            p += h->tp_next_offset;
        }
        /* The block's frames go out now: we may poll() next, and the kernel
         * can have the block back only after the host has read them. */
        hft_queue_flush(q);
        st->held_end[next] = hft_queue_next_index(q);
        st->held_count++;
        next = (next + 1) % st->block_count;
        read_kernel_drops(st, q);
    }
    read_kernel_drops(st, q);
}

static void afp_close(struct hft_port *port)
{
    if (port->backend)
        afp_free(port->backend);
    port->backend = NULL;
}

const hft_backend_ops hft_backend_afpacket = {
    .name = "afpacket",
    .queue_count_max = 1,
    .open = afp_open,
    .run = afp_run,
    .close = afp_close,
};
