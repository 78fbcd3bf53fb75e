#pragma once

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
    bool isRunning() const;
    Feedback *feedback() { return &m_feedback; }
    void cancel() { m_feedback.cancel(); }
    // Cancels and waits for the worker: used when the owner goes away.
    void cancelAndWait();

Q_SIGNALS:
    void finished(const deepterra::JobResult &result);

private:
    Feedback m_feedback;
    QThread *m_thread = nullptr;
};

} // namespace deepterra
