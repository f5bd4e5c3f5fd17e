#!/usr/bin/env bash
# Regenerates the C# bindings and the C layout check from the shim's header:
#   native/include/hftshim.h -> interop/Hftshim.g.cs, native/tests/layout_check.g.c
#
#   interop/generate.sh          rewrite the checked-in files
#   interop/generate.sh --check  regenerate into a temp dir and fail (exit 1,
#                                with the diff) if the checked-in files differ;
#                                this is what CI runs
#
# The generator (interop/generator/hftbindgen.c) is built with CMake in
# ${HFT_BUILD_DIR:-build/native}; it needs libclang-14-dev.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" # the outputs name the header by its repo-relative path

header=native/include/hftshim.h
cs_out=interop/Hftshim.g.cs
c_out=native/tests/layout_check.g.c
build=${HFT_BUILD_DIR:-build/native}
gen=$build/bin/hftbindgen

case ${1:-} in
  "") check=0 ;;
  --check) check=1 ;;
  *) echo "usage: interop/generate.sh [--check]" >&2; exit 2 ;;
esac

# Always let CMake bring the generator up to date: a stale binary would make
# --check compare against the output of old generator code.
if [[ ! -f $build/CMakeCache.txt ]] && ! cmake -S . -B "$build" >/dev/null; then
  echo "generate.sh: could not configure $build (cmake -S . -B $build)" >&2
  exit 1
fi
if ! cmake --build "$build" --target hftbindgen >/dev/null; then
  echo "generate.sh: could not build hftbindgen in $build (is libclang-14-dev installed? see the CMake warnings)" >&2
  exit 1
fi

# The C check holds the numbers libclang gave the C# side; compiling it with
# the shim's own compiler proves both agree with the header as built.
layout_agrees() {
  if ! "${CC:-cc}" -std=gnu11 -fsyntax-only -Inative/include "$1"; then
    echo "generate.sh: ${CC:-cc} lays out $header differently from libclang (see above)" >&2
    exit 1
  fi
}

if [[ $check == 0 ]]; then
  "$gen" "$header" "$cs_out" "$c_out"
  layout_agrees "$c_out"
  echo "generate.sh: wrote $cs_out and $c_out"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" "$header" "$tmp/Hftshim.g.cs" "$tmp/layout_check.g.c"
layout_agrees "$tmp/layout_check.g.c"
stale=0
for pair in "$cs_out:$tmp/Hftshim.g.cs" "$c_out:$tmp/layout_check.g.c"; do
  checked_in=${pair%%:*}
  fresh=${pair#*:}
  if [[ ! -f $checked_in ]]; then
    echo "generate.sh: $checked_in is missing" >&2
    stale=1
  elif ! diff -u --label "$checked_in (checked in)" --label "$checked_in (regenerated)" \
      "$checked_in" "$fresh"; then
    stale=1
  fi
done
if [[ $stale == 1 ]]; then
  echo "generate.sh: the bindings are out of date with $header;" \
       "run interop/generate.sh and commit the result" >&2
  exit 1
fi
echo "generate.sh: $cs_out and $c_out are up to date"
