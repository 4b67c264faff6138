#!/usr/bin/env bash
# Runs every benchmark of issue 6 and prints one table; writes bench/results/latest.json and,
# for a full run, bench/RESULTS.md and the README's results table. Arguments go to
# bench/bench.py (--help lists them).
#
# Without HPL_BINARY it installs what is missing (scripts/setup.sh) and builds the emulator into
# build/ first, so that it works from a clean clone and never measures a stale binary.
#
# bench.py starts every server itself and stops them in a finally block. A background job of a
# script ignores Ctrl-C, so the trap below turns Ctrl-C (and TERM) into SIGTERM for bench.py,
# which unwinds through that finally block.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

if [[ -z "${HPL_BINARY:-}" ]]; then
  "$root/scripts/setup.sh"
  if [[ -f "$root/build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$root/build" >/dev/null
  else
    cmake -S "$root" -B "$root/build" -G Ninja >/dev/null
  fi
  cmake --build "$root/build" -j2 --target hyperpod-local
  export HPL_BINARY="$root/build/hyperpod-local"
fi

for tool in python3 wrk taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found on PATH" >&2; exit 2; }
done
command -v moto_server >/dev/null || {
  echo "bench: moto_server not found on PATH (pip install 'moto[server]')" >&2
  exit 2
}

python3 "$here/bench.py" "$@" &
driver=$!
cleanup() {
  if kill -0 "$driver" 2>/dev/null; then
    kill -TERM "$driver" 2>/dev/null || true
    wait "$driver" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
wait "$driver"
