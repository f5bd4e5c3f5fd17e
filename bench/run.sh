#!/usr/bin/env bash
# The benchmark suite, end to end, side by side; writes bench/results/latest.json and
# bench/results/latest.md (the table the README shows).
#   1. replay of one generated capture (MESSAGES ITCH messages, 4 venues) through the full
#      pipeline (shim replay -> ring -> poll loop -> MoldUdp64 -> Itch50 -> OrderBook) vs
#      Debian's tshark decoding the same capture with its MoldUDP64 dissector: messages per
#      second (wall clock, process start to end, both) and the ratio;
#   2. a steady run: the same capture replayed at its recorded pace for STEADY_S seconds and
#      for 5 seconds; the difference of the two is the steady state without start-up (JIT,
#      first calls, logging): garbage collections (goal 0) and bytes the whole process
#      allocated per frame (goal 0);
#   3. the micro-benchmarks (BenchmarkDotNet, short job): ring read (descriptors from the
#      shim's real ring, and the poll loop's DoWork), frame parse, each ITCH message type, book
#      updates, histogram records (ns per operation);
#   4. the memif case of the kernel-bypass issue (hfthost vs dpdk-testpmd): taken from
#      bench/results/kernel_bypass.json; RUN_KERNEL_BYPASS=1 runs bench/kernel_bypass.sh first
#      (about 8 minutes, root);
#   5. rx-to-plugin latency at a fixed offered rate (bench/rx_latency.sh, root, about 35 s:
#      tcpreplay --pps into a veth pair, hfthost listen --afpacket with the market-data plugins
#      and Latency): p50/p99/p99.9/max into latest.json and latest.md; skipped, with a line
#      saying so, when not root. RX_PPS sets the rate (default 10000 frames/s).
#   bench/run.sh [MESSAGES] [STEADY_S]     (defaults 1000000 60)
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-1000000}
steady_s=${2:-60}
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi
dotnet build bench/HftHost.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed=$work/feed.pcap
# --crosses 0: venues quote as under Reg NMS, keeping off each other's prices, as real
# venues do nearly all the time; without it the four independent venues lock and cross
# thousands of times a second and CrossVenue's (rate-limited) log line is the steady state's
# only allocation (measured: 56 bytes per frame on average).
./hfthost gen itch --venues 4 --symbols 200 --messages "$messages" --seed 42 --crosses 0 --out "$feed" >/dev/null

now() { date +%s.%N; }
echo "== 1. full pipeline vs tshark on $messages messages"
t0=$(now)
./hfthost replay "$feed" --plugins artifacts/plugins --no-watch --json --control "$work/c.sock" > "$work/replay.json" 2>/dev/null
t1=$(now)
tshark_messages=$(tshark -r "$feed" -d udp.port==26401-26404,moldudp64 -T fields -e moldudp64.msgseq 2>/dev/null | tr ',' '\n' | grep -c .)
t2=$(now)

echo "== 2. steady run, ${steady_s} s (and 5 s) at the recorded pace"
for run in short:5 steady:"$steady_s"; do
  timeout -s INT "${run#*:}" ./hfthost replay "$feed" --pace x1 --max-gap 10ms --loop 100000 --plugins artifacts/plugins --no-watch --json \
    --control "$work/s.sock" > "$work/${run%%:*}.json" 2>/dev/null || true
done

echo "== 3. micro-benchmarks"
artifacts/bin/HftHost.Benchmarks/release/HftHost.Benchmarks micro --filter '*' --job short --buildTimeout 600 --artifacts "$work/bdn" > "$work/micro.log" 2>&1

if [[ ${RUN_KERNEL_BYPASS:-0} == 1 ]]; then
  echo "== 4. kernel bypass (memif, AF_XDP)"
  bash bench/kernel_bypass.sh
fi

python3 - "$work" "$messages" "$t0" "$t1" "$t2" "$tshark_messages" <<'PY'
import csv, glob, json, os, platform, sys, datetime
work, messages, t0, t1, t2, tshark_messages = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:6]), int(sys.argv[6])
replay = json.load(open(f"{work}/replay.json"))
delivered = sum(m["value"] for m in replay["plugin_metrics"] if m["name"] == "moldudp64.messages")
long_run = json.load(open(f"{work}/steady.json"))
short_run = json.load(open(f"{work}/short.json"))
frames = long_run["frames"] - short_run["frames"]
steady = {"elapsed_s": long_run["elapsed_s"] - short_run["elapsed_s"], "frames": frames,
          "gc_collections": [a - b for a, b in zip(long_run["gc_collections"], short_run["gc_collections"])],
          "allocated_bytes": long_run["allocated_bytes"] - short_run["allocated_bytes"]}
steady["allocated_bytes_per_frame"] = round(steady["allocated_bytes"] / frames, 4) if frames else 0
startup = {"gc_collections": short_run["gc_collections"], "allocated_bytes": short_run["allocated_bytes"]}
hfthost_rate = delivered / (t1 - t0)
tshark_rate = tshark_messages / (t2 - t1)
micro = []
for path in sorted(glob.glob(f"{work}/bdn/results/*-report.csv")):
    for row in csv.DictReader(open(path)):
        name = path.split("/")[-1].split("-report")[0].split(".")[-1] + "." + row["Method"] + (f"({row['Type']})" if row.get("Type") else "")
        micro.append({"case": name, "mean": row["Mean"], "allocated": row.get("Allocated", "")})
kb = json.load(open("bench/results/kernel_bypass.json")) if os.path.exists("bench/results/kernel_bypass.json") else None
latest = {
    "date": datetime.date.today().isoformat(), "machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
    "pipeline_vs_tshark": {"messages": messages, "hfthost_messages": delivered, "hfthost_wall_s": round(t1 - t0, 3),
        "hfthost_messages_per_s": round(hfthost_rate), "tshark_messages": tshark_messages, "tshark_wall_s": round(t2 - t1, 3),
        "tshark_messages_per_s": round(tshark_rate), "ratio": round(hfthost_rate / tshark_rate, 2)},
    "steady_run": {"seconds": steady["elapsed_s"], "frames": steady["frames"], "gc_collections": steady["gc_collections"],
        "allocated_bytes": steady["allocated_bytes"], "allocated_bytes_per_frame": steady["allocated_bytes_per_frame"],
        "method": "a STEADY_S-second run minus a 5-second run of the same replay", "startup_5s": startup},
    "micro": micro,
    "kernel_bypass_memif": kb,
}
json.dump(latest, open("bench/results/latest.json", "w"), indent=1)
md = ["| case | figure |", "|---|---|",
      f"| full pipeline (MoldUdp64 → Itch50 → OrderBook), {messages:,} messages | {hfthost_rate:,.0f} msg/s (wall, incl. start-up) |",
      f"| tshark, MoldUDP64 dissector, same capture | {tshark_rate:,.0f} msg/s (wall) |",
      f"| ratio hfthost / tshark | {hfthost_rate / tshark_rate:.2f} |",
      f"| steady state ({steady['elapsed_s']:.0f} s of paced replay, start-up excluded): GCs gen0/1/2 | {'/'.join(map(str, steady['gc_collections']))} |",
      f"| steady state: bytes allocated per frame (whole process) | {steady['allocated_bytes_per_frame']} |",
      f"| start-up (first 5 s: JIT, first calls, logging): GCs gen0/1/2, bytes allocated | {'/'.join(map(str, startup['gc_collections']))}, {startup['allocated_bytes']:,} |"]
md += [f"| {m['case']} | {m['mean']} (allocated {m['allocated'] or '-'}) |" for m in micro]
open("bench/results/latest.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY

echo "== 5. rx-to-plugin latency at ${RX_PPS:-10000} frames/s offered (live: veth, AF_PACKET)"
bash bench/rx_latency.sh "${RX_PPS:-10000}" 10
