/*
 * test_pcap_reader.c - the pcap/pcapng reader against hand-built files.
 *
 * Every file is built byte by byte here (both byte orders, both formats), so
 * each expected offset, length and timestamp is known exactly. argv[1], if
 * given, is a real capture (IEX TOPS example1.pcapng) whose last block is cut
 * short. Prints "N passed, M failed"; exits non-zero on any failure.
 */
#include "pcap_reader_pvt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int g_passed, g_failed;
static const char *g_test = "";

typedef unsigned long long ull;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            g_passed++;                                                                            \
        } else {                                                                                   \
            g_failed++;                                                                            \
            printf("FAIL [%s] %s:%d: %s\n", g_test, __FILE__, __LINE__, #cond);                    \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        ull a_ = (ull)(a), b_ = (ull)(b);                                                          \
        if (a_ == b_) {                                                                            \
            g_passed++;                                                                            \
        } else {                                                                                   \
            g_failed++;                                                                            \
            printf("FAIL [%s] %s:%d: %s == %s (%llu != %llu)\n", g_test, __FILE__, __LINE__, #a,   \
                   #b, a_, b_);                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_HAS(text, part)                                                                      \
    do {                                                                                           \
        if (strstr((text), (part))) {                                                              \
            g_passed++;                                                                            \
        } else {                                                                                   \
            g_failed++;                                                                            \
            printf("FAIL [%s] %s:%d: \"%s\" does not contain \"%s\"\n", g_test, __FILE__,          \
                   __LINE__, (text), (part));                                                      \
        }                                                                                          \
    } while (0)

/* ---- building files ------------------------------------------------------ */

typedef struct buf {
    uint8_t d[16384];
    size_t n;
    bool be; /* write multi-byte fields big-endian */
} buf;

static void putn(buf *b, uint64_t v, int bytes)
{
    if (b->n + (size_t)bytes > sizeof b->d)
        abort(); /* a test bug, not a reader bug */
    for (int i = 0; i < bytes; i++)
        b->d[b->n++] = (uint8_t)(v >> (b->be ? 8 * (bytes - 1 - i) : 8 * i));
}

static void pad4(buf *b)
{
    while (b->n % 4)
        putn(b, 0, 1);
}

/* Packet bytes are a function of (seed, index) so any mix-up shows. */
static uint8_t pkt_byte(uint32_t seed, uint32_t k)
{
    return (uint8_t)(seed * 31u + k * 7u + 1u);
}

static void fill(buf *b, uint32_t seed, uint32_t len)
{
    for (uint32_t k = 0; k < len; k++)
        putn(b, pkt_byte(seed, k), 1);
}

static void pcap_header(buf *b, bool ns, uint32_t snaplen, uint32_t link)
{
    putn(b, ns ? 0xa1b23c4d : 0xa1b2c3d4, 4);
    putn(b, 2, 2);
    putn(b, 4, 2);
    putn(b, 0, 4); /* thiszone */
    putn(b, 0, 4); /* sigfigs */
    putn(b, snaplen, 4);
    putn(b, link, 4);
}

static size_t pcap_record(buf *b, uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t origlen,
                          uint32_t seed)
{
    size_t at = b->n;
    putn(b, sec, 4);
    putn(b, frac, 4);
    putn(b, caplen, 4);
    putn(b, origlen, 4);
    fill(b, seed, caplen);
    return at;
}

static size_t blk_begin(buf *b, uint32_t type)
{
    size_t at = b->n;
    putn(b, type, 4);
    putn(b, 0, 4); /* length, patched by blk_end */
    return at;
}

static void blk_end(buf *b, size_t at)
{
    pad4(b);
    uint32_t len = (uint32_t)(b->n - at + 4);
    putn(b, len, 4);
    size_t end = b->n;
    b->n = at + 4;
    putn(b, len, 4);
    b->n = end;
}

static size_t shb(buf *b)
{
    size_t at = blk_begin(b, 0x0A0D0D0A);
    putn(b, 0x1A2B3C4D, 4);
    putn(b, 1, 2);
    putn(b, 0, 2);
    putn(b, UINT64_MAX, 8); /* section length -1: not given */
    putn(b, 4, 2);          /* shb_userappl, skipped by the reader */
    putn(b, 5, 2);
    fill(b, 99, 5);
    pad4(b);
    putn(b, 0, 4);
    blk_end(b, at);
    return at;
}

/* tsresol < 0: no if_tsresol option; tsoffset 0: no if_tsoffset option. */
static size_t idb(buf *b, uint16_t link, uint32_t snaplen, int tsresol, int64_t tsoffset)
{
    size_t at = blk_begin(b, 1);
    putn(b, link, 2);
    putn(b, 0, 2);
    putn(b, snaplen, 4);
    putn(b, 2, 2); /* if_name, before the options the reader uses */
    putn(b, 3, 2);
    fill(b, 7, 3);
    pad4(b);
    if (tsresol >= 0) {
        putn(b, 9, 2);
        putn(b, 1, 2);
        putn(b, (uint64_t)tsresol, 1);
        pad4(b);
    }
    if (tsoffset) {
        putn(b, 14, 2);
        putn(b, 8, 2);
        putn(b, (uint64_t)tsoffset, 8);
    }
    putn(b, 0, 4);
    blk_end(b, at);
    return at;
}

static size_t epb(buf *b, uint32_t iface, uint64_t ts, uint32_t caplen, uint32_t origlen,
                  uint32_t seed)
{
    size_t at = blk_begin(b, 6);
    putn(b, iface, 4);
    putn(b, ts >> 32, 4);
    putn(b, ts & 0xffffffffu, 4);
    putn(b, caplen, 4);
    putn(b, origlen, 4);
    fill(b, seed, caplen);
    pad4(b);
    putn(b, 2, 2); /* epb_flags after the data: must not be taken for packet bytes */
    putn(b, 4, 2);
    putn(b, 1, 4);
    putn(b, 0, 4);
    blk_end(b, at);
    return at;
}

static size_t spb(buf *b, uint32_t origlen, uint32_t datalen, uint32_t seed)
{
    size_t at = blk_begin(b, 3);
    putn(b, origlen, 4);
    fill(b, seed, datalen);
    blk_end(b, at);
    return at;
}

static size_t opaque_block(buf *b, uint32_t type, uint32_t len)
{
    size_t at = blk_begin(b, type);
    fill(b, 3, len);
    blk_end(b, at);
    return at;
}

static char g_dir[64];

static const char *path_of(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", g_dir, name);
    return p;
}

static const char *write_bytes(const char *name, const void *data, size_t n)
{
    const char *p = path_of(name);
    FILE *f = fopen(p, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
        perror(p);
        exit(2);
    }
    return p;
}

static const char *write_buf(const char *name, const buf *b)
{
    return write_bytes(name, b->d, b->n);
}

/* ---- checking ------------------------------------------------------------ */

typedef struct want {
    uint64_t off;
    uint32_t caplen, wire_len;
    uint64_t ts_ns;
    uint32_t iface, link;
    uint32_t seed;
} want;

static bool data_ok(const hft_pcap_pkt *p, uint32_t seed)
{
    for (uint32_t k = 0; k < p->caplen; k++)
        if (p->data[k] != pkt_byte(seed, k))
            return false;
    return true;
}

/* Reads `path`: exactly the packets in w[0..n), then `end` (0, or an error
 * at err_off whose reason contains `reason`), and `end` again after that.
 * Then rewinds and checks that the second pass is the same. */
static void expect_file(const char *path, const want *w, int n, int32_t end, uint64_t err_off,
                        const char *reason)
{
    hft_pcap_reader r;
    int32_t rc = hft_pcap_open(&r, path);
    CHECK_EQ(rc, 0);
    if (rc != 0) {
        printf("  open: %s\n", hft_pcap_error(&r, NULL));
        return;
    }
    for (int pass = 0; pass < 2; pass++, hft_pcap_rewind(&r)) {
        hft_pcap_pkt p;
        for (int i = 0; i < n; i++) {
            rc = hft_pcap_next(&r, &p);
            CHECK_EQ(rc, 1);
            if (rc != 1) {
                printf("  pass %d packet %d: %s\n", pass, i, hft_pcap_error(&r, NULL));
                break;
            }
            CHECK_EQ(p.offset, w[i].off);
            CHECK_EQ(p.caplen, w[i].caplen);
            CHECK_EQ(p.wire_len, w[i].wire_len);
            CHECK_EQ(p.ts_ns, w[i].ts_ns);
            CHECK_EQ(p.iface, w[i].iface);
            CHECK_EQ(p.link_type, w[i].link);
            CHECK(data_ok(&p, w[i].seed));
        }
        for (int again = 0; again < 2; again++) { /* the end (or error) is sticky */
            rc = hft_pcap_next(&r, &p);
            CHECK_EQ((long long)rc, (long long)end);
            if (end < 0) {
                uint64_t off = 0;
                const char *why = hft_pcap_error(&r, &off);
                CHECK_EQ(off, err_off);
                CHECK_HAS(why, reason);
            }
        }
        if (end == 0)
            CHECK_EQ(hft_pcap_position(&r), hft_pcap_file_size(&r));
    }
    hft_pcap_close(&r);
}

/* Opening must fail with `code` and a reason containing `reason`. */
static void expect_open_error(const char *path, int32_t code, const char *reason)
{
    hft_pcap_reader r;
    int32_t rc = hft_pcap_open(&r, path);
    CHECK_EQ((long long)rc, (long long)code);
    CHECK_HAS(hft_pcap_error(&r, NULL), reason);
    hft_pcap_close(&r); /* harmless after a failed open */
    hft_pcap_close(&r);
}

static int count_packets(const char *path)
{
    hft_pcap_reader r;
    if (hft_pcap_open(&r, path) != 0)
        return -1;
    hft_pcap_pkt p;
    int n = 0;
    while (hft_pcap_next(&r, &p) == 1)
        n++;
    hft_pcap_close(&r);
    return n;
}

/* Record (or block) ends of a file, in order, and whether each is a packet. */
typedef struct bounds {
    size_t end[16];
    bool pkt[16];
    int n;
} bounds;

static void bound(bounds *s, const buf *b, bool pkt)
{
    s->end[s->n] = b->n;
    s->pkt[s->n++] = pkt;
}

/*
 * Cuts `b` at every length: a cut on a record boundary is a clean end after
 * the packets before it; any other cut returns those packets and then a
 * truncation error at the start of the cut record. Below `open_min` bytes
 * open itself must fail; the first record starts at `start`.
 */
static void every_cut(const char *name, const buf *b, const bounds *s, size_t open_min,
                      size_t start)
{
    int bad = 0;
    for (size_t cut = 1; cut < b->n; cut++) {
        const char *p = write_bytes(name, b->d, cut);
        hft_pcap_reader r;
        int32_t rc = hft_pcap_open(&r, p);
        if (cut < open_min || rc < 0) {
            if (cut >= open_min || rc >= 0) {
                bad++;
                printf("  cut %zu: open returned %d: %s\n", cut, rc, hft_pcap_error(&r, NULL));
            }
            hft_pcap_close(&r);
            continue;
        }
        int want_pkts = 0;
        bool boundary = cut == start;
        size_t last_end = start;
        for (int i = 0; i < s->n && s->end[i] <= cut; i++) {
            want_pkts += s->pkt[i];
            boundary = s->end[i] == cut;
            last_end = s->end[i];
        }
        hft_pcap_pkt pkt;
        int got = 0;
        while ((rc = hft_pcap_next(&r, &pkt)) == 1)
            got++;
        uint64_t off = 0;
        hft_pcap_error(&r, &off);
        if (got != want_pkts || (boundary ? rc != 0 : (rc != -HFT_ETRUNCATED || off != last_end))) {
            if (bad++ < 3)
                printf("  cut %zu: %d packets (want %d), rc %d at %llu: %s\n", cut, got, want_pkts,
                       rc, (ull)off, hft_pcap_error(&r, NULL));
        }
        hft_pcap_close(&r);
    }
    CHECK_EQ(bad, 0);
    unlink(path_of(name));
}

/* ---- tests ------------------------------------------------------------- */

#define SEC0 1700000000u

static void test_classic(bool ns, bool be)
{
    static char name[64];
    snprintf(name, sizeof name, "classic %s %s", ns ? "ns" : "us", be ? "BE" : "LE");
    g_test = name;
    uint32_t link = be ? 228 : 1; /* vary the link type: it must come from the header */
    buf b = {.be = be};
    /* One variant sets the FCS bits above the link type; they are not part of it. */
    pcap_header(&b, ns, 1600, (!ns && !be) ? link | 0x10000000u : link);
    uint32_t frac = ns ? 123456789u : 123456u;
    uint64_t frac_ns = ns ? 123456789u : 123456000u;
    want w[3];
    w[0] = (want){
        pcap_record(&b, SEC0, frac, 60, 60, 1), 60, 60, SEC0 * 1000000000ull + frac_ns, 0, link, 1};
    /* caught short of its wire length (snaplen) */
    w[1] = (want){pcap_record(&b, SEC0 + 1, 0, 100, 1514, 2),
                  100,
                  1514,
                  (SEC0 + 1) * 1000000000ull,
                  0,
                  link,
                  2};
    w[2] = (want){pcap_record(&b, SEC0 + 2, 1, 42, 42, 3),
                  42,
                  42,
                  (SEC0 + 2) * 1000000000ull + (ns ? 1 : 1000),
                  0,
                  link,
                  3};
    CHECK_EQ(w[0].off, 24);
    const char *p = write_buf("classic.pcap", &b);
    expect_file(p, w, 3, 0, 0, "");

    hft_pcap_reader r;
    CHECK_EQ(hft_pcap_open(&r, p), 0);
    CHECK_EQ(hft_pcap_format(&r), HFT_PCAP_FORMAT_PCAP);
    CHECK_EQ(hft_pcap_link_type(&r), link);
    CHECK_EQ(hft_pcap_file_size(&r), b.n);
    CHECK_EQ(hft_pcap_position(&r), 24);
    hft_pcap_pkt pkt;
    for (int pass = 0; pass < 2; pass++) { /* rewind replays the same packets */
        int n = 0;
        while (hft_pcap_next(&r, &pkt) == 1) {
            CHECK_EQ(pkt.offset, w[n].off);
            n++;
        }
        CHECK_EQ(n, 3);
        hft_pcap_rewind(&r);
    }
    hft_pcap_close(&r);

    bounds s = {.end = {w[1].off, w[2].off, b.n}, .pkt = {true, true, true}, .n = 3};
    every_cut("classic_cut.pcap", &b, &s, 24, 24);
}

static void test_classic_errors(void)
{
    g_test = "classic truncated/corrupt";
    buf b = {0};
    pcap_header(&b, false, 65535, 1);
    want w[2];
    w[0] =
        (want){pcap_record(&b, SEC0, 5, 60, 60, 1), 60, 60, SEC0 * 1000000000ull + 5000, 0, 1, 1};
    w[1] =
        (want){pcap_record(&b, SEC0, 6, 70, 70, 2), 70, 70, SEC0 * 1000000000ull + 6000, 0, 1, 2};
    size_t good = b.n;
    char why[128];

    /* file ends inside the third record's header */
    putn(&b, SEC0, 4);
    putn(&b, 7, 4);
    putn(&b, 200, 2);
    snprintf(why, sizeof why, "record at offset %zu: file ends inside its 16-byte header", good);
    expect_file(write_buf("cut_hdr.pcap", &b), w, 2, -HFT_ETRUNCATED, good, why);

    /* ... inside its data: 200 bytes declared, 50 present */
    b.n = good;
    pcap_record(&b, SEC0, 7, 200, 200, 3);
    b.n -= 150;
    snprintf(why, sizeof why,
             "record at offset %zu declares 200 bytes of packet data, file ends after 50", good);
    expect_file(write_buf("cut_data.pcap", &b), w, 2, -HFT_ETRUNCATED, good, why);

    /* a corrupt caplen (far beyond any snaplen) is not a truncation */
    b.n = good;
    putn(&b, SEC0, 4);
    putn(&b, 7, 4);
    putn(&b, 0xfffffff0u, 4);
    putn(&b, 60, 4);
    fill(&b, 4, 60);
    snprintf(why, sizeof why, "record at offset %zu declares 4294967280 bytes", good);
    expect_file(write_buf("corrupt.pcap", &b), w, 2, -HFT_EBADFORMAT, good, why);

    /* a header cut short */
    expect_open_error(write_bytes("short_hdr.pcap", b.d, 10), -HFT_ETRUNCATED,
                      "inside the 24-byte pcap header");
    buf v = {0};
    pcap_header(&v, false, 65535, 1);
    v.d[4] = 3; /* version 3.4 */
    expect_open_error(write_buf("version.pcap", &v), -HFT_EBADFORMAT,
                      "unsupported pcap version 3.4");
}

/* if_tsresol 2^-20: 2^19 units = half a second. */
#define BIN_TS(sec) (((uint64_t)(sec) << 20) | (1u << 19))

static void test_pcapng(bool be)
{
    g_test = be ? "pcapng BE" : "pcapng LE";
    buf b = {.be = be};
    bounds s = {0};

    shb(&b);
    bound(&s, &b, false);
    idb(&b, 1, 64, 6, 0); /* iface 0: us (explicit), snaplen 64 */
    bound(&s, &b, false);
    idb(&b, 1, 65535, 9, 10); /* iface 1: ns, +10 s offset */
    bound(&s, &b, false);
    opaque_block(&b, 4, 13); /* NRB */
    bound(&s, &b, false);
    opaque_block(&b, 0x00000BAD, 20); /* custom */
    bound(&s, &b, false);
    want w[6];
    uint64_t t0 = SEC0 * 1000000ull + 123456u; /* us units */
    w[0] = (want){epb(&b, 0, t0, 60, 60, 1), 60, 60, t0 * 1000u, 0, 1, 1};
    bound(&s, &b, true);
    uint64_t t1 = (SEC0 + 1) * 1000000000ull + 987654321u; /* ns units */
    w[1] = (want){epb(&b, 1, t1, 61, 61, 2), 61, 61, t1 + 10 * 1000000000ull, 1, 1, 2};
    bound(&s, &b, true);
    /* SPB: no timestamp (previous packet's), caplen = min(origlen, snaplen 64, body) */
    w[2] = (want){spb(&b, 100, 100, 3), 64, 100, w[1].ts_ns, 0, 1, 3};
    bound(&s, &b, true);
    w[3] = (want){spb(&b, 30, 32, 4), 30, 30, w[1].ts_ns, 0, 1, 4};
    bound(&s, &b, true);
    opaque_block(&b, 5, 24); /* ISB */
    bound(&s, &b, false);
    w[4] = (want){epb(&b, 1, t1 + 5, 40, 1514, 5), 40, 1514, w[1].ts_ns + 5, 1, 1, 5};
    bound(&s, &b, true);

    /* A second section in the other byte order forgets the interfaces. */
    b.be = !be;
    shb(&b);
    bound(&s, &b, false);
    idb(&b, 228, 0, 0x80 | 20, 0); /* iface 0 again: 2^-20 s, raw IPv4 */
    bound(&s, &b, false);
    w[5] = (want){
        epb(&b, 0, BIN_TS(SEC0), 33, 33, 6), 33, 33, SEC0 * 1000000000ull + 500000000u, 0, 228, 6};
    bound(&s, &b, true);

    const char *p = write_buf("test.pcapng", &b);
    expect_file(p, w, 6, 0, 0, "");
    hft_pcap_reader r;
    CHECK_EQ(hft_pcap_open(&r, p), 0);
    CHECK_EQ(hft_pcap_format(&r), HFT_PCAP_FORMAT_PCAPNG);
    CHECK_EQ(hft_pcap_link_type(&r), 1);
    hft_pcap_close(&r);
    CHECK_EQ(count_packets(p), 6);

    every_cut(be ? "cut_be.pcapng" : "cut_le.pcapng", &b, &s, 12, 0);
}

static void test_pcapng_errors(void)
{
    g_test = "pcapng truncated/corrupt";
    buf b = {0};
    shb(&b);
    idb(&b, 1, 0, -1, 0); /* default resolution: us */
    want w[1];
    w[0] = (want){epb(&b, 0, 77, 50, 50, 1), 50, 50, 77000, 0, 1, 1};
    size_t good = b.n;
    char why[160];

    /* cut inside the next block's header */
    putn(&b, 6, 4);
    putn(&b, 64, 4);
    snprintf(why, sizeof why, "block at offset %zu: file ends inside its header (8 bytes)", good);
    expect_file(write_buf("cut_hdr.pcapng", &b), w, 1, -HFT_ETRUNCATED, good, why);

    /* cut inside its packet data */
    b.n = good;
    epb(&b, 0, 78, 1000, 1000, 2);
    size_t declared = b.n - good;
    b.n -= 500;
    snprintf(why, sizeof why, "block at offset %zu declares %zu bytes, file ends after %zu", good,
             declared, b.n - good);
    expect_file(write_buf("cut_data.pcapng", &b), w, 1, -HFT_ETRUNCATED, good, why);

    /* block length 0 (would loop forever if trusted), 13, trailing mismatch */
    uint32_t bad_lens[2] = {0, 13};
    for (int i = 0; i < 2; i++) {
        b.n = good;
        putn(&b, 6, 4);
        putn(&b, bad_lens[i], 4);
        putn(&b, 0, 8);
        snprintf(why, sizeof why, "block at offset %zu declares a length of %u", good, bad_lens[i]);
        expect_file(write_buf("badlen.pcapng", &b), w, 1, -HFT_EBADFORMAT, good, why);
    }
    b.n = good;
    size_t at = epb(&b, 0, 79, 8, 8, 3);
    b.d[b.n - 4] ^= 4; /* trailing copy now differs */
    snprintf(why, sizeof why, "block at offset %zu: trailing length", at);
    expect_file(write_buf("trail.pcapng", &b), w, 1, -HFT_EBADFORMAT, at, why);

    /* caplen larger than the block body */
    b.n = good;
    at = epb(&b, 0, 79, 8, 8, 3);
    b.d[at + 20] = 200;
    snprintf(why, sizeof why, "packet block at offset %zu declares 200 bytes of packet data", at);
    expect_file(write_buf("caplen.pcapng", &b), w, 1, -HFT_EBADFORMAT, at, why);

    /* an interface id that no IDB of this section declared */
    b.n = good;
    at = epb(&b, 1, 79, 8, 8, 3);
    snprintf(why, sizeof why, "packet block at offset %zu names interface 1, 1 declared", at);
    expect_file(write_buf("iface.pcapng", &b), w, 1, -HFT_EBADFORMAT, at, why);

    /* ... including one declared in an earlier section only */
    buf s = {0};
    shb(&s);
    idb(&s, 1, 0, -1, 0);
    idb(&s, 1, 0, -1, 0);
    size_t shb2 = shb(&s);
    idb(&s, 1, 0, -1, 0);
    at = epb(&s, 1, 1, 8, 8, 3);
    (void)shb2;
    snprintf(why, sizeof why, "packet block at offset %zu names interface 1", at);
    expect_file(write_buf("section.pcapng", &s), NULL, 0, -HFT_EBADFORMAT, at, why);

    /* an SPB before any timestamped packet gets 0, also after a rewind; an
     * SPB before any IDB is corrupt */
    buf t = {0};
    shb(&t);
    idb(&t, 1, 0, -1, 0);
    want ws[2];
    ws[0] = (want){spb(&t, 20, 20, 9), 20, 20, 0, 0, 1, 9};
    ws[1] = (want){epb(&t, 0, 5, 8, 8, 10), 8, 8, 5000, 0, 1, 10};
    expect_file(write_buf("spb.pcapng", &t), ws, 2, 0, 0, "");
    t.n = 0;
    shb(&t);
    at = spb(&t, 20, 20, 9);
    expect_file(write_buf("spb_noidb.pcapng", &t), NULL, 0, -HFT_EBADFORMAT, at,
                "before any interface block");

    /* an SHB whose byte-order magic is wrong */
    t.n = 0;
    shb(&t);
    t.d[8] = 0x55;
    expect_open_error(write_buf("bom.pcapng", &t), -HFT_EBADFORMAT, "byte-order magic");
}

/* Random blocks and random bytes after a valid start: the reader must stop
 * with an error or a clean end within size/12 calls, with every packet
 * inside the file. The file is exactly one page so that reading past its
 * end is likely to fault instead of reading zeros. */
static void test_garbage(void)
{
    g_test = "random garbage";
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int bad = 0, errors = 0;
    for (int round = 0; round < 300; round++) {
        buf b = {.be = round & 1};
        shb(&b);
        idb(&b, 1, 0, (round % 3) ? 9 : 6, 0);
        while (b.n < 4096) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t room = 4096 - b.n;
            if ((x & 3) == 0 || room < 40) { /* raw noise */
                putn(&b, x, room < 8 ? (int)room : 8);
                continue;
            }
            static const uint32_t types[] = {1, 2, 3, 5, 6, 6, 0x0A0D0D0A, 0x1234};
            uint32_t type = types[(x >> 8) & 7];
            uint32_t len = (uint32_t)((x >> 16) % (room < 300 ? room - 32 : 268));
            size_t at = blk_begin(&b, type);
            putn(&b, x >> 32, 4);
            putn(&b, 0, 8);
            putn(&b, (x >> 40) % (len + 8), 4);
            putn(&b, len, 4);
            fill(&b, (uint32_t)x, len);
            blk_end(&b, at);
            if ((x >> 60) == 0) /* sometimes break a length */
                b.d[at + 4 + ((x >> 50) & 3)] ^= (uint8_t)(x >> 24);
        }
        b.n = 4096;
        const char *p = write_buf("garbage.pcapng", &b);
        hft_pcap_reader r;
        if (hft_pcap_open(&r, p) != 0) {
            bad++;
            continue;
        }
        hft_pcap_pkt pkt;
        int32_t rc = 1;
        for (int calls = 0; calls <= 4096 / 12 + 2 && rc == 1; calls++) {
            rc = hft_pcap_next(&r, &pkt);
            if (rc == 1 && (pkt.data < r.map || pkt.data + pkt.caplen > r.map + r.size))
                bad++;
        }
        bad += rc == 1; /* still returning packets: it looped */
        errors += rc < 0;
        hft_pcap_close(&r);
    }
    CHECK_EQ(bad, 0);
    CHECK(errors > 0); /* the generator does produce broken files */
}

static void test_open_errors(void)
{
    g_test = "open errors";
    expect_open_error(write_bytes("empty.pcap", "", 0), -HFT_EBADFORMAT, "is empty");
    static const char junk[] = "GARBAGE, not a capture file at all\n";
    expect_open_error(write_bytes("garbage.pcap", junk, sizeof junk - 1), -HFT_EBADFORMAT,
                      "not a pcap or pcapng file (starts with 47 41 52 42)");
    expect_open_error(write_bytes("tiny.pcap", "\xd4\xc3", 2), -HFT_EBADFORMAT, "too short");
    expect_open_error(path_of("no_such_file.pcap"), -ENOENT, "No such file");
    expect_open_error(g_dir, -EISDIR, "is a directory");
    unlink(path_of("empty.pcap"));
    unlink(path_of("garbage.pcap"));
    unlink(path_of("tiny.pcap"));

    hft_pcap_reader r;
    CHECK_EQ(hft_pcap_open(&r, "/dev/null"), -EINVAL); /* not a regular file */
    hft_pcap_close(&r);
}

/* example1.pcapng: SHB (1728 bytes), IDB at 1728, EPBs at 1820, 1936 and
 * 3480; the file is 4966 bytes, so the third EPB, which declares 1532, has
 * only 1486 (verified with xxd). */
static void test_example(const char *path)
{
    g_test = "iex example1.pcapng";
    want w[2] = {
        {1820, 82, 82, 1514983023518791000ull, 0, 1, 0},
        {1936, 1511, 1511, 1514983024499887000ull, 0, 1, 0},
    };
    hft_pcap_reader r;
    int32_t rc = hft_pcap_open(&r, path);
    CHECK_EQ(rc, 0);
    if (rc != 0) {
        printf("  %s\n", hft_pcap_error(&r, NULL));
        return;
    }
    CHECK_EQ(hft_pcap_file_size(&r), 4966);
    CHECK_EQ(hft_pcap_link_type(&r), 1);
    FILE *f = fopen(path, "rb");
    static uint8_t raw[4966];
    CHECK(f && fread(raw, 1, sizeof raw, f) == sizeof raw);
    if (f)
        fclose(f);
    hft_pcap_pkt p;
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(hft_pcap_next(&r, &p), 1);
        CHECK_EQ(p.offset, w[i].off);
        CHECK_EQ(p.caplen, w[i].caplen);
        CHECK_EQ(p.wire_len, w[i].wire_len);
        CHECK_EQ(p.ts_ns, w[i].ts_ns);
        CHECK_EQ(p.iface, 0);
        CHECK_EQ(p.link_type, 1);
        CHECK(memcmp(p.data, raw + w[i].off + 28, p.caplen) == 0); /* zero copy, right bytes */
    }
    for (int again = 0; again < 2; again++) {
        CHECK_EQ((long long)hft_pcap_next(&r, &p), -HFT_ETRUNCATED);
        uint64_t off;
        const char *why = hft_pcap_error(&r, &off);
        CHECK_EQ(off, 3480);
        CHECK_HAS(why, "block at offset 3480 declares 1532 bytes, file ends after 1486");
    }
    hft_pcap_close(&r);
}

int main(int argc, char **argv)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/test_pcap_reader.XXXXXX");
    if (!mkdtemp(g_dir)) {
        perror("mkdtemp");
        return 2;
    }
    for (int ns = 0; ns < 2; ns++)
        for (int be = 0; be < 2; be++)
            test_classic(ns, be);
    test_classic_errors();
    test_pcapng(false);
    test_pcapng(true);
    test_pcapng_errors();
    test_garbage();
    test_open_errors();
    if (argc < 2)
        printf("note: no capture path given (argv[1]); skipping the example1.pcapng test\n");
    else if (access(argv[1], R_OK) != 0) {
        printf("FAIL: %s is not readable: ../shared/data belongs beside the repo\n", argv[1]);
        g_failed++;
    }
    else
        test_example(argv[1]);

    static const char *files[] = {
        "classic.pcap",     "cut_hdr.pcap",  "cut_data.pcap",  "corrupt.pcap",    "short_hdr.pcap",
        "version.pcap",     "test.pcapng",   "cut_hdr.pcapng", "cut_data.pcapng", "badlen.pcapng",
        "trail.pcapng",     "caplen.pcapng", "iface.pcapng",   "section.pcapng",  "spb.pcapng",
        "spb_noidb.pcapng", "bom.pcapng",    "garbage.pcapng",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        unlink(path_of(files[i]));
    if (rmdir(g_dir) != 0)
        printf("note: could not remove %s\n", g_dir);

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed ? 1 : 0;
}
