#!/usr/bin/env bash
# Prints the counts that ctest keeps only in its log (a passing test's output is not shown): the
# bad-input corpus and the fuzz corpora replayed. scripts/test.sh and scripts/debian13.sh call it.
#   scripts/reliability-counts.sh BUILD_DIR
log=${1:?usage: scripts/reliability-counts.sh BUILD_DIR}/Testing/Temporary/LastTest.log
pattern="Bad-input corpus: .*|FuzzReplay [a-z]+: .*"
[ -f "$log" ] && grep -q -E "$pattern" "$log" || exit 0
echo "Reliability counts (ctest log):"
grep -h -o -E "$pattern" "$log" | sed 's/^/  /'
