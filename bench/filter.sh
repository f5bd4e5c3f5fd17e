#!/usr/bin/env bash
# What the PacketFilter plugin costs per frame with 1, 100 and 10,000 rules that all miss the
# traffic except the last (a catch-all): through its flow cache on market-data traffic
# (cached), with the cache off (uncached: every frame classified by the decision trees), and
# with every frame a new flow (miss). Ratios are against the 1-rule case of the same way,
# measured in the same process; the frame parse, timed alone in each round, is subtracted.
#
#   bench/filter.sh [ROUNDS] [FRAMES_PER_ROUND]     (defaults 15 400000: about 20 seconds with the build check)
#
# Writes bench/results/filter.json and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
frames=${2:-400000}
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi
dotnet build bench/HftHost.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null

exe=artifacts/bin/HftHost.Benchmarks/release/HftHost.Benchmarks
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$exe" filter --rounds "$rounds" --frames "$frames" --out "$tmp"

cpu=$(sed -nE 's/^model name\s*: *//p' /proc/cpuinfo | head -1)
{
  printf '{"benchmark":"filter",\n "run":'
  cat "$tmp"
  printf ',\n "machine":"%s cores, %s, %s","dotnet":"%s"}\n' "$(nproc)" "$cpu" "$(uname -r)" "$(dotnet --version)"
} > bench/results/filter.json
