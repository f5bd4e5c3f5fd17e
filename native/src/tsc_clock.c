/*
 * tsc_clock.c - a measured TSC rate and a reference renewed every second;
 * see tsc_clock.h for why.
 */
#include "tsc_clock.h"

#include "port_pvt.h"

#define NS_PER_S 1000000000ull
#define SAMPLE_TRIES 5

hft_tsc_sample hft_tsc_sample_now(void)
{
    hft_tsc_sample best = {0};
    uint64_t narrowest = UINT64_MAX;
    for (int i = 0; i < SAMPLE_TRIES; i++) {
        uint64_t t0 = hft_ticks();
        uint64_t mono = hft_now_mono_ns();
        uint64_t real = hft_now_real_ns();
        uint64_t t1 = hft_ticks();
        /* A try interrupted between its reads is wide; the narrowest is the
         * closest the three clocks were read together. */
        if (t1 - t0 < narrowest) {
            narrowest = t1 - t0;
            best = (hft_tsc_sample){.tsc = t0 + (t1 - t0) / 2, .mono_ns = mono, .real_ns = real};
        }
    }
    return best;
}

/* Ticks per second from `from` to `to`; 0 if either clock did not advance. */
static uint64_t rate(hft_tsc_sample from, hft_tsc_sample to)
{
    if (to.tsc <= from.tsc || to.mono_ns <= from.mono_ns)
        return 0;
    return (uint64_t)((unsigned __int128)(to.tsc - from.tsc) * NS_PER_S / (to.mono_ns - from.mono_ns));
}

bool hft_tsc_clock_start(hft_tsc_clock *c, hft_tsc_sample first, hft_tsc_sample second)
{
    uint64_t hz = rate(first, second);
    if (hz == 0)
        return false;
    *c = (hft_tsc_clock){.hz = hz, .ref_tsc = second.tsc, .ref_ns = second.real_ns,
                         .refresh_ticks = hz, .base = first};
    return true;
}

void hft_tsc_clock_refresh(hft_tsc_clock *c, hft_tsc_sample now)
{
    uint64_t hz = rate(c->base, now);
    if (hz != 0) {
        c->hz = hz;
        c->refresh_ticks = hz;
    }
    c->ref_tsc = now.tsc;
    c->ref_ns = now.real_ns;
}
