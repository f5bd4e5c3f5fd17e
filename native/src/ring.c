/* ring.c - creation of the SPSC descriptor ring (layout in hftshim.h). */
#include "port_pvt.h"

#include <errno.h>
#include <stddef.h>

_Static_assert(sizeof(hft_desc) == 32, "two descriptors per cache line");
_Static_assert(offsetof(hft_ring, prod_head) == 2 * HFT_CACHE_LINE, "producer line");
_Static_assert(offsetof(hft_ring, cons_tail) == 4 * HFT_CACHE_LINE, "consumer line");
_Static_assert(sizeof(hft_ring) == HFT_RING_DESC_OFFSET, "descriptors follow the header");

hft_ring *hft_ring_create(uint32_t capacity, uint32_t port, uint32_t queue, bool allow_hugepages,
                          char *note)
{
    if (capacity == 0 || capacity > HFT_MAX_RING_CAPACITY || (capacity & (capacity - 1)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    bool huge;
    size_t mapped;
    size_t bytes = HFT_RING_DESC_OFFSET + (size_t)capacity * sizeof(hft_desc);
    hft_ring *ring = hft_shm_alloc(bytes, allow_hugepages, &huge, &mapped, note);
    if (!ring)
        return NULL;
    /* The mapping is zeroed: indices start at 0, done = 0. */
    ring->magic = HFT_RING_MAGIC;
    ring->version = HFT_RING_VERSION;
    ring->desc_size = sizeof(hft_desc);
    ring->capacity = capacity;
    ring->mask = capacity - 1;
    ring->flags = huge ? HFT_RING_F_HUGEPAGES : 0;
    ring->port = port;
    ring->queue = queue;
    ring->mapped_bytes = mapped;
    return ring;
}

void hft_ring_destroy(hft_ring *ring)
{
    if (ring)
        hft_shm_free(ring, ring->mapped_bytes);
}
