#!/usr/bin/env bash
# The main job on its built-in default: set up, then replay the bundled capture
# (1,000 real NASDAQ ITCH 5.0 messages in MoldUDP64 over UDP; tests/data/README.md)
# through the host. Needs no root once the Debian packages are installed.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./hfthost replay tests/data/nasdaq-itch50-moldudp64.pcap "$@"
