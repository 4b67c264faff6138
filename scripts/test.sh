#!/usr/bin/env bash
# The whole test run: dependencies, build, then unit and end-to-end tests via CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh
# The seed deployment test mostly sleeps, so two at a time fits two cores.
ctest --test-dir build --output-on-failure -j2 "$@"
