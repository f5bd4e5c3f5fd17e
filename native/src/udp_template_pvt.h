/* udp_template_pvt.h - the synthetic frame shared by the gen backend and the
 * benchmark tools, so both sides of a comparison carry identical frames. */
#ifndef HFT_UDP_TEMPLATE_PVT_H
#define HFT_UDP_TEMPLATE_PVT_H

#include <stdint.h>

/* Ethernet + IPv4 + UDP headers, 10.0.0.1:30000 -> 239.1.1.1:30001. */
#define HFT_UDP_PAYLOAD_OFFSET 42u

/* Writes a `len`-byte frame (len >= HFT_UDP_PAYLOAD_OFFSET + 8, <= 9216):
 * headers with valid lengths and IPv4 checksum, zero payload. The payload's
 * first 8 bytes are where the producers put a little-endian u64 sequence. */
void hft_udp_frame_template(uint8_t *frame, uint32_t len);

#endif /* HFT_UDP_TEMPLATE_PVT_H */
