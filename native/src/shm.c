/* shm.c - shared memory for rings and frame arenas: 2 MiB hugepages when
 * the machine has free ones, normal pages (with the reason) otherwise. */
#include "port_pvt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define HFT_HUGEPAGE_SIZE (2u * 1024u * 1024u)
#define HFT_PAGE_SIZE 4096u

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

void *hft_shm_alloc(size_t bytes, bool allow_hugepages, bool *hugepages, size_t *mapped, char *note)
{
    *hugepages = false;
    if (allow_hugepages) {
        size_t len = round_up(bytes, HFT_HUGEPAGE_SIZE);
        /* MAP_POPULATE faults every page in now, so the first frames do not
         * pay for page faults and a shortage shows up here, not as SIGBUS. */
        void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB | MAP_POPULATE, -1, 0);
        if (p != MAP_FAILED) {
            *hugepages = true;
            *mapped = len;
            if (note)
                note[0] = '\0';
            return p;
        }
        if (note)
            snprintf(note, HFT_ERROR_REASON_LEN,
                     "no free 2 MiB hugepages for %zu bytes (%s); enable with: "
                     "echo 512 > /proc/sys/vm/nr_hugepages",
                     len, strerror(errno));
    } else if (note) {
        snprintf(note, HFT_ERROR_REASON_LEN, "hugepages disabled by the port options");
    }
    size_t len = round_up(bytes, HFT_PAGE_SIZE);
    void *p =
        mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    *mapped = len;
    return p;
}

void hft_shm_free(void *addr, size_t mapped)
{
    if (addr)
        munmap(addr, mapped);
}
