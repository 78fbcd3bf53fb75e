#include "workspace/datafileimporter.h"

#include "jobs/jobpool.h"
#include "render/layerdetector.h"

namespace deepterra {

DataFileImporter::DataFileImporter(QObject *parent)
    : QObject(parent)
    , m_jobs(new JobPool(WorkerThreadPriority::kInteractiveNice, this))
{ }

void DataFileImporter::import(const QStringList &paths)
{
    for (const QString &path : paths)
        m_jobs->call<ProjectLayer>(
            tr("Reading %1").arg(path), [path](Feedback &) { return LayerDetector::detect(path); },
            [this, path](std::optional<ProjectLayer> layer, const JobResult &result) {
                if (layer)
                    Q_EMIT detected(path, *layer);
                else
                    Q_EMIT failed(result.error);
            });
}

} // namespace deepterra
