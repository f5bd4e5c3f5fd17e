#!/usr/bin/env bash
# The main job on its built-in default: set up, then replay the bundled capture
# (1,000 real NASDAQ ITCH 5.0 messages in MoldUDP64 over UDP; tests/data/README.md)
# through the host and the first-party plugins (MoldUdp64 -> Itch50 -> OrderBook,
# built into artifacts/plugins by setup.sh): the report shows the frames, each
# plugin, the MoldUDP64 session's figures and the ITCH messages per type.
# Needs no root once the Debian packages are installed.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./hfthost replay tests/data/nasdaq-itch50-moldudp64.pcap --plugins artifacts/plugins --no-watch "$@"
