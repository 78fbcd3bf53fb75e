#include "jobs/jobpool.h"

#include "jobs/feedback.h"
#include "jobs/handedovertask.h"
#include "jobs/job.h"
#include "jobs/jobrunner.h"
#include "jobs/workerthreadpriority.h"

#include <QMetaObject>
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
    // Owned here, on the owner's thread, until the callback: the worker only borrows the feedback,
    // and the destructor waits for the workers before it goes.
    Pending &pending = m_pending[id];
    pending.feedback = std::make_unique<Feedback>();
    pending.done = std::move(done);
    Feedback *feedback = pending.feedback.get();
    std::shared_ptr<Job> shared(std::move(job));
    auto work = [this, id, feedback, shared, nice = m_nice]() mutable {
        if (nice > 0)
            WorkerThreadPriority::lowerCurrentThread(nice);
        const JobResult result = JobRunner::runBlocking(*shared, *feedback);
        // The job's data is freed here, off the owner's thread, and before the hand-over.
        shared.reset();
        m_finished.put({ id, result });
        const bool queued = QMetaObject::invokeMethod(this, "deliverFinished", Qt::QueuedConnection);
        Q_ASSERT(queued);
        Q_UNUSED(queued);
    };
    HandedOverTask::start(m_pool, std::move(work));
}

void JobPool::deliverFinished()
{
    // One call per finished job, so that a callback that deletes the pool drops the calls queued
    // behind it with the pool, as Qt drops the events of a deleted receiver.
    std::optional<Finished> finished = m_finished.take();
    if (!finished)
        return;
    const auto found = m_pending.find(finished->id);
    if (found == m_pending.end())
        return;
    const Done done = std::move(found->second.done);
    m_pending.erase(found);
    if (done)
        done(finished->result);
}

void JobPool::cancelAll()
{
    for (const auto &[id, pending] : m_pending)
        pending.feedback->cancel();
}

} // namespace deepterra
