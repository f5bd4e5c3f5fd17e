#!/usr/bin/env bash
# Replay throughput: `hfthost replay --pace max` (shim producer thread -> hugepage
# ring -> C# poll loop -> parse -> no-op handler) against the shim's pcap reader
# in a plain C loop with no ring and no host (hft_pcap_cloop), on the same
# capture, in the same script. Best of RUNS for each; the ratio is host / C loop.
#
#   bench/replay_vs_cloop.sh [FRAMES] [FRAME_LEN] [RUNS]    (defaults 2000000 64 3)
#
# Writes bench/results/replay_vs_cloop.json and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-2000000}
len=${2:-64}
runs=${3:-3}
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi

work=bench/results/tmp
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
capture="$work/udp-${frames}x${len}.pcap"
cloop=build/native/bin/hft_pcap_cloop
"$cloop" write "$capture" "$frames" "$len" >/dev/null

best_of() { sort -g | tail -1; }
json_field() { sed -nE "s/.*\"$1\": *([0-9.eE+-]+).*/\1/p"; }

c_fps=$("$cloop" read "$capture" --passes "$runs" | json_field fps)
host_fps=$(for _ in $(seq "$runs"); do
  ./hfthost replay "$capture" --pace max --json 2>/dev/null | json_field frames_per_s
done | best_of)
host_frames=$(./hfthost replay "$capture" --pace max --json 2>/dev/null | json_field frames)
ratio=$(awk -v h="$host_fps" -v c="$c_fps" 'BEGIN { printf "%.3f", h / c }')

cat > bench/results/replay_vs_cloop.json <<JSON
{"benchmark":"replay_vs_cloop","frames":$frames,"frame_len":$len,"runs":$runs,"host_frames_seen":$host_frames,
 "c_loop_fps":$c_fps,"hfthost_fps":$host_fps,"ratio_host_over_c_loop":$ratio,
 "machine":"$(nproc) cores, $(uname -r)","date":"$(date -u +%FT%TZ)"}
JSON
printf '| capture | C loop, no host (frames/s) | hfthost replay --pace max (frames/s) | host / C loop |\n'
printf '|---|---:|---:|---:|\n'
printf '| %s frames x %s B | %.0f | %.0f | %s |\n' "$frames" "$len" "$c_fps" "$host_fps" "$ratio"
if [[ $host_frames -ne $frames ]]; then
  echo "bench: hfthost saw $host_frames of $frames frames" >&2
  exit 1
fi
