#!/usr/bin/env bash
# Configures (once) and builds everything into build/: the emulator, hpctl and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -f build/CMakeCache.txt ]]; then
  # Already configured; re-running picks up new files without changing the generator.
  cmake -S . -B build
else
  cmake -S . -B build -G Ninja
fi
# Two cores on every machine of this project.
cmake --build build -j2
