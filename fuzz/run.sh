#!/usr/bin/env bash
# Builds the fuzz targets (clang, ASan + UBSan, libFuzzer) in build-fuzz/ and runs each one for
# a bounded time, starting from its committed seed corpus, then prints how many inputs each
# executed. A crash, a sanitizer report, a timeout or a leak fails the run; the input that
# caused it is left in build-fuzz/artifacts/ (add it to fuzz/corpus/<target>/ once fixed).
#
#   fuzz/run.sh [seconds per target, default $HPL_FUZZ_SECONDS or 30] [target ...]
#   HPL_FUZZ_BUILD_DIR=...  where to build (default build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${HPL_FUZZ_SECONDS:-30}}
shift || true
build=${HPL_FUZZ_BUILD_DIR:-build-fuzz}
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(json_rpc rest_json rest_xml query sigv4 validator http_router)
fi

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -G Ninja -DHPL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
if ! cmake --build "$build" -j2 --target fuzz_targets >"$build/build.log" 2>&1; then
  tail -40 "$build/build.log"
  exit 1
fi

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$build/artifacts"
failed=()
printf '%-12s %10s %8s %8s\n' target executions exec/s corpus
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/$target"
  # New inputs go to the scratch corpus; the committed seeds are only read.
  work="$build/corpus/$target"
  mkdir -p "$work"
  log="$build/fuzz-$target.log"
  if "$build/fuzz/fuzz_$target" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(find "$work" -type f | wc -l)
  printf '%-12s %10s %8s %8s %s\n' "$target" "${runs:-?}" "${rate:-?}" "$size" "$status"
done

if ((${#failed[@]})); then
  for target in "${failed[@]}"; do
    echo "----- fuzz_$target (log: $build/fuzz-$target.log) -----"
    grep -E -A40 'ERROR|runtime error|threw|deadly signal|timeout' "$build/fuzz-$target.log" |
      head -60
  done
  echo "fuzzing found a problem in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, no finding"
