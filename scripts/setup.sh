#!/usr/bin/env bash
# Installs every build and test dependency of hyperpod-local. Idempotent: it
# installs only what is missing, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libre2-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libyaml-cpp-dev libcurl4-openssl-dev libgtest-dev wrk clang-format
  clang libclang-rt-14-dev
)

installed() {
  # dpkg -s also succeeds for removed packages that left config files behind.
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
# The test clients: Node.js for the JS SDK, boto3 and the aws CLI for Python.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
python3 -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
command -v aws >/dev/null || missing+=(awscli)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all system packages present"
fi

# The JS SDK end-to-end test, pinned by tests/js/package-lock.json.
if [[ ! -d tests/js/node_modules ]]; then
  echo "setup: npm ci in tests/js"
  (cd tests/js && npm ci --no-audit --no-fund)
fi
