#!/usr/bin/env bash
# Runs every benchmark of issue 6 and prints one table; writes bench/RESULTS.md and
# bench/results/latest.json. Arguments go to bench/bench.py (--help lists them).
#
# bench.py starts every server itself and stops them in a finally block. A background job of a
# script ignores Ctrl-C, so the trap below turns Ctrl-C (and TERM) into SIGTERM for bench.py,
# which unwinds through that finally block.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in python3 wrk moto_server; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found on PATH" >&2; exit 2; }
done

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
