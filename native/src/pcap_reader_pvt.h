/*
 * pcap_reader_pvt.h - a zero-copy reader of classic pcap and pcapng files.
 *
 * The whole file is mapped read-only; every packet handed out points into
 * that mapping and stays valid until hft_pcap_close. No threads, no ring, no
 * allocation per packet (only when a pcapng file declares more interfaces
 * than seen so far). Not thread-safe: one reader per thread.
 *
 * Errors are negative: -errno for system errors, -HFT_EBADFORMAT for a file
 * that is not pcap/pcapng or holds a corrupt record, -HFT_ETRUNCATED for a
 * file that ends inside a record. Every error comes with a one-line reason
 * and the file offset of the bad record (hft_pcap_error).
 */
#ifndef HFT_PCAP_READER_PVT_H
#define HFT_PCAP_READER_PVT_H

#include "port_pvt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HFT_PCAP_FORMAT_PCAP 1   /* classic libpcap file */
#define HFT_PCAP_FORMAT_PCAPNG 2 /* pcapng */

/* Link type of a captured packet's interface (DLT_/LINKTYPE_ values). */
#define HFT_LINKTYPE_ETHERNET 1

/* One packet: a view into the mapping, valid until hft_pcap_close. */
typedef struct hft_pcap_pkt {
    const uint8_t *data; /* first captured byte */
    uint32_t caplen;     /* bytes readable at data */
    uint32_t wire_len;   /* length on the wire (>= caplen) */
    uint64_t ts_ns;      /* capture time, ns since the Unix epoch */
    uint64_t offset;     /* file offset of the record (pcapng: of its block) */
    uint32_t iface;      /* pcapng interface id; 0 for classic pcap */
    uint32_t link_type;  /* link type of that interface */
} hft_pcap_pkt;

/* How one interface turns raw timestamps into ns (see ts_to_ns in the .c). */
typedef struct hft_pcap_iface {
    uint32_t link_type;
    uint32_t snaplen; /* 0 = no limit */
    uint8_t ts_shift; /* != 0: units are 2^-ts_shift s */
    uint64_t ts_mul;  /* else: ns = units * ts_mul / ts_div */
    uint64_t ts_div;
    int64_t ts_offset_ns; /* if_tsoffset, in ns */
} hft_pcap_iface;

/* Reader state. The caller owns the struct (stack or heap); fields are
 * private to pcap_reader.c, use the functions below. */
typedef struct hft_pcap_reader {
    const uint8_t *map;
    uint64_t size;
    uint64_t pos;        /* offset of the next record */
    uint32_t format;     /* HFT_PCAP_FORMAT_* */
    bool swapped;        /* current section/file is in the other byte order */
    uint64_t last_ts_ns; /* given to packets without a timestamp (pcapng SPB) */
    hft_pcap_iface *ifaces;
    uint32_t n_ifaces;
    uint32_t cap_ifaces;
    uint32_t first_link_type;
    int32_t err; /* sticky: once set, next() returns it */
    uint64_t err_offset;
    char err_reason[HFT_ERROR_REASON_LEN];
} hft_pcap_reader;

/* Maps `path` and checks its file header. On failure the reader holds no
 * resources and hft_pcap_error explains why. Returns 0 or a negative code. */
int32_t hft_pcap_open(hft_pcap_reader *r, const char *path);

/* Reads the next packet into *pkt. Returns 1 (a packet), 0 (clean end of
 * file) or a negative code; after an error every call returns that error. */
int32_t hft_pcap_next(hft_pcap_reader *r, hft_pcap_pkt *pkt);

/* Goes back to the first record and forgets any error (replay loops). */
void hft_pcap_rewind(hft_pcap_reader *r);

/* Unmaps the file; packets handed out become invalid. Safe on a reader
 * whose open failed, and idempotent. */
void hft_pcap_close(hft_pcap_reader *r);

/* File size in bytes (progress total). */
uint64_t hft_pcap_file_size(const hft_pcap_reader *r);

/* Bytes consumed so far: the offset of the next record (progress done). */
uint64_t hft_pcap_position(const hft_pcap_reader *r);

/* HFT_PCAP_FORMAT_* of the open file. */
uint32_t hft_pcap_format(const hft_pcap_reader *r);

/* Link type of the first interface (classic: the file's), 0 if none. */
uint32_t hft_pcap_link_type(const hft_pcap_reader *r);

/* The last error: returns its reason (one line, "" if none) and, when
 * `offset` is not NULL, stores the file offset of the bad record. */
const char *hft_pcap_error(const hft_pcap_reader *r, uint64_t *offset);

#endif /* HFT_PCAP_READER_PVT_H */
