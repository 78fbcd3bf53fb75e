#pragma once

#include "geodata/rasterreadrequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QThreadPool>

namespace deepterra {

class Feedback;
class OwnerThreadCalls;

// Builds overviews of large rasters into the OverviewCache in the background, one raster at a time
// on a low-priority worker of its own, so that loading and drawing keep their threads. A build is
// cancelled when its layer leaves the project, when another project opens, and when the builder is
// destroyed (the window closes): GDAL stops at its next progress report and the cache keeps no
// partial files.
class OverviewBuilder : public QObject
{
    Q_OBJECT

public:
    explicit OverviewBuilder(QObject *parent = nullptr);
    // Cancels every build and waits for the running one to stop.
    ~OverviewBuilder() override;

    // Queues a build of `path` for layer `id`, unless one is queued or running for it.
    void request(const QString &id, const QString &path, Resampling resampling);
    void cancel(const QString &id);
    void cancelAll();
    // Queued or running.
    bool isBuilding(const QString &id) const;
    bool isIdle() const { return m_current.isEmpty() && m_queue.isEmpty(); }

Q_SIGNALS:
    void progressChanged(const QString &id, double percent);
    // `path` is the raster's, as requested.
    void built(const QString &id, const QString &path, const QString &overviewPath);
    // The layer is drawn from the raster itself, more slowly; `message` says why.
    void failed(const QString &id, const QString &message);
    // The last queued build ended (built, failed or cancelled).
    void idle();

private:
    struct Request
    {
        QString id;
        QString path;
        Resampling resampling = Resampling::Average;
        QString folder;
    };
    struct Outcome
    {
        QString overviewPath;
        QString error;
        bool canceled = false;
    };
    void startNext();
    void finishBuild(const Request &request, Feedback *feedback, const Outcome &outcome);

    QThreadPool m_pool;
    // The builds' outcomes reach the GUI thread through it (see startNext).
    OwnerThreadCalls *m_outcomes;
    QList<Request> m_queue;
    QString m_current;
    Feedback *m_feedback = nullptr; // of the running build
};

} // namespace deepterra
