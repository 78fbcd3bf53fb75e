#!/usr/bin/env bash
# README command 2: install, fetch the samples, build and run the whole test suite.
#   scripts/test.sh               every test
#   scripts/test.sh -L unit       any ctest arguments select a subset
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh --test
scripts/fetch-samples.sh
cmake --preset dev
cmake --build --preset dev
status=0
ctest --preset dev "$@" || status=$?
scripts/reliability-counts.sh build/dev
exit $status
