#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, start the emulator on its
# embedded store (./.hyperpod-local) in the background, and deploy the spec's example stack
# against it. The emulator keeps running afterwards; scripts/stop.sh stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh

DATA_DIR=${HYPERPOD_LOCAL_DATA_DIR:-.hyperpod-local}
PORT=${HYPERPOD_LOCAL_PORT:-4596}
ENDPOINT="http://127.0.0.1:${PORT}"
mkdir -p "$DATA_DIR"

healthy() { curl -sf "${ENDPOINT}/_hyperpod/health" >/dev/null 2>&1; }

ours() { [[ -f "${DATA_DIR}/server.pid" ]] && kill -0 "$(cat "${DATA_DIR}/server.pid")" 2>/dev/null; }

if healthy && ours; then
  echo "run: hyperpod-local already answers at ${ENDPOINT}"
elif healthy; then
  # Another checkout's (or a hand-started) emulator: deploying into it would mix two states.
  echo "run: ${ENDPOINT} is another hyperpod-local, not the one of ${DATA_DIR}." >&2
  echo "run: stop it, or use another port: HYPERPOD_LOCAL_PORT=4597 scripts/run.sh" >&2
  exit 1
else
  echo "run: starting hyperpod-local at ${ENDPOINT} (data in ${DATA_DIR}, log in ${DATA_DIR}/server.log)"
  nohup build/hyperpod-local serve --port "$PORT" --data-dir "$DATA_DIR" \
    >>"${DATA_DIR}/server.log" 2>&1 &
  echo $! >"${DATA_DIR}/server.pid"
  for _ in $(seq 1 100); do
    healthy && break
    sleep 0.1
  done
  healthy || { echo "run: the emulator did not start; see ${DATA_DIR}/server.log" >&2; exit 1; }
fi

HPL_ENDPOINT="$ENDPOINT" python3 scripts/deploy_example.py

# Everything a shell needs to talk to the emulator: any key pair works, but the CLI and the
# SDKs refuse to send a request without one.
cat >"${DATA_DIR}/env" <<EOM
export AWS_ENDPOINT_URL=${ENDPOINT}
export AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}
export AWS_SECRET_ACCESS_KEY=\${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
export AWS_DEFAULT_REGION=us-west-2
export HYPERPOD_LOCAL_ENDPOINT=${ENDPOINT}
EOM

cat <<EOM

hyperpod-local keeps running at ${ENDPOINT}.
  Talk to it from this shell:  source ${DATA_DIR}/env   (endpoint, dummy keys, us-west-2;
                               build/hyperpod-local health, advance, fault ... use it too)
  then for example:            aws sagemaker list-cluster-nodes --cluster-name my-hyperpod-cluster
  Stop it:                     scripts/stop.sh
EOM
