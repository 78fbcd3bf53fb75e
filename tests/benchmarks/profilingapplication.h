#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QString>

namespace deepterra {

// Times every event the GUI thread delivers, so that a stall can be traced to its receiver.
class ProfilingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    static ProfilingApplication *current()
    {
        return static_cast<ProfilingApplication *>(QCoreApplication::instance());
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (++m_depth > 1) {
            const bool result = QApplication::notify(receiver, event);
            --m_depth;
            return result;
        }
        // The receiver may delete itself while handling the event (DeferredDelete): name it first.
        const char *className = receiver->metaObject()->className();
        const int type = int(event->type());
        QElapsedTimer timer;
        timer.start();
        const bool result = QApplication::notify(receiver, event);
        const qint64 ns = timer.nsecsElapsed();
        if (ns > m_longestNs) {
            m_longestNs = ns;
            m_longest = QStringLiteral("%1, event type %2").arg(QString::fromLatin1(className)).arg(type);
        }
        --m_depth;
        return result;
    }
    void resetLongest()
    {
        m_longestNs = 0;
        m_longest.clear();
    }
    QString longest() const
    {
        return QStringLiteral("%1 ms in %2").arg(m_longestNs / 1e6, 0, 'f', 1).arg(m_longest);
    }

private:
    int m_depth = 0;
    qint64 m_longestNs = 0;
    QString m_longest;
};

} // namespace deepterra
