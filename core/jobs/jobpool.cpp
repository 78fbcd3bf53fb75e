#include "jobs/jobpool.h"

#include "common/happensbefore.h"
#include "jobs/feedback.h"
#include "jobs/job.h"
#include "jobs/jobrunner.h"
#include "jobs/workerthreadpriority.h"

#include <QMetaObject>
#include <QRunnable>
#include <QThread>

#include <algorithm>

namespace deepterra {

JobPool::JobPool(int nice, QObject *parent)
    : QObject(parent)
    , m_nice(nice)
{
    // Reads wait on the disk more than on a core: two run side by side even on one core.
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

JobPool::~JobPool()
{
    // Jobs not started yet never start; running ones are asked to stop. The callbacks already
    // queued go with this object: Qt drops the events of a deleted receiver.
    m_pool.clear();
    cancelAll();
    m_pool.waitForDone();
}

void JobPool::start(std::unique_ptr<Job> job, Done done)
{
    const quint64 id = ++m_nextId;
    // Owned here, on the owner's thread, until the callback: the worker only borrows it, and the
    // destructor waits for the workers before it goes.
    Feedback *feedback = m_pending.emplace(id, std::make_unique<Feedback>()).first->second.get();
    std::shared_ptr<Job> shared(std::move(job));
    auto work = [this, id, feedback, shared, done = std::move(done), nice = m_nice]() mutable {
        HappensBefore::acquire(feedback);
        if (nice > 0)
            WorkerThreadPriority::lowerCurrentThread(nice);
        const JobResult result = JobRunner::runBlocking(*shared, *feedback);
        // The job's data is freed here, off the owner's thread.
        shared.reset();
        HappensBefore::release(feedback);
        QMetaObject::invokeMethod(
            this,
            [this, id, feedback, result, done = std::move(done)] {
                HappensBefore::acquire(feedback);
                m_pending.erase(id);
                if (done)
                    done(result);
            },
            Qt::QueuedConnection);
    };
    QRunnable *task = QRunnable::create(std::move(work));
    // After the task is built: the pool thread reads what its construction wrote.
    HappensBefore::release(feedback);
    m_pool.start(task);
}

void JobPool::cancelAll()
{
    for (const auto &[id, feedback] : m_pending)
        feedback->cancel();
}

} // namespace deepterra
