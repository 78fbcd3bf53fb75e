#pragma once

#include "jobs/jobresult.h"

#include <QObject>

#include <functional>
#include <memory>

namespace deepterra {

class Job;
class JobRunner;

// Runs background reads where only the newest request matters (the run a view shows, the runs whose
// curves are compared): a request made while a job runs waits, replacing any request waiting
// before it, and starts when the running job ends, whose result is then dropped.
class LatestJobRunner : public QObject
{
    Q_OBJECT

public:
    using JobFactory = std::function<std::unique_ptr<Job>()>;

    explicit LatestJobRunner(QObject *parent = nullptr);

    // `make` is called when the job can start: at once, or when the running job ends.
    void request(JobFactory make);
    // A job runs or a request waits.
    bool isBusy() const;
    // Drops the waiting request, cancels the running job and waits for it: the owner goes away.
    void cancelAndWait();

Q_SIGNALS:
    // The newest request's job ended; superseded jobs report nothing.
    void finished(const deepterra::JobResult &result);

private:
    void onFinished(const JobResult &result);

    JobRunner *m_runner;
    JobFactory m_waiting;
};

} // namespace deepterra
