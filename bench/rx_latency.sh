#!/usr/bin/env bash
# Receive-to-plugin latency at a fixed offered rate, from a live source: a generated MoldUDP64/ITCH
# capture (one venue, so one session holds every frame) is sent with `tcpreplay --pps=PPS` into one
# end of a veth pair this script creates (after 2 s of another venue's frames to warm the host up), and `hfthost listen --afpacket` on the other end runs the
# market-data plugins (MoldUdp64 -> Itch50 -> OrderBook) and Latency. Latency's rx_to_plugin
# histogram (kernel receive time of the frame -> the wall clock when the plugin handles it: the
# AF_PACKET block hand-off, the ring, the poll loop, dispatch) gives p50/p90/p99/p99.9/max.
# Writes bench/results/rx_latency.json and, when bench/results/latest.json exists, updates its
# rx_to_plugin entry and the matching rows of latest.md (bench/run.sh calls this as its case 5).
# Root only (veth, AF_PACKET); otherwise it says so and exits 0. Bounded: 2 s of warm-up and
# SECONDS of sending, plus about 5 s. Never touches an interface it did not create; the veth pair is deleted on exit.
#   bench/rx_latency.sh [PPS] [SECONDS]     (defaults 10000 10)
set -euo pipefail
cd "$(dirname "$0")/.."
pps=${1:-10000}
seconds=${2:-10}
if [[ $(id -u) -ne 0 ]]; then
  echo "rx_latency: skipped: needs root (creates a veth pair, receives through AF_PACKET)"
  exit 0
fi
for tool in tcpreplay tshark ip; do
  command -v "$tool" >/dev/null || { echo "rx_latency: skipped: $tool is not installed"; exit 0; }
done
work=$(mktemp -d)
tx=hftlt$$a
rx=hftlt$$b
cleanup() {
  [[ -n ${listener:-} ]] && kill "$listener" 2>/dev/null || true
  ip link del "$tx" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip link add "$tx" type veth peer name "$rx"
for side in "$tx" "$rx"; do
  sysctl -q -w "net.ipv6.conf.$side.disable_ipv6=1" # no router solicitations on the wire
  ip link set "$side" up
done

# Two venues of 4 messages a packet (a few messages a packet, as real feeds mostly carry):
# VENUE02's frames go first, 2 s of them, to warm the host up (JIT, first calls); VENUE01's
# frames are the measurement, read from its session alone. Every frame is unique: repeated ones
# would be MoldUDP64 duplicates, which the plugins drop before Latency sees them.
frames=$((pps * seconds))
warm=$((pps * 2))
load=$(cut -d' ' -f1-3 /proc/loadavg) # the machine's load when the measurement starts
./hfthost gen itch --venues 2 --symbols 100 --messages $((frames * 10)) --messages-per-packet 4 --seed 42 \
  --out "$work/all.pcap" >/dev/null
tshark -r "$work/all.pcap" -Y "udp.dstport == 26402" -w "$work/warm.pcap" 2>/dev/null
tshark -r "$work/all.pcap" -Y "udp.dstport == 26401" -w "$work/live.pcap" 2>/dev/null

./hfthost listen --afpacket "$rx" --duration "$((seconds + 6))s" --plugins artifacts/plugins \
  --plugin MoldUdp64 --plugin Itch50 --plugin OrderBook --plugin Latency --no-watch --control "$work/c.sock" --json \
  > "$work/listen.json" 2> "$work/listen.log" &
listener=$!
# The host is receiving once its control channel listens (the port and plugins are up by then).
for _ in $(seq 100); do [[ -S $work/c.sock ]] && break; sleep 0.1; done
sleep 0.5
tcpreplay --intf1="$tx" --pps="$pps" --limit="$warm" "$work/warm.pcap" > "$work/warm.log" 2>&1
tcpreplay --intf1="$tx" --pps="$pps" --limit="$frames" "$work/live.pcap" > "$work/tcpreplay.log" 2>&1
wait "$listener"
listener=

python3 - "$work" "$pps" "$seconds" "$frames" "$load" <<'PY'
import json, os, re, sys, datetime
work, pps, seconds, frames, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
report = json.load(open(f"{work}/listen.json"))
tcpreplay = open(f"{work}/tcpreplay.log").read()
sent = int(re.search(r"Actual: (\d+) packets", tcpreplay).group(1))
rated = float(re.search(r"Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps", tcpreplay).group(1))
gauges = {m["tags"]: m["value"] for m in report["plugin_metrics"] if m["name"] == "latency.rx_to_plugin"}
quantiles = ["p50", "p90", "p99", "p99.9", "p99.99", "max"]
session = "VENUE01"
result = {
    "date": datetime.date.today().isoformat(),
    "method": "tcpreplay --pps into a veth pair; hfthost listen --afpacket with MoldUdp64, Itch50, OrderBook, Latency; "
              "Latency's rx_to_plugin histogram (kernel rx timestamp -> wall clock at the plugin)",
    "load_average_1_5_15min": load, "cpus": os.cpu_count(),
    "offered_pps": pps, "frames_offered": frames, "frames_sent": sent, "tcpreplay_rated_pps": rated,
    "warmup_frames": int(re.search(r"Actual: (\d+) packets", open(f"{work}/warm.log").read()).group(1)),
    "frames_received": report["frames"], "kernel_drops": report["errors"]["kernel_drops"],
    "ring_full_drops": report["errors"]["ring_full_drops"],
    "messages": sum(m["value"] for m in report["plugin_metrics"] if m["name"] == "moldudp64.messages"),
    "rx_to_plugin_ns": {q: gauges.get(f"quantile={q},session={session}") for q in quantiles},
}
os.makedirs("bench/results", exist_ok=True)
json.dump(result, open("bench/results/rx_latency.json", "w"), indent=1)
us = lambda ns: f"{ns / 1000:,.1f} µs" if ns is not None else "-"
lat = result["rx_to_plugin_ns"]
rows = [f"| rx-to-plugin latency at {pps:,} frames/s offered, 4 messages a frame (tcpreplay → veth → AF_PACKET → MoldUdp64 → Itch50 → OrderBook → Latency; "
        f"{sent:,} frames measured after {result['warmup_frames']:,} of warm-up; {report['frames']:,} received in all, {result['kernel_drops']:,} kernel drops; load average {load.split()[0]} on {os.cpu_count()} CPUs) | p50 {us(lat['p50'])}, p99 {us(lat['p99'])}, p99.9 {us(lat['p99.9'])}, max {us(lat['max'])} |"]
print("\n".join(rows))
if os.path.exists("bench/results/latest.json"):
    latest = json.load(open("bench/results/latest.json"))
    latest["rx_to_plugin"] = result
    json.dump(latest, open("bench/results/latest.json", "w"), indent=1)
    md = [l for l in open("bench/results/latest.md").read().splitlines() if not l.startswith("| rx-to-plugin latency")]
    # After the steady-state rows, before the micro-benchmarks.
    at = next((i for i, l in enumerate(md) if l.startswith("| start-up")), len(md) - 1) + 1
    open("bench/results/latest.md", "w").write("\n".join(md[:at] + rows + md[at:]) + "\n")
PY
