#include "jobs/jobrunner.h"

#include "common/dataerror.h"
#include "jobs/job.h"
#include "jobs/jobcanceled.h"
#include "jobs/workerthreadpriority.h"

#include <QMetaObject>
#include <QThread>

namespace deepterra {

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<deepterra::JobResult>("deepterra::JobResult");
    // Its listeners are views on this thread.
    m_feedback.deliverOnOwnerThread();
}

JobRunner::~JobRunner()
{
    cancelAndWait();
}

JobResult JobRunner::runBlocking(Job &job, Feedback &feedback)
{
    JobResult result;
    try {
        job.run(feedback);
    } catch (const JobCanceled &) {
        result.status = JobResult::Status::Canceled;
        result.error = QStringLiteral("%1 was canceled").arg(job.name());
    } catch (const DataError &e) {
        result.status = JobResult::Status::Failed;
        result.error = e.message();
    } catch (const std::exception &e) {
        result.status = JobResult::Status::Failed;
        result.error = QStringLiteral("%1 failed: %2").arg(job.name(), QString::fromUtf8(e.what()));
    } catch (...) {
        result.status = JobResult::Status::Failed;
        result.error = QStringLiteral("%1 failed with an unknown error").arg(job.name());
    }
    if (result.status == JobResult::Status::Failed)
        feedback.error(result.error);
    return result;
}

bool JobRunner::start(std::unique_ptr<Job> job)
{
    return startShared(std::shared_ptr<Job>(std::move(job)));
}

bool JobRunner::startShared(std::shared_ptr<Job> job)
{
    if (isRunning() || !job)
        return false;
    if (m_thread) {
        m_thread->wait(); // returned from its job already: only the thread's own exit is left
        delete m_thread;
        m_thread = nullptr;
    }
    // A previous job's cancel must not leak into the next one.
    m_feedback.reset();
    const quint64 generation = ++m_generation;
    m_running = true;
    std::shared_ptr<Job> shared = std::move(job);
    m_thread = QThread::create([this, shared, generation]() mutable {
        WorkerThreadPriority::lowerCurrentThread();
        const JobResult result = runBlocking(*shared, m_feedback);
        // What only the job held goes here, before the hand-over, not with the thread's functor
        // after it.
        shared.reset();
        m_finished.put({ generation, result });
        const bool queued = QMetaObject::invokeMethod(this, "deliverFinished", Qt::QueuedConnection);
        Q_ASSERT(queued);
        Q_UNUSED(queued);
    });
    m_thread->start();
    return true;
}

void JobRunner::deliverFinished()
{
    std::optional<Finished> finished = m_finished.take();
    if (!finished)
        return;
    if (finished->generation == m_generation)
        m_running = false;
    Q_EMIT this->finished(finished->result);
}

bool JobRunner::isRunning() const
{
    return m_running;
}

void JobRunner::cancelAndWait()
{
    if (!m_thread)
        return;
    m_feedback.cancel();
    m_feedback.setPaused(false);
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_running = false;
}

} // namespace deepterra
