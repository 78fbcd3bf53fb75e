#pragma once

#include "common/handoverqueue.h"
#include "jobs/functionjob.h"
#include "jobs/jobresult.h"
#include "jobs/workerthreadpriority.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace deepterra {

class Feedback;
class Job;

// Runs short, independent jobs side by side for the GUI: a project opening, layers loading, a file
// inspected while another is read, the values under the cursor. Each job runs on one of the pool's
// threads under JobRunner::runBlocking, so that its exceptions become a JobResult as every other
// job's do, and its callback arrives on the pool owner's thread. A pool going away cancels its
// jobs, waits for them and drops their callbacks. JobRunner stays for the one long job a view
// follows (training, prediction, export), with its progress and pause.
class JobPool : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const JobResult &result)>;
    template<typename T>
    using ValueDone = std::function<void(std::optional<T> value, const JobResult &result)>;

    // The pool's threads run at `nice` (WorkerThreadPriority; 0 leaves them at the GUI's priority,
    // for reads that follow the mouse).
    explicit JobPool(int nice = WorkerThreadPriority::kInteractiveNice, QObject *parent = nullptr);
    ~JobPool() override;

    void start(std::unique_ptr<Job> job, Done done);

    // The value `work` returns on a pool thread, handed to `done` on the owner's thread; empty
    // when the work failed or was canceled (the result says why).
    template<typename T> void call(const QString &name, std::function<T(Feedback &)> work, ValueDone<T> done)
    {
        auto value = std::make_shared<std::optional<T>>();
        start(std::make_unique<FunctionJob>(
                  name,
                  [value, work = std::move(work)](Feedback &feedback) { value->emplace(work(feedback)); }),
              [value, done = std::move(done)](const JobResult &result) { done(std::move(*value), result); });
    }

    // Jobs started whose callback has not run yet.
    int pendingCount() const { return int(m_pending.size()); }
    void cancelAll();

private Q_SLOTS:
    void deliverFinished();

private:
    struct Pending
    {
        std::unique_ptr<Feedback> feedback;
        Done done;
    };
    struct Finished
    {
        quint64 id = 0;
        JobResult result;
    };

    QThreadPool m_pool;
    int m_nice;
    std::map<quint64, Pending> m_pending;
    HandOverQueue<Finished> m_finished;
    quint64 m_nextId = 0;
};

} // namespace deepterra
