#pragma once

#include "common/handoverqueue.h"
#include "jobs/feedback.h"
#include "jobs/jobresult.h"

#include <QObject>

#include <memory>

class QThread;

namespace deepterra {

class Job;

// Runs jobs for the GUI (on a worker thread, finished() arrives on the runner's thread) and for
// the CLI (runBlocking, on the calling thread). Either way, exceptions become a JobResult.
class JobRunner : public QObject
{
    Q_OBJECT

public:
    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    static JobResult runBlocking(Job &job, Feedback &feedback);

    // Starts the job on a new worker thread. Only one job at a time per runner.
    bool start(std::unique_ptr<Job> job);
    // The same, for an owner that reads the job's results once finished() arrives.
    bool startShared(std::shared_ptr<Job> job);
    bool isRunning() const;
    Feedback *feedback() { return &m_feedback; }
    void cancel() { m_feedback.cancel(); }
    // Cancels and waits for the worker: used when the owner goes away.
    void cancelAndWait();

Q_SIGNALS:
    void finished(const deepterra::JobResult &result);

private Q_SLOTS:
    void deliverFinished();

private:
    struct Finished
    {
        quint64 generation = 0;
        JobResult result;
    };

    Feedback m_feedback;
    QThread *m_thread = nullptr;
    // Running from start() until finished is emitted, so that a slot of finished can start the
    // next job. A job's late finished does not clear the flag of the job started after it.
    bool m_running = false;
    quint64 m_generation = 0;
    HandOverQueue<Finished> m_finished;
};

} // namespace deepterra
