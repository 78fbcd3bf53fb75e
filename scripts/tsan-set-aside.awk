# Splits one ThreadSanitizer log (scripts/check-sanitizers.sh, tsan preset) into the reports that
# count and two kinds that are set aside, each written to its own file:
#   awk -v watchdog=FILE -v inside_qt=FILE -f scripts/tsan-set-aside.awk LOG > KEPT
# - watchdog: Qt Test's watchdog thread (QTest::qExec starts one per test program) racing with the
#   main thread inside libQt6Test and libQt6Core alone: a report that names the 'QtTest Watchdog'
#   thread and has no frame from Deepterra's sources. TSan cannot suppress by thread name, and an
#   entry for libQt6Test would match every test function (they all run inside QTest::qRun).
# - inside_qt: a data race whose two accesses are both made by code in an uninstrumented Qt library
#   (the first frame below TSan's interceptor is in libQt6*.so): Qt freeing, copying or moving memory
#   that Qt's own atomics and futex locks hand from thread to thread, which TSan cannot see. A race
#   entry cannot express this, since it matches any frame of a report, thread creation stacks
#   included. Deepterra's own reads and writes (and the inline Qt header code compiled into it) are
#   instrumented, so a race in which one of them is an access (the canary's, a capture read after a
#   queued call, a value freed after an atomic release in Deepterra's code) still counts. What this
#   cannot see: a Qt value's shared data touched by two threads only through Qt's compiled functions
#   (freed in one, copied in the other), even when Deepterra's missing hand-over caused it; hence the
#   set-aside reports are kept for reading (docs/reliability.md).
BEGIN { RS = "==================\n"; ORS = RS }

function both_accesses_inside_qt(report,   lines, n, i, expecting, accesses, inside) {
    if (report !~ /WARNING: ThreadSanitizer: data race/)
        return 0
    n = split(report, lines, "\n")
    expecting = 0
    accesses = 0
    inside = 0
    for (i = 1; i <= n; i++) {
        if (lines[i] ~ /^  (Previous )?([Aa]tomic )?([Rr]ead|[Ww]rite) of size/) {
            expecting = 1
            accesses++
            continue
        }
        if (expecting && lines[i] ~ /^    #[0-9]+ /) {
            if (lines[i] ~ /\(libtsan\.so/)
                continue
            expecting = 0
            if (lines[i] ~ /\(libQt6[A-Za-z]*\.so\.6\+0x[0-9a-f]+\)$/)
                inside++
        }
    }
    return accesses == 2 && inside == 2
}

/WARNING: ThreadSanitizer/ && /QtTest Watchdog/ && !/\.\.\/\.\.\/(core|ui|app|tests)\// { print > watchdog; next }
both_accesses_inside_qt($0) { print > inside_qt; next }
{ print }
