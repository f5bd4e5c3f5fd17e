#!/usr/bin/env python3
"""Wrap a NASDAQ TotalView-ITCH 5.0 BinaryFILE in MoldUDP64/UDP/IPv4/Ethernet
frames and write them as a classic nanosecond pcap.

Usage:
    python3 tests/data/make_itch50_capture.py INPUT.NASDAQ_ITCH50 OUTPUT.pcap

Input framing (BinaryFILE): [u16 big-endian length][ITCH 5.0 message], repeated,
with nothing else in the file.

Output: one Ethernet frame per MoldUDP64 downstream packet, in order, followed by
one heartbeat and one end-of-session packet. Standard library only; the output is
byte-for-byte deterministic (no wall-clock time, no randomness).

MoldUDP64 downstream packet layout (NASDAQ, "MoldUDP64 Protocol Specification",
https://www.nasdaqtrader.com/content/technicalsupport/specifications/dataproducts/moldudp64.pdf):
    offset 0   Session          10 bytes  alphanumeric
    offset 10  Sequence Number   8 bytes  big-endian; sequence of the first message
                                          (heartbeat/end-of-session: next expected)
    offset 18  Message Count     2 bytes  big-endian; 0 = heartbeat,
                                          0xFFFF = end of session
    then Message Count message blocks: [u16 big-endian length][message bytes]

Everything outside the ITCH messages is invented for this capture: the session
name, MAC/IP addresses, UDP ports, IP identification values and the packing.
"""

import calendar
import struct
import sys

# --- Invented transport parameters -------------------------------------------
SESSION = b"HFTSIM01".ljust(10, b" ")  # invented, right-padded to 10 bytes
SRC_MAC = bytes.fromhex("020000000001")  # locally administered unicast
SRC_IP = (10, 1, 1, 1)
DST_IP = (233, 54, 12, 111)  # IPv4 multicast group
SRC_PORT = 18000
DST_PORT = 26477
TTL = 32
MAX_UDP_PAYLOAD = 1400  # bytes of MoldUDP64 per datagram, at most

MOLD_HEADER_LEN = 20
HEARTBEAT_COUNT = 0
END_OF_SESSION_COUNT = 0xFFFF

# --- Time --------------------------------------------------------------------
# The sample day is 2019-12-30 (NASDAQ file 12302019). ITCH timestamps are
# nanoseconds since midnight US Eastern time; on that date New York is on EST
# (UTC-5; DST ended 2019-11-03), so local midnight is 05:00:00 UTC.
MIDNIGHT_UTC_NS = calendar.timegm((2019, 12, 30, 5, 0, 0, 0, 0, 0)) * 1_000_000_000
PACKET_AFTER_LAST_MESSAGE_NS = 1_000  # 1 us after the packet's last message
CONTROL_PACKET_GAP_NS = 1_000_000  # heartbeat / end-of-session: 1 ms apart

# --- pcap --------------------------------------------------------------------
PCAP_MAGIC_NS = 0xA1B23C4D  # classic pcap, nanosecond timestamps
LINKTYPE_ETHERNET = 1
SNAPLEN = 65535
MIN_FRAME_LEN = 60  # Ethernet minimum without FCS


def read_binaryfile(path):
    """Return the list of ITCH messages in a BinaryFILE, checking it is consumed exactly."""
    with open(path, "rb") as f:
        data = f.read()
    messages = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError(f"{path}: truncated length prefix at offset {pos}")
        (length,) = struct.unpack_from(">H", data, pos)
        pos += 2
        if length == 0 or pos + length > len(data):
            raise ValueError(f"{path}: bad message length {length} at offset {pos - 2}")
        messages.append(data[pos:pos + length])
        pos += length
    return messages


def itch_timestamp_ns(message):
    """ITCH 5.0 timestamp: 6-byte big-endian ns since midnight at offset 5."""
    if len(message) < 11:
        raise ValueError(f"ITCH message too short for a timestamp ({len(message)} bytes)")
    return int.from_bytes(message[5:11], "big")


def multicast_mac(ip):
    """RFC 1112 mapping: 01:00:5e + low 23 bits of the group address."""
    return bytes((0x01, 0x00, 0x5E, ip[1] & 0x7F, ip[2], ip[3]))


def ipv4_checksum(header):
    total = 0
    for i in range(0, len(header), 2):
        total += (header[i] << 8) | header[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def build_frame(udp_payload, ip_id):
    udp_len = 8 + len(udp_payload)
    udp = struct.pack(">HHHH", SRC_PORT, DST_PORT, udp_len, 0) + udp_payload  # checksum 0: none
    ip_total = 20 + udp_len
    ip_header = bytearray(struct.pack(
        ">BBHHHBBH4s4s",
        0x45,            # version 4, IHL 5
        0,               # DSCP/ECN
        ip_total,        # total length (excludes any Ethernet padding)
        ip_id,
        0,               # flags/fragment offset: DF not set, not fragmented
        TTL,
        17,              # UDP
        0,               # checksum placeholder
        bytes(SRC_IP),
        bytes(DST_IP),
    ))
    struct.pack_into(">H", ip_header, 10, ipv4_checksum(ip_header))
    eth = multicast_mac(DST_IP) + SRC_MAC + struct.pack(">H", 0x0800)
    frame = eth + bytes(ip_header) + udp
    if len(frame) < MIN_FRAME_LEN:
        frame += bytes(MIN_FRAME_LEN - len(frame))  # Ethernet trailer padding
    return frame


def mold_packet(sequence, count, messages):
    body = b"".join(struct.pack(">H", len(m)) + m for m in messages)
    return SESSION + struct.pack(">QH", sequence, count) + body


def pack_messages(messages):
    """Greedy packing: add messages until the next would push the UDP payload past the limit."""
    packets = []  # (first_sequence, [messages])
    current = []
    size = MOLD_HEADER_LEN
    next_seq = 1
    first_seq = 1
    for m in messages:
        block = 2 + len(m)
        if MOLD_HEADER_LEN + block > MAX_UDP_PAYLOAD:
            raise ValueError(f"message of {len(m)} bytes cannot fit in one packet")
        if current and size + block > MAX_UDP_PAYLOAD:
            packets.append((first_seq, current))
            current, size, first_seq = [], MOLD_HEADER_LEN, next_seq
        current.append(m)
        size += block
        next_seq += 1
    if current:
        packets.append((first_seq, current))
    return packets, next_seq


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(f"usage: {argv[0]} INPUT.NASDAQ_ITCH50 OUTPUT.pcap\n")
        return 2
    messages = read_binaryfile(argv[1])
    if not messages:
        raise ValueError("input holds no messages")
    packets, next_seq = pack_messages(messages)

    records = []  # (timestamp_ns, frame)
    ip_id = 0
    last_ts = None
    for first_seq, msgs in packets:
        ts = MIDNIGHT_UTC_NS + itch_timestamp_ns(msgs[-1]) + PACKET_AFTER_LAST_MESSAGE_NS
        if last_ts is not None and ts < last_ts:
            raise ValueError("ITCH timestamps go backwards between packets")
        ip_id = (ip_id + 1) & 0xFFFF
        records.append((ts, build_frame(mold_packet(first_seq, len(msgs), msgs), ip_id)))
        last_ts = ts
    for count in (HEARTBEAT_COUNT, END_OF_SESSION_COUNT):
        last_ts += CONTROL_PACKET_GAP_NS
        ip_id = (ip_id + 1) & 0xFFFF
        records.append((last_ts, build_frame(mold_packet(next_seq, count, []), ip_id)))

    out = bytearray(struct.pack("<IHHiIII", PCAP_MAGIC_NS, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
    for ts, frame in records:
        sec, nsec = divmod(ts, 1_000_000_000)
        out += struct.pack("<IIII", sec, nsec, len(frame), len(frame))
        out += frame
    with open(argv[2], "wb") as f:
        f.write(out)

    print(f"wrote {argv[2]}: {len(records)} packets "
          f"({len(packets)} data, 1 heartbeat, 1 end-of-session), "
          f"{len(messages)} messages (sequence 1..{next_seq - 1}), {len(out)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
