#!/usr/bin/env bash
# Sets up and runs every test: the bindings drift check, the native tests
# (CTest) and the C# tests (xUnit). The AF_PACKET test creates and deletes its
# own veth pair, so the full suite runs as root (as CI does).
# Ends with one line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh

echo "== bindings: regenerate and compare"
interop/generate.sh --check

echo "== native tests (ctest)"
ctest_log=$(mktemp)
trap 'rm -f "$ctest_log" "${dotnet_log:-}"' EXIT
ctest_rc=0
ctest --test-dir build/native --output-on-failure 2>&1 | tee "$ctest_log" || ctest_rc=$?

echo "== C# tests (dotnet test)"
dotnet_log=$(mktemp)
dotnet_rc=0
dotnet test HftHost.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$dotnet_log" || dotnet_rc=$?

# One closing line for both runners.
read -r c_failed c_total < <(sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\1 \2/p' "$ctest_log" | tail -1) || true
c_failed=${c_failed:-0}; c_total=${c_total:-0}; c_passed=$((c_total - c_failed))
# dotnet's normal-verbosity summary: "     Passed: N" / "     Failed: N" lines.
d_passed=$(sed -nE 's/^ +Passed: +([0-9]+)$/\1/p' "$dotnet_log" | awk '{s+=$1} END {print s+0}')
d_failed=$(sed -nE 's/^ +Failed: +([0-9]+)$/\1/p' "$dotnet_log" | awk '{s+=$1} END {print s+0}')
aborted=""
if grep -q "Test Run Aborted" "$dotnet_log"; then aborted=" (the C# test run was aborted: see above)"; fi
echo "tests: $((c_passed + d_passed)) passed, $((c_failed + d_failed)) failed$aborted"
if ((ctest_rc != 0 || dotnet_rc != 0)); then exit 1; fi
if ((c_passed + d_passed == 0)); then echo "test.sh: no test ran" >&2; exit 1; fi
