/*
 * test_tsc_clock.c - the DPDK backend's rx-time clock (src/tsc_clock.h) on
 * made-up clocks: a TSC at this VM's 1996.250 MHz, read with up to 20 ticks
 * of jitter, a wall clock that is stepped once. Over a simulated week of
 * bursts every 100 ms, each converted time must stay within 1 us of the wall
 * clock once the clock has taken its first one-second reference (5 us
 * before), and follow the step within a second. A clock that kept DPDK's
 * rounded 2.000 GHz would be 1.9 ms off after one second; one that never
 * renewed its reference would drift by its 20 ms calibration's error.
 * Then the real clocks: a sample reads all three together.
 */
#include "check.h"
#include "hftshim.h"
#include "tsc_clock.h"

#include <stdint.h>
#include <time.h>

#define NS_PER_S 1000000000ull
#define TRUE_HZ 1996250000ull
#define BURST_NS 100000000ull /* a burst every 100 ms */
#define WEEK_NS (7ull * 24 * 3600 * NS_PER_S)
#define STEP_AT_NS (3ull * 24 * 3600 * NS_PER_S)
#define STEP_NS 500000000ull /* the wall clock set 0.5 s ahead */

static uint64_t rng = 88172645463325252ull;
static int64_t jitter(void) /* -20..20 ticks */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int64_t)(rng % 41) - 20;
}

/* The made-up clocks at `mono` ns after boot. */
static uint64_t tsc_at(uint64_t mono) { return 1000000 + (uint64_t)((unsigned __int128)mono * TRUE_HZ / NS_PER_S); }
static uint64_t real_at(uint64_t mono)
{
    return 1700000000ull * NS_PER_S + mono + (mono >= STEP_AT_NS ? STEP_NS : 0);
}
static hft_tsc_sample sample_at(uint64_t mono)
{
    return (hft_tsc_sample){.tsc = tsc_at(mono) + (uint64_t)jitter(), .mono_ns = mono, .real_ns = real_at(mono)};
}
static uint64_t diff(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

static void test_a_week_of_bursts_stays_on_the_wall_clock(void)
{
    hft_tsc_clock c;
    CHECK(hft_tsc_clock_start(&c, sample_at(0), sample_at(20000000)), "start");
    CHECK(diff(c.hz, TRUE_HZ) < TRUE_HZ / 100000, "rate from 20 ms: %llu", (unsigned long long)c.hz);
    uint64_t worst_first = 0, worst = 0, worst_near_step = 0, refreshes = 0;
    for (uint64_t mono = 20000000 + BURST_NS; mono < WEEK_NS; mono += BURST_NS) {
        uint64_t tsc = tsc_at(mono);
        /* What hft_tsc_clock_now_ns does, with the made-up clocks' sample. */
        if (tsc - c.ref_tsc >= c.refresh_ticks) {
            hft_tsc_clock_refresh(&c, sample_at(mono));
            refreshes++;
        }
        uint64_t off = diff(hft_tsc_clock_ns(&c, tsc), real_at(mono));
        if (refreshes == 0)
            worst_first = off > worst_first ? off : worst_first;
        else if (mono >= STEP_AT_NS && mono < STEP_AT_NS + NS_PER_S + BURST_NS)
            worst_near_step = off > worst_near_step ? off : worst_near_step;
        else
            worst = off > worst ? off : worst;
    }
    CHECK(worst_first < 5000, "first second: off by %llu ns", (unsigned long long)worst_first);
    CHECK(worst < 1000, "off by %llu ns", (unsigned long long)worst);
    CHECK(worst_near_step < STEP_NS + 1000, "around the step: off by %llu ns", (unsigned long long)worst_near_step);
    uint64_t seconds = WEEK_NS / NS_PER_S;
    CHECK(refreshes > seconds * 9 / 10 && refreshes <= seconds, "%llu references in %llu s",
          (unsigned long long)refreshes, (unsigned long long)seconds);
    CHECK(diff(c.hz, TRUE_HZ) <= 1, "rate after a week: %llu", (unsigned long long)c.hz);
}

static void test_refuses_samples_that_do_not_advance(void)
{
    hft_tsc_clock c = {.hz = 7};
    hft_tsc_sample s = sample_at(NS_PER_S);
    CHECK(!hft_tsc_clock_start(&c, s, s) && c.hz == 7, "the same sample twice");
    hft_tsc_sample later = s;
    later.mono_ns += NS_PER_S;
    CHECK(!hft_tsc_clock_start(&c, s, later) && c.hz == 7, "a TSC that stood still");
    /* A refresh that cannot measure keeps the rate but takes the reference. */
    CHECK(hft_tsc_clock_start(&c, sample_at(0), sample_at(NS_PER_S)), "start");
    uint64_t hz = c.hz;
    hft_tsc_sample stuck = c.base;
    stuck.real_ns += 123;
    hft_tsc_clock_refresh(&c, stuck);
    CHECK(c.hz == hz && c.ref_ns == stuck.real_ns, "hz %llu ref %llu", (unsigned long long)c.hz,
          (unsigned long long)c.ref_ns);
}

static uint64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* The real clocks, read together: the sample's times lie between reads taken
 * just before and after it, and a clock started over 20 ms converts a TSC
 * read between two wall-clock reads to a time between them (within 50 us:
 * the rate's error over a few ms, plus the sample's width). */
static void test_real_samples_read_the_clocks_together(void)
{
    uint64_t mono0 = now_ns(CLOCK_MONOTONIC), real0 = now_ns(CLOCK_REALTIME);
    hft_tsc_sample first = hft_tsc_sample_now();
    uint64_t mono1 = now_ns(CLOCK_MONOTONIC), real1 = now_ns(CLOCK_REALTIME);
    CHECK(first.mono_ns >= mono0 && first.mono_ns <= mono1, "mono %llu not in [%llu, %llu]",
          (unsigned long long)first.mono_ns, (unsigned long long)mono0, (unsigned long long)mono1);
    CHECK(first.real_ns >= real0 && first.real_ns <= real1, "real %llu not in [%llu, %llu]",
          (unsigned long long)first.real_ns, (unsigned long long)real0, (unsigned long long)real1);
    struct timespec pause = {0, 20000000};
    nanosleep(&pause, NULL);
    hft_tsc_clock c;
    CHECK(hft_tsc_clock_start(&c, first, hft_tsc_sample_now()), "start on the real clocks");
    nanosleep(&pause, NULL);
    uint64_t before = now_ns(CLOCK_REALTIME);
    uint64_t ns = hft_tsc_clock_ns(&c, hft_ticks());
    uint64_t after = now_ns(CLOCK_REALTIME);
    CHECK(ns + 50000 >= before && ns <= after + 50000, "%llu not in [%llu, %llu]",
          (unsigned long long)ns, (unsigned long long)before, (unsigned long long)after);
}

int main(void)
{
    test_a_week_of_bursts_stays_on_the_wall_clock();
    test_refuses_samples_that_do_not_advance();
    test_real_samples_read_the_clocks_together();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
