#!/usr/bin/env bash
# Fuzzes one of Deepterra's own parsers with libFuzzer, under AddressSanitizer and UBSan (clang):
#   scripts/fuzz.sh TARGET [SECONDS]      TARGET: csvseries dates cftime projectfile modelspec
#                                                 trainingconfig modelcard onnxexport; SECONDS default 600
#   scripts/fuzz.sh --list
# Builds the `fuzz` preset's fuzz_TARGET (build/fuzz), starts from the kept corpus
# (tests/fuzz/corpus/TARGET, replayed by the FuzzReplay tests in CI) and fuzzes for SECONDS on one
# core. New inputs go to build/fuzz/corpus/TARGET; a crash, a leak, undefined behaviour or an input
# that runs over 10 s stops it and is saved under build/fuzz/findings/TARGET (fix the parser, then add
# the input to the kept corpus so that CI replays it). At the end the inputs that reach new code are
# merged into the kept corpus, and the figures are printed: runs, runs per second, coverage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=(csvseries dates cftime projectfile modelspec trainingconfig modelcard onnxexport)
if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${targets[@]}"
    exit 0
fi
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] (scripts/fuzz.sh --list)}
seconds=${2:-600}
printf '%s\n' "${targets[@]}" | grep -qxF "$target" || { echo "fuzz: unknown target '$target'" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz: needs clang (apt-get install clang)" >&2; exit 1; }

cd "$root"
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "fuzz_$target" >/dev/null
kept=tests/fuzz/corpus/$target
work=build/fuzz/corpus/$target
findings=build/fuzz/findings/$target
mkdir -p "$work" "$findings"
dict=()
[ ! -f "tests/fuzz/$target.dict" ] || dict=("-dict=tests/fuzz/$target.dict")

# UBSan findings are fatal (a report that only prints would be missed); leaks are findings too.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
log=build/fuzz/$target.log
status=0
"build/fuzz/tests/fuzz/fuzz_$target" "$work" "$kept" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
    >"$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
features=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1)
if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target: FINDING after ${runs:-?} runs; input saved in $findings (log: $log)" >&2
    exit 1
fi
"build/fuzz/tests/fuzz/fuzz_$target" -merge=1 "$kept" "$work" >>"$log" 2>&1
echo "fuzz: $target: $seconds s, ${runs:-?} runs (${speed:-?}/s), $coverage, $features, no finding;" \
    "kept corpus now $(find "$kept" -type f | wc -l) inputs"
