/* check.h - the assertion style of the native tests: count, report, go on.
 * Each test program ends with printf("%d passed, %d failed\n", ...), the
 * closing line CI reads, and exits non-zero when anything failed. */
#ifndef HFT_TESTS_CHECK_H
#define HFT_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

/* CHECK(condition, printf-style explanation printed when it is false) */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#endif /* HFT_TESTS_CHECK_H */
