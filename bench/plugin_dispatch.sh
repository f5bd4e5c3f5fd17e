#!/usr/bin/env bash
# What plugins cost the data plane, in one script:
#  1. per frame: FrameParser.Parse + CountingPlugin's decoder called directly (baseline),
#     through the FrameDispatcher with the decoder in the default load context, and
#     through the dispatcher with the real CountingPlugin loaded by PluginManager into its
#     collectible context (BenchmarkDotNet, 1024 in-memory frames per invocation, ns per
#     frame, ratio to the baseline, bytes allocated per frame: must be 0);
#  2. hot reload under generator traffic: the poll thread's longest burst-to-burst
#     interval for BASELINE_S seconds without reloads, then across RELOADS reloads
#     (versions 2.0.0 and 1.0.0 by turns), the state hand-off pause of each reload, and
#     whether the plugin saw every generated frame exactly once.
#
#   bench/plugin_dispatch.sh [RELOADS] [BASELINE_S] [LAUNCHES]    (defaults 100 5 3)
#
# Writes bench/results/plugin_dispatch.json and prints markdown tables. About 3-4 minutes
# on 2 cores. The machine is shared: compare the medians, and the reload phase with the
# baseline phase of the same run, not absolute figures across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
reloads=${1:-100}
baseline_s=${2:-5}
launches=${3:-3}
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi
dotnet build bench/HftHost.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null

work=bench/results/tmp-plugin-dispatch
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
exe=artifacts/bin/HftHost.Benchmarks/release/HftHost.Benchmarks

# Several launches of short iterations rather than one long launch: each launch is a new
# process (new code layout, new neighbours on the machine), which a single launch hides.
dispatch_rc=0
"$exe" dispatch --out "$work/dispatch.json" --markdown "$work/dispatch.md" \
  --launchCount "$launches" --warmupCount 3 --iterationCount 10 --iterationTime 200 \
  --artifacts "$work/bdn" >"$work/dispatch.log" 2>&1 || dispatch_rc=$?
if [[ ! -s $work/dispatch.json ]]; then tail -40 "$work/dispatch.log" >&2; exit 1; fi

reload_rc=0
"$exe" reload-pause --reloads "$reloads" --baseline-seconds "$baseline_s" \
  --out "$work/reload.json" --markdown "$work/reload.md" >"$work/reload.log" 2>&1 || reload_rc=$?
if [[ ! -s $work/reload.json ]]; then tail -40 "$work/reload.log" >&2; exit 1; fi

cpu=$(sed -nE 's/^model name\s*: *//p' /proc/cpuinfo | head -1)
{
  printf '{"benchmark":"plugin_dispatch",\n "dispatch":'
  cat "$work/dispatch.json"
  printf ',\n "reload_pause":'
  cat "$work/reload.json"
  printf ',\n "machine":"%s cores, %s, %s","dotnet":"%s","date":"%s"}\n' \
    "$(nproc)" "$cpu" "$(uname -r)" "$(dotnet --version)" "$(date -u +%FT%TZ)"
} > bench/results/plugin_dispatch.json

cat "$work/dispatch.md"
echo
cat "$work/reload.md"
if ((dispatch_rc != 0)); then
  echo "bench: the dispatch benchmark failed or allocated (log: rerun with $exe dispatch)" >&2
  grep -E "Error|Exception|allocated" "$work/dispatch.log" | head -20 >&2 || true
fi
if ((reload_rc != 0)); then
  echo "bench: reload-pause failed (a reload failed, an old context survived, or frames were lost or repeated)" >&2
  tail -15 "$work/reload.log" >&2
fi
if ((dispatch_rc != 0 || reload_rc != 0)); then exit 1; fi
