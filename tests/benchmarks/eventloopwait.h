#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <functional>

namespace deepterra {

// Runs the GUI event loop until `condition` holds or `timeoutMs` pass; false on the timeout. The
// loop sleeps between events as the app's does: a loop of processEvents() calls would spin the GUI
// thread on a core, take CPU from the work measured and get the thread preempted, which the stall
// probe would then report as stalls of the app.
inline bool waitFor(const std::function<bool()> &condition, qint64 timeoutMs)
{
    if (condition())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(5);
    QElapsedTimer clock;
    clock.start();
    bool met = false;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (condition()) {
            met = true;
            loop.quit();
        } else if (clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    check.start();
    loop.exec();
    return met;
}

} // namespace deepterra
