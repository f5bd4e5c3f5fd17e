/*
 * tsc_clock.h - TSC readings to CLOCK_REALTIME ns, for a poll thread that
 * stamps each rx burst with one TSC read (the DPDK backend).
 *
 * Why the rate is measured here and not taken from rte_get_tsc_hz(): without
 * CPUID leaf 0x15 (AMD, most VMs) DPDK times the TSC over 100 ms and rounds
 * the result to 10 MHz. On this project's VM it reports 2.000 GHz for a TSC
 * the kernel calibrated at 1996.250 MHz ("tsc: Detected 1996.250 MHz" in
 * dmesg), so rx times fell 1.9 ms behind the wall clock for every second a
 * port was open: 19 minutes after a week.
 *
 * So a clock measures its rate against CLOCK_MONOTONIC from its first sample
 * on (the baseline grows, the rate gets finer: two samples ~20 ns wide over
 * one second pin it to a few hundredths of a ppm), and takes its
 * (TSC, CLOCK_REALTIME) reference again every second. Between two references
 * a time is off by at most the rate's error over that second; the wall
 * clock's own corrections (NTP) reach the rx times within a second, as they
 * would reach a CLOCK_REALTIME read per burst.
 *
 * Threading: a clock belongs to one thread (each DPDK queue has its own).
 */
#ifndef HFT_TSC_CLOCK_H
#define HFT_TSC_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* One moment read on the three clocks. */
typedef struct hft_tsc_sample {
    uint64_t tsc;     /* hft_ticks() */
    uint64_t mono_ns; /* CLOCK_MONOTONIC */
    uint64_t real_ns; /* CLOCK_REALTIME */
} hft_tsc_sample;

typedef struct hft_tsc_clock {
    uint64_t hz;            /* TSC ticks per second, as measured */
    uint64_t ref_tsc;       /* ns = ref_ns + (tsc - ref_tsc) * 1e9 / hz */
    uint64_t ref_ns;
    uint64_t refresh_ticks; /* a new reference once this many ticks passed (one second) */
    hft_tsc_sample base;    /* the first sample: rates are measured from it */
} hft_tsc_clock;

/* The three clocks read together: the narrowest of a few tries, its TSC at
 * the middle of the two clock reads. */
hft_tsc_sample hft_tsc_sample_now(void);

/* Starts a clock from two samples taken some milliseconds apart. False, and
 * the clock untouched, if they do not advance on both the TSC and the
 * monotonic clock. */
bool hft_tsc_clock_start(hft_tsc_clock *c, hft_tsc_sample first, hft_tsc_sample second);

/* Measures the rate again from the first sample to `now` and makes `now` the
 * reference. */
void hft_tsc_clock_refresh(hft_tsc_clock *c, hft_tsc_sample now);

/* A TSC reading in ns since the Unix epoch (the DPDK backend converts NIC
 * clock stamps with it too). Signed: a reading may predate the reference.
 * 128 bits: the product overflows 64 after ~18 s at 1 GHz. */
static inline uint64_t hft_tsc_clock_ns(const hft_tsc_clock *c, uint64_t tsc)
{
    __int128 d = (__int128)(int64_t)(tsc - c->ref_tsc) * 1000000000;
    return c->ref_ns + (uint64_t)(int64_t)(d / (__int128)c->hz);
}

/* The per-burst form: `tsc` read now, the reference renewed first once it is
 * a second old (one sample, a few hundred ns, once a second). */
static inline uint64_t hft_tsc_clock_now_ns(hft_tsc_clock *c, uint64_t tsc)
{
    if (tsc - c->ref_tsc >= c->refresh_ticks)
        hft_tsc_clock_refresh(c, hft_tsc_sample_now());
    return hft_tsc_clock_ns(c, tsc);
}

#endif
