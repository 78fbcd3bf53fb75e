#include "workspace/overviewbuilder.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/handedovertask.h"
#include "jobs/jobcanceled.h"
#include "jobs/ownerthreadcalls.h"
#include "map/workerpriority.h"
#include "render/overviewcache.h"

namespace deepterra {

OverviewBuilder::OverviewBuilder(QObject *parent)
    : QObject(parent)
    , m_outcomes(new OwnerThreadCalls(this))
{
    // One build at a time: each reads its whole raster, two would only compete for the disk.
    m_pool.setMaxThreadCount(1);
}

OverviewBuilder::~OverviewBuilder()
{
    cancelAll();
    m_pool.waitForDone();
}

void OverviewBuilder::request(const QString &id, const QString &path, Resampling resampling)
{
    if (isBuilding(id))
        return;
    // The folder is read here, on the GUI thread, where a setting would change it.
    m_queue.append(Request { id, path, resampling, OverviewCache::defaultFolder() });
    startNext();
}

void OverviewBuilder::cancel(const QString &id)
{
    m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                 [&id](const Request &request) { return request.id == id; }),
                  m_queue.end());
    if (m_current == id && m_feedback)
        m_feedback->cancel();
}

void OverviewBuilder::cancelAll()
{
    m_queue.clear();
    if (m_feedback)
        m_feedback->cancel();
}

bool OverviewBuilder::isBuilding(const QString &id) const
{
    return m_current == id || std::any_of(m_queue.begin(), m_queue.end(), [&id](const Request &request) {
               return request.id == id;
           });
}

void OverviewBuilder::startNext()
{
    if (!m_current.isEmpty())
        return;
    if (m_queue.isEmpty()) {
        Q_EMIT idle();
        return;
    }
    const Request request = m_queue.takeFirst();
    m_current = request.id;
    m_feedback = new Feedback(this);
    Feedback *feedback = m_feedback;
    // Reported from the worker, delivered here on the GUI thread.
    feedback->deliverOnOwnerThread();
    connect(feedback, &Feedback::progressChanged, this,
            [this, id = request.id](double percent) { Q_EMIT progressChanged(id, percent); });
    // The outcome comes back through OwnerThreadCalls rather than a QFuture's result store, which
    // the last holder of the future frees after a hand-over inside Qt that ThreadSanitizer cannot
    // see. The destructor waits for the pool before m_outcomes goes.
    OwnerThreadCalls *outcomes = m_outcomes;
    HandedOverTask::start(m_pool, [this, request, feedback, outcomes] {
        WorkerPriority::lowerCurrentThread(WorkerPriority::kIdle);
        Outcome outcome;
        try {
            outcome.overviewPath
                = OverviewCache(request.folder).build(request.path, request.resampling, feedback);
        } catch (const JobCanceled &) {
            outcome.canceled = true;
        } catch (const DataError &e) {
            outcome.error = e.message();
        } catch (const std::exception &e) {
            outcome.error = QStringLiteral("%1: %2").arg(request.path, QString::fromUtf8(e.what()));
        }
        outcomes->run([this, request, feedback, outcome] { finishBuild(request, feedback, outcome); });
    });
}

void OverviewBuilder::finishBuild(const Request &request, Feedback *feedback, const Outcome &outcome)
{
    feedback->deleteLater();
    m_feedback = nullptr;
    m_current.clear();
    if (!outcome.overviewPath.isEmpty())
        Q_EMIT built(request.id, request.path, outcome.overviewPath);
    else if (!outcome.canceled)
        Q_EMIT failed(request.id, outcome.error);
    startNext();
}

} // namespace deepterra
