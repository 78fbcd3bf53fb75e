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
# The counts that ctest keeps in its log only: the bad-input corpus and the fuzz corpora replayed.
log=build/dev/Testing/Temporary/LastTest.log
if [ -f "$log" ] && grep -q -E "Bad-input corpus: |FuzzReplay [a-z]+: " "$log"; then
    echo "Reliability counts (ctest log):"
    grep -h -o -E "Bad-input corpus: .*|FuzzReplay [a-z]+: .*" "$log" | sed 's/^/  /'
fi
exit $status
