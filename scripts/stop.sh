#!/usr/bin/env bash
# Stops the emulator scripts/run.sh started (SIGTERM: it finishes its writes and exits).
set -euo pipefail
cd "$(dirname "$0")/.."
PID_FILE=${HYPERPOD_LOCAL_DATA_DIR:-.hyperpod-local}/server.pid
if [[ ! -f "$PID_FILE" ]] || ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "stop: no running hyperpod-local found (${PID_FILE})"
  exit 0
fi
pid=$(cat "$PID_FILE")
kill -TERM "$pid"
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "stop: stopped (pid ${pid})"; exit 0; }
  sleep 0.1
done
echo "stop: pid ${pid} did not exit after 10 s" >&2
exit 1
