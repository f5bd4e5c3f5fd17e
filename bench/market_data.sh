#!/usr/bin/env bash
# Decode + book build per ITCH 5.0 message, next to a floor, in one process:
#   1. hfthost gen itch writes a deterministic capture of MESSAGES messages
#      (4 venues, 200 symbols, seed 42; MoldUDP64 over UDP; about 340 MB for 10 M);
#   2. HftHost.Benchmarks market-data loads it into memory and, RUNS times by turns,
#      measures the floor (parse each frame, walk its MoldUDP64 blocks reading each
#      message's length and type) and the full path (parse each frame and dispatch it to
#      MoldUdp64 -> Itch50 -> OrderBook through the host's dispatcher, the frames handed
#      over as the poll loop does: bursts of 32, the next frame prefetched);
#      The full path runs twice per run: with the plugin types referenced by the benchmark
#      (default context, tiered with dynamic PGO) and as the host runs them (loaded from
#      artifacts/plugins into collectible contexts, compiled fully optimised up front, no
#      PGO: the deployment's figure, "hosted_*" in the JSON);
#   3. writes bench/results/market_data.json (medians, ns per message, messages per
#      second, ratio to the floor, bytes allocated per message, resting orders at the end,
#      orders the book's index moved out of its window).
#
#   bench/market_data.sh [MESSAGES] [RUNS]      (defaults 10000000 3)
#
# Where the time goes: HftHost.Benchmarks market-data FEED --stages 1 (MoldUdp64 only),
# 2 (+ Itch50 counting each packet's run, no subscriber), 4 (+ a subscriber to the typed
# ItchEvent<T> of the book's types that does nothing: what per-message typed delivery costs),
# 3 (+ OrderBook, taking each packet's ItchMessageRun; default), 5 (+ a subscriber to the
# book's TopOfBookChanged, as CrossVenue); --direct (decode + book called directly, no plugin
# framework, against the plugins: what the framework costs); --parse (ItchParser alone,
# against a minimal decoder of the same fields: a yardstick in the same process for a change
# to the parser, which lives in a *.Contracts assembly).
# Comparing changes (this VM's speed drifts by tens of percent between minutes, so compare in
# one process, the two taking turns to go first): --compare-plugins DIR (another build's
# artifacts/plugins, both hosted; the *.Contracts assemblies are loaded once, so a change to
# them needs two processes, alternated) or --book-setting KEY=VALUE (an OrderBook setting
# against its default; also prints the orders each moved out of the index's window).
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000000}
runs=${2:-3}
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi
dotnet build bench/HftHost.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./hfthost gen itch --venues 4 --symbols 200 --messages "$messages" --seed 42 --out "$work/feed.pcap"
artifacts/bin/HftHost.Benchmarks/release/HftHost.Benchmarks market-data "$work/feed.pcap" --runs "$runs" \
  --out bench/results/market_data.json
