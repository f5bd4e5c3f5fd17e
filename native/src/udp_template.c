/* udp_template.c - see udp_template_pvt.h. */
#include "udp_template_pvt.h"

#include <string.h>

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void hft_udp_frame_template(uint8_t *f, uint32_t len)
{
    static const uint8_t dst_mac[6] = {0x01, 0x00, 0x5e, 0x01, 0x01, 0x01}; /* 239.1.1.1 */
    static const uint8_t src_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    static const uint8_t addrs[8] = {10, 0, 0, 1, 239, 1, 1, 1};
    memset(f, 0, len);
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    put_be16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    put_be16(ip + 2, (uint16_t)(len - 14));
    ip[8] = 64; /* TTL */
    ip[9] = 17; /* UDP */
    memcpy(ip + 12, addrs, sizeof addrs);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    put_be16(ip + 10, (uint16_t)~sum);
    uint8_t *udp = ip + 20;
    put_be16(udp, 30000);
    put_be16(udp + 2, 30001);
    put_be16(udp + 4, (uint16_t)(len - 34));
}
