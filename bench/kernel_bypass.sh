#!/usr/bin/env bash
# Kernel-bypass receive rate: hfthost against dpdk-testpmd as receiver, side by side
# in one script, on this machine's two cores: the generator on CPU 0, the receiver
# on CPU 1. Root; hugepages and bpffs come from setup.sh.
#
#   memif:  generator dpdk-testpmd txonly (memif server); receivers (a) dpdk-testpmd
#           rxonly (memif client), (b) hfthost listen --dpdk (memif client, no-op
#           handler, busy-spin). Rate = the generator's steady Tx-pps while the
#           receiver runs: memif only counts a frame as sent once the receiver's
#           ring had room, so it is the rate the receiver sustains (same meter for both).
#   AF_XDP: generator dpdk-testpmd txonly with net_af_xdp on one end of a veth pair;
#           receivers on the other end: (a) dpdk-testpmd rxonly with net_af_xdp,
#           (b) hfthost listen --afxdp. Rate = frames counted by the receiver over its
#           receive window (testpmd: its steady Rx-pps; hfthost: window_frames_per_s).
#           On this VM the generator's own rate moves by up to 2x between runs, which
#           the receivers' rates follow when both keep up; so each run also records the
#           generator's Tx-pps over the receive window, and each receiver's share of the
#           offered frames (its rate / the generator's) is compared as well: a receiver
#           that keeps up takes ~1.0 of them whatever the generator's speed that run.
#   net_null: no generator: each receiver polls a net_null vdev (64-byte mbufs made on
#           demand, never written) on CPU 1: the receiver's own ceiling, which the memif
#           rates hide whenever the generator is the slower side.
#
# Headroom: next to each rate, the share of the receiver's polls that found no frame
# (testpmd: its --record-burst-stats; hfthost: empty_poll_share in its report). A receiver
# far from 0 empty polls kept up with the generator with room to spare; ratios near 1 with
# both receivers idling often say only that the generator was the slower side.
# Cost per frame, whichever side is slower: each receiver's busy time per frame, the time
# of its polls that found frames over the frames (hfthost: busy_ns_per_frame; testpmd: its
# --record-core-cycles "CPU cycles/packet", from a third run per round, so that the rdtsc
# reads it adds per poll never touch the testpmd rate above). testpmd's busy window runs
# from rx_burst to its frees; hfthost's from one poll's start to the next, loop included.
# Their ratio (testpmd / hfthost) is what b/a would be if the receivers were the bottleneck,
# where both see the same bursts (memif: the generator's; net_null: full ones). On the veth
# hfthost takes about one frame per poll, testpmd two or three: not comparable there.
#
#   bench/kernel_bypass.sh [SECONDS]     (default 8 per run)
# Writes bench/results/kernel_bypass.json and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
[[ $(id -u) -eq 0 ]] || { echo "kernel_bypass.sh: needs root" >&2; exit 2; }
if ! setup_log=$(./setup.sh 2>&1); then echo "$setup_log" >&2; exit 1; fi
work=$(mktemp -d /tmp/hft-bench-XXXXXX)
veth_a=hftxbA$$; veth_b=hftxbB$$
cleanup() {
  pkill -KILL -f "file-prefix hft-bench-" 2>/dev/null || true
  ip link del "$veth_a" 2>/dev/null || true
  rm -f /dev/hugepages/hft-bench-*; rm -rf /var/run/dpdk/hft-bench-* "$work"
}
trap cleanup EXIT

testpmd() { # CPU PREFIX VDEV APP-ARGS...
  local cpu=$1 prefix=$2 vdev=$3; shift 3
  exec dpdk-testpmd --lcores "0@$cpu,1@$cpu" --no-pci --file-prefix "hft-bench-$prefix" --huge-unlink \
    --vdev "$vdev" -- --total-num-mbufs=32768 --auto-start --stats-period=1 "$@" </dev/null
}
# Median of the non-zero "<field>: N" values after the first (partial, warm-up) one.
steady_pps() { grep -oE "$1: +[0-9]+" "$2" | awk '{print $2}' | awk '$1>0' | tail -n +2 | sort -n |
  awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }
json_field() { sed -nE "s/.*\"$1\": *([0-9.eE+-]+).*/\1/p"; }
# Median "<field>: N" of a testpmd log over a receiver's window: the per-second values from
# the SKIPth non-zero one on, COUNT of them (the generator starts 2 s before the receiver).
window_pps() { grep -oE "$1: +[0-9]+" "$2" | awk '{print $2}' | awk '$1>0' | tail -n +"$3" | head -n "$4" | sort -n |
  awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }
# testpmd's share of empty polls from its final "RX-bursts : N [92% of 0 pkts + 8% of 32 pkts]"
# (the two commonest burst sizes): "na" when empty polls are not among them.
testpmd_empty() {
  local spread; spread=$(grep -oE "RX-bursts : [0-9]+ \[[^]]*\]" "$1" | tail -1)
  if [[ $spread =~ ([0-9]+)%\ of\ 0\ pkts ]]; then awk -v p="${BASH_REMATCH[1]}" 'BEGIN { printf "%.2f", p / 100 }'
  elif [[ $spread == *"[100% of"* ]]; then echo 0
  else echo na; fi
}
# testpmd --record-core-cycles: "CPU cycles/packet=201.62 (...) at 2100 MHz Clock" -> ns per frame
testpmd_busy() {
  sed -nE 's/.*CPU cycles\/packet=([0-9.]+) .* at ([0-9]+) MHz Clock.*/\1 \2/p' "$1" | tail -1 |
    awk '{ printf "%.1f", $1 / $2 * 1000 } END { if (NR == 0) print "na" }'
}
# testpmd-cycles -> the flag that makes testpmd count its busy cycles
cycles_flag() { [[ $1 == testpmd-cycles ]] && echo --record-core-cycles || true; }
# hfthost's report -> "EMPTY_SHARE BUSY_NS_PER_FRAME"
host_headroom() { echo "$(json_field empty_poll_share <"$1") $(json_field busy_ns_per_frame <"$1")"; }
# Stops a background generator: SIGINT (testpmd prints its totals), SIGKILL if it lingers.
stop_gen() {
  kill -INT "$1" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Every run gets its own socket and file prefixes: a killed testpmd leaves both behind.
memif_run() { # SIZE RECEIVER -> "pps empty-poll-share busy-ns-per-frame"
  local id=$1$2$RANDOM
  local size=$1 receiver=$2 sock=$work/memif-$id.sock log=$work/gen-$id.log headroom
  testpmd 0 "gen$id" "net_memif0,role=server,socket=$sock,socket-abstract=no" \
    --forward-mode=txonly --txpkts="$size" >"$log" 2>&1 &
  local gen=$!
  sleep 2
  local client="net_memif0,role=client,socket=$sock,socket-abstract=no"
  if [[ $receiver == testpmd* ]]; then
    timeout -k 5 -s INT "$secs" bash -c "$(declare -f testpmd); testpmd 1 rx$id '$client' --forward-mode=rxonly --record-burst-stats $(cycles_flag "$receiver")" >"$work/rx-$id.log" 2>&1 || true
    headroom="$(testpmd_empty "$work/rx-$id.log") $(testpmd_busy "$work/rx-$id.log")"
  else
    ./hfthost listen --dpdk "--no-pci --file-prefix hft-bench-host$id --vdev $client" --port net_memif0 \
      --cores 1 --busy-spin --duration "${secs}s" --json >"$work/host-$id.json" 2>"$work/host-$id.err" ||
      { echo "kernel_bypass.sh: hfthost failed:" >&2; cat "$work/host-$id.err" >&2; }
    headroom=$(host_headroom "$work/host-$id.json")
  fi
  stop_gen "$gen"
  echo "$(steady_pps "Tx-pps" "$log") $headroom"
}

afxdp_run() { # SIZE RECEIVER -> "pps empty-poll-share busy-ns-per-frame offered-pps"
  local id=$1$2$RANDOM
  local size=$1 receiver=$2 log=$work/xgen-$id.log
  ip link add "$veth_a" type veth peer name "$veth_b"
  for i in "$veth_a" "$veth_b"; do sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"; ip link set "$i" up; done
  testpmd 0 "xgen$id" "net_af_xdp0,iface=$veth_a" --forward-mode=txonly --txpkts="$size" >"$log" 2>&1 &
  local gen=$! pps headroom
  sleep 2
  if [[ $receiver == testpmd* ]]; then
    timeout -k 5 -s INT "$secs" bash -c "$(declare -f testpmd); testpmd 1 xrx$id 'net_af_xdp0,iface=$veth_b' --forward-mode=rxonly --record-burst-stats $(cycles_flag "$receiver")" >"$work/xrx-$id.log" 2>&1 || true
    pps=$(steady_pps "Rx-pps" "$work/xrx-$id.log")
    headroom="$(testpmd_empty "$work/xrx-$id.log") $(testpmd_busy "$work/xrx-$id.log")"
    [[ $pps != 0 ]] || { echo "kernel_bypass.sh: testpmd measured nothing:" >&2; grep -E "pps|RX-packets" "$work/xrx-$id.log" | head -20 >&2; }
  else
    ./hfthost listen --afxdp "$veth_b" --cores 1 --busy-spin --duration "${secs}s" --json >"$work/xhost-$id.json" 2>"$work/xhost-$id.err" ||
      { echo "kernel_bypass.sh: hfthost failed:" >&2; cat "$work/xhost-$id.err" >&2; }
    pps=$(json_field window_frames_per_s <"$work/xhost-$id.json")
    pps=${pps:-0}
    headroom=$(host_headroom "$work/xhost-$id.json")
  fi
  stop_gen "$gen"
  ip link del "$veth_a"
  # The generator's seconds 4 to 2 + SECONDS: inside the receiver's window, past its start-up.
  printf '%.0f %s %s\n' "$pps" "$headroom" "$(window_pps "Tx-pps" "$log" 4 $((secs - 2)))"
}

null_run() { # SIZE RECEIVER -> "pps empty-poll-share busy-ns-per-frame"
  local id=$1$2$RANDOM size=$1 receiver=$2 pps headroom
  local vdev="net_null0,size=$size"
  if [[ $receiver == testpmd* ]]; then
    timeout -k 5 -s INT "$secs" bash -c "$(declare -f testpmd); testpmd 1 nrx$id '$vdev' --forward-mode=rxonly --record-burst-stats $(cycles_flag "$receiver")" >"$work/nrx-$id.log" 2>&1 || true
    pps=$(steady_pps "Rx-pps" "$work/nrx-$id.log")
    headroom="$(testpmd_empty "$work/nrx-$id.log") $(testpmd_busy "$work/nrx-$id.log")"
  else
    ./hfthost listen --dpdk "--no-pci --file-prefix hft-bench-nhost$id --vdev $vdev" --port net_null0 \
      --cores 1 --busy-spin --duration "${secs}s" --json >"$work/nhost-$id.json" 2>"$work/nhost-$id.err" ||
      { echo "kernel_bypass.sh: hfthost failed:" >&2; cat "$work/nhost-$id.err" >&2; }
    pps=$(json_field window_frames_per_s <"$work/nhost-$id.json")
    pps=${pps:-0}
    headroom=$(host_headroom "$work/nhost-$id.json")
  fi
  printf '%.0f %s\n' "$pps" "$headroom"
}

# Each case alternates the receivers (testpmd, testpmd counting its cycles, hfthost) REPS
# times and keeps the medians: on this machine memif runs are bimodal (about 7 or about
# 20+ Mpps at 512 bytes, for either receiver), so single runs compare nothing.
reps=${HFT_BENCH_REPS:-3}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
rows=() json=()
# A receiver's rate over the generator's in the same run: "na" without a generator rate
# (memif: the rate is the generator's; net_null: no generator).
share() { [[ -n ${2:-} && $2 != 0 ]] && awk -v r="$1" -v o="$2" 'BEGIN { printf "%.3f", r / o }' || echo na; }
# Median of the values that are not "na"; "na" if none.
median_known() { local v k=(); for v in "$@"; do [[ $v == na ]] || k+=("$v"); done; ((${#k[@]})) && median "${k[@]}" || echo na; }
bench_case() { # NAME RUNNER SIZE
  local name=$1 runner=$2 size=$3 as=() bs=() a_empty=() b_empty=() a_busy=() b_busy=() a_share=() b_share=() out
  for i in $(seq "$reps"); do
    read -r -a out <<<"$($runner "$size" testpmd)"; as+=("${out[0]}"); a_empty+=("${out[1]:-na}"); a_share+=("$(share "${out[0]}" "${out[3]:-}")")
    read -r -a out <<<"$($runner "$size" testpmd-cycles)"; a_busy+=("${out[2]:-na}")
    read -r -a out <<<"$($runner "$size" hfthost)"; bs+=("${out[0]}"); b_empty+=("${out[1]:-na}"); b_busy+=("${out[2]:-na}"); b_share+=("$(share "${out[0]}" "${out[3]:-}")")
    echo "kernel_bypass.sh: $name $size B run $i: testpmd ${as[-1]} pps (offered share ${a_share[-1]}, empty polls ${a_empty[-1]}, busy ${a_busy[-1]} ns/frame)," \
      "hfthost ${bs[-1]} pps (offered share ${b_share[-1]}, empty polls ${b_empty[-1]}, busy ${b_busy[-1]} ns/frame)" >&2
  done
  local a b r a_cost b_cost cost_ratio
  a=$(median "${as[@]}"); b=$(median "${bs[@]}")
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')
  a_cost=$(median_known "${a_busy[@]}"); b_cost=$(median_known "${b_busy[@]}")
  cost_ratio=$(awk -v a="$a_cost" -v b="$b_cost" 'BEGIN { if (a == "na" || b == "na" || b <= 0) print "na"; else printf "%.3f", a / b }')
  local a_offered b_offered share_ratio
  a_offered=$(median_known "${a_share[@]}"); b_offered=$(median_known "${b_share[@]}")
  share_ratio=$(awk -v a="$a_offered" -v b="$b_offered" 'BEGIN { if (a == "na" || b == "na" || a <= 0) print "na"; else printf "%.3f", b / a }')
  rows+=("| $name | $size | $a | $b | $r | ${a_share[*]} / ${b_share[*]} | $share_ratio | ${a_empty[*]} / ${b_empty[*]} | ${a_busy[*]} / ${b_busy[*]} | $cost_ratio | ${as[*]} / ${bs[*]} |")
  quoted() { local v out=(); for v in "$@"; do [[ $v == na ]] && out+=(null) || out+=("$v"); done; (IFS=,; echo "${out[*]}"); }
  json+=("{\"case\":\"$name\",\"frame_len\":$size,\"testpmd_pps\":$a,\"hfthost_pps\":$b,\"ratio\":$r,\"testpmd_runs\":[$(IFS=,; echo "${as[*]}")],\"hfthost_runs\":[$(IFS=,; echo "${bs[*]}")],\"testpmd_empty_poll_share\":[$(quoted "${a_empty[@]}")],\"hfthost_empty_poll_share\":[$(quoted "${b_empty[@]}")],\"testpmd_busy_ns_per_frame\":[$(quoted "${a_busy[@]}")],\"hfthost_busy_ns_per_frame\":[$(quoted "${b_busy[@]}")],\"busy_cost_ratio\":$(quoted "$cost_ratio"),\"testpmd_offered_share\":[$(quoted "${a_share[@]}")],\"hfthost_offered_share\":[$(quoted "${b_share[@]}")],\"offered_share_ratio\":$(quoted "$share_ratio")}")
}
for size in ${HFT_BENCH_MEMIF_SIZES-64 512}; do bench_case memif memif_run "$size"; done
for size in ${HFT_BENCH_AFXDP_SIZES-64 512}; do bench_case afxdp-veth afxdp_run "$size"; done
for size in ${HFT_BENCH_NULL_SIZES-64}; do bench_case net_null null_run "$size"; done
mkdir -p bench/results
(IFS=,; printf '{"benchmark":"kernel_bypass","seconds":%s,"reps":'"$reps"',"machine":"%s cores, %s","date":"%s","results":[%s]}\n' \
  "$secs" "$(nproc)" "$(uname -r)" "$(date -u +%FT%TZ)" "${json[*]}") > bench/results/kernel_bypass.json
printf '| path | frame bytes | dpdk-testpmd (pps, median) | hfthost (pps, median) | hfthost / testpmd | share of offered frames (testpmd / hfthost) | share ratio | empty polls (testpmd / hfthost) | busy ns/frame (testpmd / hfthost) | busy cost testpmd / hfthost | runs (testpmd / hfthost) |\n|---|---:|---:|---:|---:|---|---:|---|---|---:|---|\n'
printf '%s\n' "${rows[@]}"
