#include "jobs/feedback.h"

#include "jobs/jobcanceled.h"
#include "jobs/ownerthreadcalls.h"

#include <QThread>

#include <algorithm>

namespace deepterra {

Feedback::Feedback(QObject *parent)
    : QObject(parent)
{ }

void Feedback::deliverOnOwnerThread()
{
    if (!m_ownerCalls)
        m_ownerCalls = new OwnerThreadCalls(this);
}

void Feedback::setProgress(double percent)
{
    percent = std::clamp(percent, 0.0, 100.0);
    m_progress.store(percent);
    if (m_ownerCalls)
        m_ownerCalls->run([this, percent] { Q_EMIT progressChanged(percent); });
    else
        Q_EMIT progressChanged(percent);
}

void Feedback::info(const QString &text)
{
    report(Level::Info, text);
}

void Feedback::warning(const QString &text)
{
    report(Level::Warning, text);
}

void Feedback::error(const QString &text)
{
    report(Level::Error, text);
}

void Feedback::report(Level level, const QString &text)
{
    Q_EMIT messageReported(level, text);
    if (m_ownerCalls)
        m_ownerCalls->run([this, level, text] { Q_EMIT messageLogged(level, text); });
    else
        Q_EMIT messageLogged(level, text);
}

void Feedback::cancel()
{
    m_canceled.store(true);
}

void Feedback::setPaused(bool paused)
{
    if (m_paused.exchange(paused) != paused)
        Q_EMIT pausedChanged(paused);
}

void Feedback::reset()
{
    m_canceled.store(false);
    setPaused(false);
    m_progress.store(0.0);
}

void Feedback::checkpoint()
{
    while (m_paused.load() && !m_canceled.load())
        QThread::msleep(20);
    if (m_canceled.load())
        throw JobCanceled();
}

} // namespace deepterra
