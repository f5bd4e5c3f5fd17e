#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for HftHost and builds everything:
#   - Debian packages the build and tests need (only the missing ones; as root,
#     or through sudo when it needs no password);
#   - 2 MiB hugepages for the rings and DPDK (as root only; HFT_HUGEPAGES,
#     default 512), hugetlbfs at /dev/hugepages and bpffs at /sys/fs/bpf
#     (DPDK and libxdp need them);
#   - the native shim and its tests (CMake, build/native) and all C# projects
#     (NuGet restore, Release build, artifacts/bin; test plugins in
#     artifacts/test-plugins*; the SDK packages in artifacts/packages).
# Idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake make gcc libc6-dev pkg-config libclang-14-dev libclang-common-14-dev
          libdpdk-dev dpdk-dev libxdp-dev libbpf-dev iproute2 procps tcpreplay valgrind tshark)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then as_root=(); elif sudo -n true 2>/dev/null; then as_root=(sudo -n); else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  # Another apt run (a second set-up, a system job) may hold the dpkg lock: wait for
  # it, up to 5 minutes, instead of failing at once.
  apt_wait=(-o DPkg::Lock::Timeout=300)
  "${as_root[@]}" apt-get "${apt_wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK (dotnet) is not on PATH" >&2
  exit 1
fi

# Hugepages: rings and frame arenas use MAP_HUGETLB when free 2 MiB pages exist
# and fall back to normal pages (with a warning) when not. Never shrink a pool
# someone else reserved.
want=${HFT_HUGEPAGES:-512}
have=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)
if [[ $(id -u) -eq 0 ]]; then
  if [[ $have -lt $want ]]; then
    echo "$want" > /proc/sys/vm/nr_hugepages || echo "setup: could not reserve $want hugepages (rings will use normal pages)" >&2
  fi
  mkdir -p /dev/hugepages
  mountpoint -q /dev/hugepages || mount -t hugetlbfs nodev /dev/hugepages || echo "setup: could not mount hugetlbfs on /dev/hugepages" >&2
  mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || echo "setup: could not mount bpffs on /sys/fs/bpf" >&2
fi

echo "setup: building the native shim (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$(nproc)" >/dev/null

echo "setup: building the C# projects (artifacts/bin, Release)"
dotnet build HftHost.sln -c Release -nologo -clp:ErrorsOnly -v:q
# The plugin SDK as NuGet packages, for plugin projects outside this repository
# (sdk/README.md; the dotnet new template: sdk/templates/hfthost-plugin).
dotnet pack sdk/HftHost.Sdk.csproj -c Release --no-build -nologo -v:q -o artifacts/packages >/dev/null
dotnet pack sdk/Testing/HftHost.Sdk.Testing.csproj -c Release --no-build -nologo -v:q -o artifacts/packages >/dev/null
echo "setup: done; ./hfthost --help lists the commands"
