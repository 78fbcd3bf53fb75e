#include "jobs/latestjobrunner.h"

#include "jobs/job.h"
#include "jobs/jobrunner.h"

#include <utility>

namespace deepterra {

LatestJobRunner::LatestJobRunner(QObject *parent)
    : QObject(parent)
    , m_runner(new JobRunner(this))
{
    connect(m_runner, &JobRunner::finished, this, &LatestJobRunner::onFinished);
}

void LatestJobRunner::request(JobFactory make)
{
    if (m_runner->isRunning()) {
        m_waiting = std::move(make);
        return;
    }
    m_runner->start(make());
}

bool LatestJobRunner::isBusy() const
{
    return m_runner->isRunning() || bool(m_waiting);
}

void LatestJobRunner::cancelAndWait()
{
    m_waiting = nullptr;
    m_runner->cancelAndWait();
}

void LatestJobRunner::onFinished(const JobResult &result)
{
    if (m_waiting) {
        m_runner->start(std::exchange(m_waiting, nullptr)());
        return;
    }
    Q_EMIT finished(result);
}

} // namespace deepterra
