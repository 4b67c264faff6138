#!/usr/bin/env bash
# Fails when a C++ source in the repository is not laid out as .clang-format says.
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp' | grep -v /generated/)
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' | grep -v '/generated/')
clang-format --dry-run --Werror "${files[@]}"
echo "${#files[@]} files laid out as .clang-format says"
