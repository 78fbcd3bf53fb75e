#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

namespace deepterra {

// Records the longest gap between ticks of a 1 ms timer on the GUI thread, when it ended, and how
// many gaps exceeded a threshold (one hiccup of the machine differs from a steady stutter).
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0) {
                const qint64 gap = now - m_last;
                if (gap > m_longest) {
                    m_longest = gap;
                    m_longestEndedAt = now;
                }
                if (gap > m_thresholdNs)
                    ++m_overThreshold;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_longest = 0;
        m_longestEndedAt = 0;
        m_overThreshold = 0;
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double longestMs() const { return m_longest / 1e6; }
    double longestEndedAtSeconds() const { return m_longestEndedAt / 1e9; } // since start()
    void setThresholdMs(double ms) { m_thresholdNs = qint64(ms * 1e6); }
    int stallsOverThreshold() const { return m_overThreshold; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_longest = 0;
    qint64 m_longestEndedAt = 0;
    qint64 m_thresholdNs = 50'000'000;
    int m_overThreshold = 0;
};

} // namespace deepterra
