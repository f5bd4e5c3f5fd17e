/*
 * pcap_reader.c - classic pcap and pcapng over a read-only mapping.
 *
 * Formats: libpcap's file format (https://wiki.wireshark.org/Development/LibpcapFileFormat)
 * and pcapng (draft-ietf-opsawg-pcapng). Both byte orders of each; a reader
 * never assumes the file matches the host.
 *
 * Every length read from the file is checked against what is left of the
 * mapping before it is used, and every pcapng block advances the position by
 * at least 12 bytes, so garbage ends in an error, never in a crash or a loop.
 */
#include "pcap_reader_pvt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_FILE_HDR 24u
#define PCAP_REC_HDR 16u
/* libpcap refuses records larger than this unless the snaplen is larger:
 * a random 32-bit caplen from a corrupt header almost always trips it. */
#define PCAP_MAX_CAPLEN 262144u

#define NG_SHB 0x0A0D0D0Au /* the same in both byte orders */
#define NG_IDB 0x00000001u
#define NG_OPB 0x00000002u /* obsolete Packet Block, still written by old tools */
#define NG_SPB 0x00000003u
#define NG_EPB 0x00000006u
#define NG_BOM 0x1A2B3C4Du
#define NG_MIN_BLOCK 12u /* type + length + trailing length */
#define NG_OPT_END 0
#define NG_OPT_TSRESOL 9
#define NG_OPT_TSOFFSET 14
/* hft_desc.iface is 16 bits wide. */
#define NG_MAX_IFACES 65536u

#define NS_PER_S 1000000000ull

typedef unsigned long long ull; /* for printf of uint64_t without PRIu64 noise */

static uint16_t rd16(const hft_pcap_reader *r, const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v); /* records are not aligned in classic pcap */
    return r->swapped ? __builtin_bswap16(v) : v;
}

static uint32_t rd32(const hft_pcap_reader *r, const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return r->swapped ? __builtin_bswap32(v) : v;
}

static uint64_t rd64(const hft_pcap_reader *r, const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return r->swapped ? __builtin_bswap64(v) : v;
}

/* Records the (sticky) error and returns its code. */
static int32_t fail(hft_pcap_reader *r, int32_t code, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int32_t fail(hft_pcap_reader *r, int32_t code, uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err_reason, sizeof r->err_reason, fmt, ap);
    va_end(ap);
    r->err = code;
    r->err_offset = offset;
    return code;
}

/* Appends an interface; the only allocation, once per IDB (or at open). */
static hft_pcap_iface *add_iface(hft_pcap_reader *r, uint64_t offset)
{
    if (r->n_ifaces == NG_MAX_IFACES) {
        fail(r, -HFT_EBADFORMAT, offset, "interface block at offset %llu: more than %u interfaces",
             (ull)offset, NG_MAX_IFACES);
        return NULL;
    }
    if (r->n_ifaces == r->cap_ifaces) {
        uint32_t cap = r->cap_ifaces ? r->cap_ifaces * 2 : 4;
        hft_pcap_iface *n = realloc(r->ifaces, cap * sizeof *n);
        if (!n) {
            fail(r, -ENOMEM, offset, "out of memory for interface %u", r->n_ifaces);
            return NULL;
        }
        r->ifaces = n;
        r->cap_ifaces = cap;
    }
    hft_pcap_iface *i = &r->ifaces[r->n_ifaces++];
    memset(i, 0, sizeof *i);
    i->ts_mul = 1000; /* pcapng's default resolution is 1 us */
    i->ts_div = 1;
    return i;
}

/* if_tsresol: bit 7 clear = 10^-n s, set = 2^-n s. */
static bool set_tsresol(hft_pcap_iface *i, uint8_t v)
{
    uint32_t n = v & 0x7f;
    i->ts_shift = 0;
    i->ts_mul = 1;
    i->ts_div = 1;
    if (v & 0x80) {
        if (n > 63)
            return false;
        if (n == 0)
            i->ts_mul = NS_PER_S;
        else
            i->ts_shift = (uint8_t)n;
        return true;
    }
    if (n > 19) /* 10^19 is the last power of ten that fits 64 bits */
        return false;
    for (; n < 9; n++)
        i->ts_mul *= 10;
    for (; n > 9; n--)
        i->ts_div *= 10;
    return true;
}

static uint64_t ts_to_ns(const hft_pcap_iface *i, uint64_t units)
{
    /* 128 bits: units * 1e9 overflows 64 for any real binary clock, and a
     * corrupt timestamp must saturate, not wrap into a plausible one. */
    unsigned __int128 ns;
    if (i->ts_shift)
        ns = ((unsigned __int128)units * NS_PER_S) >> i->ts_shift;
    else
        ns = (unsigned __int128)units * i->ts_mul / i->ts_div;
    __int128 with_offset = (__int128)ns + i->ts_offset_ns;
    if (with_offset < 0)
        return 0;
    return with_offset > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)with_offset;
}

/* ---- classic pcap ------------------------------------------------------- */

static int32_t open_pcap(hft_pcap_reader *r, uint32_t magic)
{
    bool ns = magic == PCAP_MAGIC_NS || magic == __builtin_bswap32(PCAP_MAGIC_NS);
    r->format = HFT_PCAP_FORMAT_PCAP;
    r->swapped = magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS;
    if (r->size < PCAP_FILE_HDR)
        return fail(r, -HFT_ETRUNCATED, 0, "file ends inside the %u-byte pcap header (%llu bytes)",
                    PCAP_FILE_HDR, (ull)r->size);
    uint16_t major = rd16(r, r->map + 4), minor = rd16(r, r->map + 6);
    if (major != 2)
        return fail(r, -HFT_EBADFORMAT, 0, "unsupported pcap version %u.%u", major, minor);
    hft_pcap_iface *i = add_iface(r, 0);
    if (!i)
        return r->err;
    i->snaplen = rd32(r, r->map + 16);
    /* The upper bits of the link type field carry FCS information. */
    i->link_type = rd32(r, r->map + 20) & 0x03FFFFFFu;
    i->ts_mul = ns ? 1 : 1000;
    r->first_link_type = i->link_type;
    r->pos = PCAP_FILE_HDR;
    return 0;
}

static int32_t next_pcap(hft_pcap_reader *r, hft_pcap_pkt *pkt)
{
    uint64_t off = r->pos, left = r->size - off;
    if (left == 0)
        return 0;
    if (left < PCAP_REC_HDR)
        return fail(r, -HFT_ETRUNCATED, off,
                    "record at offset %llu: file ends inside its %u-byte header (%llu bytes)",
                    (ull)off, PCAP_REC_HDR, (ull)left);
    const uint8_t *h = r->map + off;
    const hft_pcap_iface *i = &r->ifaces[0];
    uint32_t caplen = rd32(r, h + 8), origlen = rd32(r, h + 12);
    if (caplen > PCAP_MAX_CAPLEN && caplen > i->snaplen)
        return fail(r, -HFT_EBADFORMAT, off,
                    "record at offset %llu declares %u bytes of packet data, more than the "
                    "snaplen %u",
                    (ull)off, caplen, i->snaplen);
    if (caplen > left - PCAP_REC_HDR)
        return fail(r, -HFT_ETRUNCATED, off,
                    "record at offset %llu declares %u bytes of packet data, file ends after %llu",
                    (ull)off, caplen, (ull)(left - PCAP_REC_HDR));
    pkt->data = h + PCAP_REC_HDR;
    pkt->caplen = caplen;
    /* Some writers store origlen < caplen; the wire was at least caplen long. */
    pkt->wire_len = origlen < caplen ? caplen : origlen;
    pkt->ts_ns = (uint64_t)rd32(r, h) * NS_PER_S + (uint64_t)rd32(r, h + 4) * i->ts_mul;
    pkt->offset = off;
    pkt->iface = 0;
    pkt->link_type = i->link_type;
    r->pos = off + PCAP_REC_HDR + caplen;
    return 1;
}

/* ---- pcapng ----------------------------------------------------------- */

/* Sets the byte order from a section header's byte-order magic. */
static bool ng_set_order(hft_pcap_reader *r, const uint8_t *shb)
{
    uint32_t bom;
    memcpy(&bom, shb + 8, sizeof bom);
    if (bom != NG_BOM && bom != __builtin_bswap32(NG_BOM))
        return false;
    r->swapped = bom != NG_BOM;
    return true;
}

static int32_t ng_idb(hft_pcap_reader *r, uint64_t off, const uint8_t *body, uint32_t blen)
{
    if (blen < 8)
        return fail(r, -HFT_EBADFORMAT, off, "interface block at offset %llu is too short",
                    (ull)off);
    hft_pcap_iface *i = add_iface(r, off);
    if (!i)
        return r->err;
    i->link_type = rd16(r, body);
    i->snaplen = rd32(r, body + 4);
    /* Options: {code u16, length u16, value padded to 4 bytes}, until opt_endofopt. */
    for (uint32_t o = 8; blen - o >= 4;) {
        uint16_t code = rd16(r, body + o), olen = rd16(r, body + o + 2);
        o += 4;
        if (code == NG_OPT_END)
            break;
        if (olen > blen - o)
            return fail(r, -HFT_EBADFORMAT, off,
                        "interface block at offset %llu: option %u runs past the block", (ull)off,
                        code);
        if (code == NG_OPT_TSRESOL && olen >= 1 && !set_tsresol(i, body[o]))
            return fail(r, -HFT_EBADFORMAT, off,
                        "interface block at offset %llu: unsupported if_tsresol 0x%02x", (ull)off,
                        body[o]);
        if (code == NG_OPT_TSOFFSET && olen >= 8) {
            int64_t seconds = (int64_t)rd64(r, body + o);
            /* Beyond +-292 years the offset cannot be held in ns: corrupt. */
            if (seconds > INT64_MAX / (int64_t)NS_PER_S || seconds < INT64_MIN / (int64_t)NS_PER_S)
                return fail(r, -HFT_EBADFORMAT, off,
                            "interface block at offset %llu: if_tsoffset %lld s out of range",
                            (ull)off, (long long)seconds);
            i->ts_offset_ns = seconds * (int64_t)NS_PER_S;
        }
        o += (olen + 3u) & ~3u;
        if (o > blen)
            break; /* padding of the last option may be missing; nothing follows */
    }
    return 0;
}

/* Fills *pkt for a packet block; `has_ts` is false for SPBs. */
static int32_t ng_emit(hft_pcap_reader *r, hft_pcap_pkt *pkt, uint64_t off, uint32_t iface,
                       bool has_ts, uint64_t ts_units, const uint8_t *data, uint32_t caplen,
                       uint32_t origlen)
{
    if (iface >= r->n_ifaces)
        return fail(r, -HFT_EBADFORMAT, off,
                    "packet block at offset %llu names interface %u, %u declared in its section",
                    (ull)off, iface, r->n_ifaces);
    const hft_pcap_iface *i = &r->ifaces[iface];
    if (has_ts)
        r->last_ts_ns = ts_to_ns(i, ts_units);
    pkt->data = data;
    pkt->caplen = caplen;
    pkt->wire_len = origlen < caplen ? caplen : origlen;
    pkt->ts_ns = r->last_ts_ns;
    pkt->offset = off;
    pkt->iface = iface;
    pkt->link_type = i->link_type;
    return 1;
}

static int32_t next_pcapng(hft_pcap_reader *r, hft_pcap_pkt *pkt)
{
    for (;;) {
        uint64_t off = r->pos, left = r->size - off;
        if (left == 0)
            return 0;
        if (left < NG_MIN_BLOCK)
            return fail(r, -HFT_ETRUNCATED, off,
                        "block at offset %llu: file ends inside its header (%llu bytes)", (ull)off,
                        (ull)left);
        const uint8_t *b = r->map + off;
        uint32_t type;
        memcpy(&type, b, sizeof type);
        if (type == NG_SHB) {
            /* A new section may switch byte order: read its magic first. */
            if (!ng_set_order(r, b))
                return fail(r, -HFT_EBADFORMAT, off,
                            "section header at offset %llu has no valid byte-order magic",
                            (ull)off);
        } else if (r->swapped) {
            type = __builtin_bswap32(type);
        }
        uint32_t len = rd32(r, b + 4);
        if (len < NG_MIN_BLOCK || len % 4 != 0)
            return fail(r, -HFT_EBADFORMAT, off,
                        "block at offset %llu declares a length of %u (needs a multiple of 4, "
                        ">= 12)",
                        (ull)off, len);
        if (len > left)
            return fail(r, -HFT_ETRUNCATED, off,
                        "block at offset %llu declares %u bytes, file ends after %llu", (ull)off,
                        len, (ull)left);
        uint32_t trail = rd32(r, b + len - 4);
        if (trail != len)
            return fail(r, -HFT_EBADFORMAT, off,
                        "block at offset %llu: trailing length %u differs from leading length %u",
                        (ull)off, trail, len);
        r->pos = off + len;
        const uint8_t *body = b + 8;
        uint32_t blen = len - NG_MIN_BLOCK;
        switch (type) {
        case NG_SHB:
            if (blen < 16)
                return fail(r, -HFT_EBADFORMAT, off, "section header at offset %llu is too short",
                            (ull)off);
            if (rd16(r, body + 4) != 1)
                return fail(r, -HFT_EBADFORMAT, off,
                            "section header at offset %llu: unsupported pcapng version %u.%u",
                            (ull)off, rd16(r, body + 4), rd16(r, body + 6));
            r->n_ifaces = 0; /* interface ids are per section */
            break;
        case NG_IDB: {
            int32_t rc = ng_idb(r, off, body, blen);
            if (rc < 0)
                return rc;
            break;
        }
        case NG_EPB:
        case NG_OPB: {
            if (blen < 20)
                return fail(r, -HFT_EBADFORMAT, off, "packet block at offset %llu is too short",
                            (ull)off);
            /* OPB: 16-bit interface id + 16-bit drop count; EPB: 32-bit id. */
            uint32_t iface = type == NG_EPB ? rd32(r, body) : rd16(r, body);
            uint64_t ts = (uint64_t)rd32(r, body + 4) << 32 | rd32(r, body + 8);
            uint32_t caplen = rd32(r, body + 12), origlen = rd32(r, body + 16);
            if (caplen > blen - 20)
                return fail(r, -HFT_EBADFORMAT, off,
                            "packet block at offset %llu declares %u bytes of packet data, its "
                            "body holds %u",
                            (ull)off, caplen, blen - 20);
            return ng_emit(r, pkt, off, iface, true, ts, body + 20, caplen, origlen);
        }
        case NG_SPB: {
            if (blen < 4)
                return fail(r, -HFT_EBADFORMAT, off,
                            "simple packet block at offset %llu is too short", (ull)off);
            if (r->n_ifaces == 0)
                return fail(r, -HFT_EBADFORMAT, off,
                            "simple packet block at offset %llu before any interface block",
                            (ull)off);
            /* No caplen field: the data is what the block holds, at most
             * the wire length and the interface's snaplen. */
            uint32_t origlen = rd32(r, body), caplen = blen - 4;
            if (caplen > origlen)
                caplen = origlen;
            if (r->ifaces[0].snaplen != 0 && caplen > r->ifaces[0].snaplen)
                caplen = r->ifaces[0].snaplen;
            return ng_emit(r, pkt, off, 0, false, 0, body + 4, caplen, origlen);
        }
        default:
            break; /* NRB, ISB, DSB, custom...: nothing to replay */
        }
    }
}

/* Link type of the first IDB of the first section, without consuming
 * anything: the port reports it before the first packet is read. */
static uint32_t ng_peek_link_type(hft_pcap_reader *r)
{
    for (uint64_t off = 0; r->size - off >= NG_MIN_BLOCK;) {
        const uint8_t *b = r->map + off;
        uint32_t type = rd32(r, b), len = rd32(r, b + 4);
        if (len < NG_MIN_BLOCK || len % 4 != 0 || len > r->size - off)
            return 0; /* next() will report it */
        if (type == NG_IDB)
            return len >= 20 ? rd16(r, b + 8) : 0;
        if (type == NG_EPB || type == NG_SPB || type == NG_OPB || (type == NG_SHB && off != 0))
            return 0;
        off += len;
    }
    return 0;
}

/* ---- public --------------------------------------------------------------- */

static int32_t read_file_header(hft_pcap_reader *r)
{
    const uint8_t *m = r->map;
    if (r->size < 4)
        return fail(r, -HFT_EBADFORMAT, 0,
                    "file is %llu bytes, too short for a pcap or pcapng header", (ull)r->size);
    uint32_t magic;
    memcpy(&magic, m, sizeof magic);
    if (magic == NG_SHB) {
        r->format = HFT_PCAP_FORMAT_PCAPNG;
        if (r->size < NG_MIN_BLOCK)
            return fail(r, -HFT_ETRUNCATED, 0,
                        "file ends inside the pcapng section header (%llu bytes)", (ull)r->size);
        if (!ng_set_order(r, m))
            return fail(r, -HFT_EBADFORMAT, 0,
                        "pcapng section header has no valid byte-order magic");
        r->first_link_type = ng_peek_link_type(r);
        r->pos = 0; /* next() parses the section header itself, as it does later ones */
        return 0;
    }
    if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS ||
        magic == __builtin_bswap32(PCAP_MAGIC_US) || magic == __builtin_bswap32(PCAP_MAGIC_NS))
        return open_pcap(r, magic);
    return fail(r, -HFT_EBADFORMAT, 0,
                "not a pcap or pcapng file (starts with %02x %02x %02x %02x)", m[0], m[1], m[2],
                m[3]);
}

int32_t hft_pcap_open(hft_pcap_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return fail(r, -e, 0, "cannot open %s: %s", path, strerror(e));
    }
    struct stat st;
    int32_t rc = 0;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        rc = fail(r, -e, 0, "cannot stat %s: %s", path, strerror(e));
    } else if (S_ISDIR(st.st_mode)) {
        rc = fail(r, -EISDIR, 0, "%s is a directory, not a capture file", path);
    } else if (!S_ISREG(st.st_mode)) {
        /* Pipes and devices cannot be mapped (or replayed twice). */
        rc = fail(r, -EINVAL, 0, "%s is not a regular file", path);
    } else if (st.st_size == 0) {
        rc = fail(r, -HFT_EBADFORMAT, 0, "%s is empty", path);
    } else if ((uint64_t)st.st_size > SIZE_MAX) {
        rc = fail(r, -EFBIG, 0, "%s is too large to map", path);
    } else {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            int e = errno;
            rc = fail(r, -e, 0, "cannot map %s: %s", path, strerror(e));
        } else {
            r->map = m;
            r->size = (uint64_t)st.st_size;
            /* A hint only (read-ahead, early reclaim): failure changes nothing. */
            (void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
        }
    }
    close(fd); /* the mapping keeps the file alive */
    if (rc == 0)
        rc = read_file_header(r);
    if (rc < 0)
        hft_pcap_close(r); /* keeps the error for hft_pcap_error */
    return rc;
}

int32_t hft_pcap_next(hft_pcap_reader *r, hft_pcap_pkt *pkt)
{
    if (r->err)
        return r->err;
    if (!r->map)
        return -EBADF;
    return r->format == HFT_PCAP_FORMAT_PCAP ? next_pcap(r, pkt) : next_pcapng(r, pkt);
}

void hft_pcap_rewind(hft_pcap_reader *r)
{
    if (!r->map)
        return;
    /* Classic: interface 0 and the byte order come from the file header and
     * stay. pcapng: the section header at 0 resets both when read again. */
    r->pos = r->format == HFT_PCAP_FORMAT_PCAP ? PCAP_FILE_HDR : 0;
    r->last_ts_ns = 0;
    r->err = 0;
    r->err_offset = 0;
    r->err_reason[0] = '\0';
}

void hft_pcap_close(hft_pcap_reader *r)
{
    if (r->map)
        munmap((void *)r->map, (size_t)r->size);
    free(r->ifaces);
    r->map = NULL;
    r->ifaces = NULL;
    r->n_ifaces = 0;
    r->cap_ifaces = 0;
}

uint64_t hft_pcap_file_size(const hft_pcap_reader *r)
{
    return r->size;
}

uint64_t hft_pcap_position(const hft_pcap_reader *r)
{
    return r->pos;
}

uint32_t hft_pcap_format(const hft_pcap_reader *r)
{
    return r->format;
}

uint32_t hft_pcap_link_type(const hft_pcap_reader *r)
{
    return r->first_link_type;
}

const char *hft_pcap_error(const hft_pcap_reader *r, uint64_t *offset)
{
    if (offset)
        *offset = r->err_offset;
    return r->err_reason;
}
