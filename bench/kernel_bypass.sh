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
#
#   bench/kernel_bypass.sh [SECONDS]     (default 6 per run)
# Writes bench/results/kernel_bypass.json and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-6}
[[ $(id -u) -eq 0 ]] || { echo "kernel_bypass.sh: needs root" >&2; exit 2; }
./setup.sh >/dev/null
work=$(mktemp -d /tmp/hft-bench-XXXXXX)
veth_a=hftxbA$$; veth_b=hftxbB$$
cleanup() {
  pkill -INT -f "file-prefix hft-bench-" 2>/dev/null || true
  sleep 1
  ip link del "$veth_a" 2>/dev/null || true
  rm -f /dev/hugepages/hft-bench-*; rm -rf /var/run/dpdk/hft-bench-* "$work"
}
trap cleanup EXIT

testpmd() { # CPU PREFIX VDEV APP-ARGS...
  local cpu=$1 prefix=$2 vdev=$3; shift 3
  dpdk-testpmd --lcores "0@$cpu,1@$cpu" --no-pci --file-prefix "hft-bench-$prefix" --huge-unlink \
    --vdev "$vdev" -- --total-num-mbufs=32768 --auto-start --stats-period=1 "$@" </dev/null
}
# Median of the non-zero "<field>: N" values after the first two (warm-up) intervals.
steady_pps() { grep -oE "$1: +[0-9]+" "$2" | awk '{print $2}' | awk '$1>0' | tail -n +3 | sort -n |
  awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }
json_field() { sed -nE "s/.*\"$1\": *([0-9.eE+-]+).*/\1/p"; }

memif_run() { # SIZE RECEIVER -> pps
  local size=$1 receiver=$2 sock=$work/memif-$1-$2.sock log=$work/gen-$1-$2.log
  testpmd 0 "gen$size$receiver" "net_memif0,role=server,socket=$sock,socket-abstract=no" \
    --forward-mode=txonly --txpkts="$size" >"$log" 2>&1 &
  local gen=$!
  sleep 2
  local client="net_memif0,role=client,socket=$sock,socket-abstract=no"
  if [[ $receiver == testpmd ]]; then
    timeout -s INT "$secs" bash -c "$(declare -f testpmd); testpmd 1 rx$size '$client' --forward-mode=rxonly" >"$work/rx-$size.log" 2>&1 || true
  else
    ./hfthost listen --dpdk "--no-pci --file-prefix hft-bench-host$size --vdev $client" --port net_memif0 \
      --cores 1 --busy-spin --duration "${secs}s" --json >"$work/host-$size.json" 2>"$work/host-$size.err"
  fi
  kill -INT "$gen"; wait "$gen" || true
  steady_pps "Tx-pps" "$log"
}

afxdp_run() { # SIZE RECEIVER -> pps
  local size=$1 receiver=$2 log=$work/xgen-$1-$2.log
  ip link add "$veth_a" type veth peer name "$veth_b"
  for i in "$veth_a" "$veth_b"; do sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"; ip link set "$i" up; done
  testpmd 0 "xgen$size$receiver" "net_af_xdp0,iface=$veth_a" --forward-mode=txonly --txpkts="$size" >"$log" 2>&1 &
  local gen=$! pps
  sleep 2
  if [[ $receiver == testpmd ]]; then
    timeout -s INT "$secs" bash -c "$(declare -f testpmd); testpmd 1 xrx$size 'net_af_xdp0,iface=$veth_b' --forward-mode=rxonly" >"$work/xrx-$size.log" 2>&1 || true
    pps=$(steady_pps "Rx-pps" "$work/xrx-$size.log")
  else
    ./hfthost listen --afxdp "$veth_b" --cores 1 --busy-spin --duration "${secs}s" --json >"$work/xhost-$size.json" 2>"$work/xhost-$size.err"
    pps=$(json_field window_frames_per_s <"$work/xhost-$size.json")
  fi
  kill -INT "$gen"; wait "$gen" || true
  ip link del "$veth_a"
  printf '%.0f\n' "$pps"
}

rows=() json=()
for size in 64 512; do
  a=$(memif_run "$size" testpmd); b=$(memif_run "$size" hfthost)
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')
  rows+=("| memif | $size | $a | $b | $r |"); json+=("{\"case\":\"memif\",\"frame_len\":$size,\"testpmd_pps\":$a,\"hfthost_pps\":$b,\"ratio\":$r}")
done
for size in 64 512; do
  a=$(afxdp_run "$size" testpmd); b=$(afxdp_run "$size" hfthost)
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')
  rows+=("| AF_XDP (veth) | $size | $a | $b | $r |"); json+=("{\"case\":\"afxdp-veth\",\"frame_len\":$size,\"testpmd_pps\":$a,\"hfthost_pps\":$b,\"ratio\":$r}")
done
mkdir -p bench/results
(IFS=,; printf '{"benchmark":"kernel_bypass","seconds":%s,"machine":"%s cores, %s","date":"%s","results":[%s]}\n' \
  "$secs" "$(nproc)" "$(uname -r)" "$(date -u +%FT%TZ)" "${json[*]}") > bench/results/kernel_bypass.json
printf '| path | frame bytes | dpdk-testpmd (pps) | hfthost (pps) | hfthost / testpmd |\n|---|---:|---:|---:|---:|\n'
printf '%s\n' "${rows[@]}"
