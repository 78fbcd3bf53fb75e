#!/usr/bin/env bash
# Runs the test suite under the sanitizers and prints the figures that docs/reliability.md records:
#   scripts/check-sanitizers.sh [asan|tsan|all]        (default all)
# asan: the `asan` preset (AddressSanitizer with LeakSanitizer, and UBSan), the whole suite but the
#       gpu and package labels (the installed package is a release build).
# tsan: the `tsan` preset (ThreadSanitizer), the tests labelled threads: jobs, training, prediction
#       streams and tasks, the overview cache, the map renderer, the training workflow in the app.
# Each sanitizer report (from a test or from a deepterra-cli that a test starts) is counted: ASan's
# and TSan's go to build/PRESET/sanitizer-reports/, UBSan's to the test's output. Under asan a
# report also fails its test. Suppressions, for third-party code only and each with its reason, are
# in tests/sanitizers/. Exit status: 0 when every test passed with no report.
# Cold builds on two cores: asan 34 minutes, tsan's tests about 20; ccache keeps later ones short.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
which=${1:-all}
case "$which" in asan | tsan | all) ;; *) echo "usage: scripts/check-sanitizers.sh [asan|tsan|all]" >&2; exit 2 ;; esac
jobs=${DEEPTERRA_SANITIZER_JOBS:-$(nproc)}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
supp=$root/tests/sanitizers
summary=()

# Counts the reports left in DIR by the sanitizer runtimes (one file per process that reported).
count_reports() {
    local dir=$1 pattern=$2
    grep -l -E "$pattern" "$dir"/* 2>/dev/null | wc -l
}

# Sets aside, from the TSan logs in DIR, the reports that scripts/tsan-set-aside.awk describes: Qt
# Test's watchdog racing inside Qt Test, and races whose two accesses are both inside uninstrumented
# Qt. They are kept under build/tsan/set-aside/ and counted; every other report counts. Prints the
# two counts of reports.
set_aside_tsan_reports() {
    local dir=$1 aside=$1/../set-aside f
    rm -rf "$aside"
    mkdir -p "$aside"
    for f in "$dir"/tsan.*; do
        [ -f "$f" ] || continue
        awk -v watchdog="$aside/watchdog.${f##*/}" -v inside_qt="$aside/inside-qt.${f##*/}" \
            -f "$root/scripts/tsan-set-aside.awk" "$f" >"$f.kept" && mv "$f.kept" "$f"
        grep -q "WARNING: ThreadSanitizer" "$f" || rm -f "$f"
    done
    echo "$(cat "$aside"/watchdog.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer") reports of Qt Test's watchdog" \
        "and $(cat "$aside"/inside-qt.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer") with both accesses inside Qt set aside"
}

# run_preset PRESET LABEL_ARGS...: configures and builds what the tests need, then runs them.
run_preset() {
    local preset=$1
    shift
    local build=build/$preset reports
    reports=$root/$build/sanitizer-reports
    echo "==== $preset: configure and build ===="
    cmake --preset "$preset" >"$build.configure.log" 2>&1 || {
        cat "$build.configure.log"
        return 1
    }
    local start=$SECONDS
    if [ "$preset" = tsan ]; then
        # Only the tests that run threads, and what they start (deepterra-cli).
        mapfile -t targets < <(ctest --test-dir "$build" -N "$@" | sed -n 's/^ *Test *#[0-9]*: \(.*\)$/\1/p')
        cmake --build "$build" --target deepterra-cli "${targets[@]}" || return 1
    else
        cmake --build "$build" || return 1
    fi
    local build_minutes=$(((SECONDS - start) / 60))
    rm -rf "$reports"
    mkdir -p "$reports"
    echo "==== $preset: tests (${*:-all}) ===="
    start=$SECONDS
    local status=0
    ctest --test-dir "$build" "$@" -LE "gpu|package" -j "$jobs" --output-on-failure \
        | tee "$build/sanitizer-ctest.log" || status=1
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    local test_minutes=$(((SECONDS - start) / 60))
    local passed
    passed=$(sed -n 's/^\([0-9]*% tests passed, .*\)$/\1/p' "$build/sanitizer-ctest.log")
    # UBSan beside ASan writes to the test's output: its reports are counted in ctest's log.
    local found ubsan aside=""
    if [ "$preset" = tsan ]; then
        aside="; $(set_aside_tsan_reports "$reports")"
    fi
    found=$(count_reports "$reports" "ERROR: (Address|Leak)Sanitizer|runtime error:|WARNING: ThreadSanitizer")
    ubsan=$(grep -c "runtime error:" "$build/Testing/Temporary/LastTest.log" 2>/dev/null)
    found=$((found + ${ubsan:-0}))
    if [ "$found" -gt 0 ]; then
        status=1
        echo "$preset: $found sanitizer reports (a process's in build/$preset/sanitizer-reports, or a line in ctest's log):"
        grep -h -E "^(SUMMARY|WARNING|ERROR)|runtime error:" "$reports"/* "$build/Testing/Temporary/LastTest.log" \
            | sed 's/==[0-9]*==//' | sort | uniq -c | sort -rn | head -40
    fi
    summary+=("$preset: ${passed:-no tests ran}; $found sanitizer reports$aside; build $build_minutes min, tests $test_minutes min")
    return $status
}

overall=0
if [ "$which" = asan ] || [ "$which" = all ]; then
    reports=$root/build/asan/sanitizer-reports
    # halt_on_error: a report fails the test that caused it. Leak checking is on (the default on
    # Linux); the suppressions name third-party libraries only.
    export ASAN_OPTIONS="log_path=$reports/asan:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
    run_preset asan || overall=1
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi
if [ "$which" = tsan ] || [ "$which" = all ]; then
    reports=$root/build/tsan/sanitizer-reports
    # die_after_fork=0: QProcess forks from a threaded test to start deepterra-cli, and the child
    # only calls exec.
    # exitcode=0: a test is not failed by TSan itself, so that reports inside Qt alone can be set
    # aside (scripts/tsan-set-aside.awk); every other report fails the check.
    flags="halt_on_error=0:second_deadlock_stack=1:die_after_fork=0:suppressions=$supp/tsan.supp"
    # Neither the suppressions nor the setting aside may hide Deepterra's own races: a race between
    # code run by a QThread and a slot on the event loop, compiled here, has to be reported with the
    # one and kept by the other.
    canary=$(mktemp -d)
    cat >"$canary/race.cpp" <<'CANARY'
#include <QCoreApplication>
#include <QThread>
#include <QTimer>
int shared = 0;
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QThread *thread = QThread::create([] { shared = 1; QThread::msleep(50); });
    thread->start();
    QTimer::singleShot(10, [&] { shared = 2; thread->wait(); delete thread; app.quit(); });
    return app.exec();
}
CANARY
    # shellcheck disable=SC2046
    c++ -std=c++17 -fPIC -fsanitize=thread -g "$canary/race.cpp" -o "$canary/race" $(pkg-config --cflags --libs Qt6Core)
    # The canary exits with TSan's status 66 when it reports: its output is read, not its status.
    canary_output=$(TSAN_OPTIONS=$flags "$canary/race" 2>&1)
    canary_kept=$(awk -v watchdog=/dev/null -v inside_qt=/dev/null -f "$root/scripts/tsan-set-aside.awk" <<<"$canary_output")
    if grep -q "WARNING: ThreadSanitizer: data race" <<<"$canary_kept"; then
        echo "tsan: a race in code run by a QThread is still reported with the suppressions, and kept (canary)"
    else
        echo "tsan: the canary race was not reported, or was set aside: real races would be hidden" >&2
        overall=1
    fi
    rm -rf "$canary"
    export TSAN_OPTIONS="log_path=$reports/tsan:exitcode=0:$flags"
    run_preset tsan -L threads || overall=1
    unset TSAN_OPTIONS
fi
echo
echo "==== sanitizers ===="
printf '%s\n' "${summary[@]}"
exit $overall
