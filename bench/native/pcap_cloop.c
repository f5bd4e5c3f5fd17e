/*
 * pcap_cloop.c - hft_pcap_cloop: the "no host at all" baseline.
 *
 *   hft_pcap_cloop write FILE N [LEN]       N Ethernet/IPv4/UDP frames of LEN bytes
 *   hft_pcap_cloop read FILE [--passes P]   read them back in a plain C loop
 *
 * `write` makes a classic pcap (ns timestamps, 1 us apart) of frames to
 * 239.1.1.1:30001 whose UDP payload starts with a little-endian u64 sequence
 * number, the same layout as the gen backend. `read` goes through the shim's
 * pcap reader and touches each frame's first 8 payload bytes, so its rate is
 * the ceiling any host pipeline over the same file can reach. It prints one
 * JSON line for the best of P passes (default 3): the first pass also pays
 * for page faults on the mapping.
 */
#include "pcap_reader_pvt.h"
#include "udp_template_pvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ETH_LEN 14u
#define UDP_LEN 8u
#define MIN_LEN (HFT_UDP_PAYLOAD_OFFSET + 8u) /* room for the sequence number */
#define MAX_LEN 9216u              /* jumbo frame */
/* First timestamp: a fixed instant, so two runs write identical files. */
#define TS0_NS 1700000000000000000ull

static int usage(void)
{
    fprintf(stderr, "usage: hft_pcap_cloop write FILE N [LEN]\n"
                    "       hft_pcap_cloop read FILE [--passes P]\n");
    return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return false;
    *out = strtoull(s, &end, 10);
    return *end == '\0';
}

static void put_host32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4); /* pcap is written in host order; the magic tells readers */
}

static int cmd_write(const char *path, uint64_t n, uint32_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return 1;
    }
    static char iobuf[1 << 20];
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    uint8_t hdr[24] = {0};
    put_host32(hdr, 0xa1b23c4du); /* ns resolution */
    hdr[4] = 2;                   /* version 2.4 */
    hdr[6] = 4;
    put_host32(hdr + 16, 65535); /* snaplen */
    put_host32(hdr + 20, 1);     /* Ethernet */
    fwrite(hdr, 1, sizeof hdr, f);

    static uint8_t rec[16 + MAX_LEN];
    hft_udp_frame_template(rec + 16, len); /* the gen backend's frame */
    put_host32(rec + 8, len);
    put_host32(rec + 12, len);
    for (uint64_t seq = 0; seq < n; seq++) {
        uint64_t ts = TS0_NS + seq * 1000u;
        put_host32(rec, (uint32_t)(ts / 1000000000u));
        put_host32(rec + 4, (uint32_t)(ts % 1000000000u));
        memcpy(rec + 16 + HFT_UDP_PAYLOAD_OFFSET, &seq, sizeof seq);
        fwrite(rec, 1, 16 + len, f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        perror(path);
        return 1;
    }
    printf("wrote %llu frames of %u bytes to %s\n", (unsigned long long)n, len, path);
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Keeps the per-frame loads alive under optimisation. */
static volatile uint64_t g_sink;

static int cmd_read(const char *path, uint64_t passes)
{
    hft_pcap_reader r;
    if (hft_pcap_open(&r, path) < 0) {
        fprintf(stderr, "%s: %s\n", path, hft_pcap_error(&r, NULL));
        return 1;
    }
    uint64_t frames = 0, bytes = 0;
    double best = -1;
    for (uint64_t pass = 0; pass < passes; pass++) {
        hft_pcap_rewind(&r);
        uint64_t nf = 0, nb = 0, sum = 0;
        hft_pcap_pkt p;
        int32_t rc;
        double t0 = now_s();
        while ((rc = hft_pcap_next(&r, &p)) > 0) {
            const uint8_t *d = p.data;
            uint32_t off = HFT_UDP_PAYLOAD_OFFSET;
            if (p.caplen > ETH_LEN && d[12] == 0x08 && d[13] == 0x00)
                off = ETH_LEN + (d[ETH_LEN] & 0x0fu) * 4u + UDP_LEN; /* honour IP options */
            uint64_t v = 0;
            if (p.caplen >= off + 8)
                memcpy(&v, d + off, sizeof v);
            sum += v;
            nf++;
            nb += p.caplen;
        }
        double secs = now_s() - t0;
        if (rc < 0) {
            uint64_t at;
            const char *why = hft_pcap_error(&r, &at);
            fprintf(stderr, "%s: %s\n", path, why);
            hft_pcap_close(&r);
            return 1;
        }
        g_sink += sum;
        if (best < 0 || secs < best)
            best = secs;
        frames = nf;
        bytes = nb;
    }
    hft_pcap_close(&r);
    printf("{\"frames\":%llu,\"bytes\":%llu,\"seconds\":%.9f,\"fps\":%.1f}\n",
           (unsigned long long)frames, (unsigned long long)bytes, best,
           best > 0 ? (double)frames / best : 0.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "write") == 0 && argc <= 5) {
        uint64_t n, len = 64;
        if (!parse_u64(argv[3], &n) || (argc == 5 && !parse_u64(argv[4], &len)))
            return usage();
        if (len < MIN_LEN || len > MAX_LEN) {
            fprintf(stderr, "LEN must be %u..%u bytes\n", MIN_LEN, MAX_LEN);
            return 2;
        }
        return cmd_write(argv[2], n, (uint32_t)len);
    }
    if (argc >= 3 && strcmp(argv[1], "read") == 0) {
        uint64_t passes = 3;
        if (argc == 5 && strcmp(argv[3], "--passes") == 0) {
            if (!parse_u64(argv[4], &passes) || passes == 0)
                return usage();
        } else if (argc != 3) {
            return usage();
        }
        return cmd_read(argv[2], passes);
    }
    return usage();
}
