#include "workspace/layerstore.h"

#include "jobs/jobpool.h"
#include "project/project.h"
#include "render/maplayerloader.h"
#include "workspace/overviewbuilder.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>

namespace deepterra {

struct LayerStore::Pending
{
    ProjectLayer layer;
    QString path;
};

namespace {

// What a layer's data depends on: its file and its kind-specific properties (a vector label
// layer's class field, a cube's variable). A change to either reads the layer again.
QString loadKey(const QString &path, const ProjectLayer &layer)
{
    return path + QLatin1Char('\n')
        + QString::fromUtf8(QJsonDocument(layer.properties).toJson(QJsonDocument::Compact));
}
} // namespace

LayerStore::LayerStore(QObject *parent)
    : QObject(parent)
    , m_overviews(new OverviewBuilder(this))
    , m_jobs(new JobPool(WorkerThreadPriority::kInteractiveNice, this))
    , m_watcher(new QFileSystemWatcher(this))
{
    m_changeDelay.setSingleShot(true);
    m_changeDelay.setInterval(300);
    connect(&m_changeDelay, &QTimer::timeout, this, &LayerStore::onFilesChanged);
    const auto changed = [this](const QString &path) {
        m_changed.insert(path);
        m_changeDelay.start();
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    connect(m_overviews, &OverviewBuilder::progressChanged, this, &LayerStore::overviewProgress);
    connect(m_overviews, &OverviewBuilder::built, this, &LayerStore::adoptOverviews);
    connect(m_overviews, &OverviewBuilder::failed, this, [this](const QString &id, const QString &message) {
        if (m_data.contains(id))
            Q_EMIT overviewsFailed(id, message);
    });
    connect(m_overviews, &OverviewBuilder::idle, this, &LayerStore::overviewsIdle);
}

LayerStore::~LayerStore() = default;

void LayerStore::reset()
{
    ++m_epoch;
    m_overviews->cancelAll();
    m_projectIds.clear();
    m_data.clear();
    m_errors.clear();
    m_loadedPaths.clear();
    m_sources.clear();
    m_loadedAt.clear();
    m_vanished.clear();
    m_queue.clear();
    m_current.clear();
    m_mapCrs = CrsInfo();
    m_batchDone = m_batchTotal = 0;
}

bool LayerStore::isLoading(const QString &id) const
{
    if (m_current == id)
        return true;
    for (const auto &pending : m_queue)
        if (pending->layer.id == id)
            return true;
    return false;
}

void LayerStore::sync(const Project &project)
{
    QSet<QString> ids;
    for (const ProjectLayer &layer : project.layers) {
        ids.insert(layer.id);
        const QString path = project.absolutePath(layer);
        if (m_loadedPaths.value(layer.id) == loadKey(path, layer) || isLoading(layer.id))
            continue;
        m_overviews->cancel(layer.id); // of the file it had before
        auto pending = std::make_shared<Pending>();
        pending->layer = layer;
        pending->path = path;
        m_queue.append(pending);
        ++m_batchTotal;
    }
    for (const QString &id : m_data.keys()) {
        if (!ids.contains(id)) {
            m_data.remove(id);
            m_overviews->cancel(id);
        }
    }
    for (const QString &id : m_errors.keys())
        if (!ids.contains(id))
            m_errors.remove(id);
    for (const QString &id : m_loadedPaths.keys())
        if (!ids.contains(id)) {
            m_loadedPaths.remove(id);
            m_sources.remove(id);
            m_loadedAt.remove(id);
            m_vanished.remove(id);
        }
    m_projectIds = ids;
    m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                 [&](const auto &pending) { return !ids.contains(pending->layer.id); }),
                  m_queue.end());
    Q_EMIT progressChanged(m_batchDone, m_batchTotal);
    loadNext();
}

bool LayerStore::isBuildingOverviews() const
{
    return !m_overviews->isIdle();
}

QRectF LayerStore::fullExtent() const
{
    QRectF extent;
    for (const auto &data : m_data)
        if (data->isDrawable() && !data->mapExtent.isNull())
            extent = extent.isNull() ? data->mapExtent : extent.united(data->mapExtent);
    return extent;
}

void LayerStore::adoptMapCrs(const CrsInfo &crs)
{
    m_mapCrs = crs;
    // Layers without a CRS loaded before the map had one cannot join it now.
    for (auto it = m_data.begin(); it != m_data.end(); ++it) {
        if (it.value()->crs.isValid() || !it.value()->isMapLayer())
            continue;
        auto placed = std::make_shared<MapLayerData>(*it.value());
        placed->mapProblem
            = tr("it has no coordinate reference system, so it cannot be placed on a map in %1")
                  .arg(crs.authorityCode.isEmpty() ? crs.name : crs.authorityCode);
        it.value() = placed;
        Q_EMIT layerLoaded(it.key());
    }
}

void LayerStore::adoptOverviews(const QString &id, const QString &path, const QString &overviewPath)
{
    const auto data = m_data.value(id);
    if (!data || data->filePath != path)
        return; // removed meanwhile, or another project's layer of the same id
    auto drawn = std::make_shared<MapLayerData>(*data);
    drawn->overviewPath = overviewPath;
    m_data.insert(id, drawn);
    Q_EMIT overviewsBuilt(id);
    Q_EMIT layerLoaded(id);
}

void LayerStore::loadNext()
{
    if (!m_current.isEmpty())
        return;
    if (m_queue.isEmpty()) {
        m_batchDone = m_batchTotal = 0;
        Q_EMIT idle();
        return;
    }
    const std::shared_ptr<Pending> pending = m_queue.takeFirst();
    m_current = pending->layer.id;
    const quint64 epoch = m_epoch;
    const CrsInfo mapCrs = m_mapCrs;
    m_jobs->call<std::shared_ptr<const MapLayerData>>(
        tr("Loading %1").arg(pending->path),
        [pending, mapCrs](Feedback &) {
            return std::make_shared<const MapLayerData>(
                MapLayerLoader::load(pending->layer, pending->path, mapCrs));
        },
        [this, pending, epoch](std::optional<std::shared_ptr<const MapLayerData>> loaded,
                               const JobResult &result) {
            const std::shared_ptr<const MapLayerData> data = loaded.value_or(nullptr);
            if (epoch != m_epoch)
                return; // another project was opened meanwhile
            const QString id = pending->layer.id;
            m_current.clear();
            ++m_batchDone;
            if (!m_projectIds.contains(id)) {
                // Removed while it loaded: nothing to show, no overviews to build.
                Q_EMIT progressChanged(m_batchDone, m_batchTotal);
                loadNext();
                return;
            }
            m_loadedPaths.insert(id, loadKey(pending->path, pending->layer));
            m_sources.insert(id, pending);
            m_loadedAt.insert(id, QFileInfo(pending->path).lastModified());
            m_vanished.remove(id);
            watch(pending->path);
            if (data) {
                m_errors.remove(id);
                if (!m_mapCrs.isValid() && data->crs.isValid() && data->mapProblem.isEmpty())
                    adoptMapCrs(data->crs);
                m_data.insert(id, data);
                Q_EMIT layerLoaded(id);
                if (MapLayerLoader::wantsCachedOverviews(*data) && data->overviewPath.isEmpty())
                    m_overviews->request(id, data->filePath, MapLayerLoader::overviewResampling(*data));
            } else {
                m_data.remove(id);
                m_errors.insert(id, result.error);
                Q_EMIT layerFailed(id, result.error);
            }
            Q_EMIT progressChanged(m_batchDone, m_batchTotal);
            loadNext();
        });
}

void LayerStore::watch(const QString &path)
{
    const QFileInfo file(path);
    if (!file.isFile())
        return;
    // The folder too: a file replaced by a rename, or put back after it went away, shows there.
    for (const QString &watched : { file.absoluteFilePath(), file.absolutePath() })
        if (!m_watcher->files().contains(watched) && !m_watcher->directories().contains(watched))
            m_watcher->addPath(watched);
}

void LayerStore::onFilesChanged()
{
    const QSet<QString> changed = std::exchange(m_changed, {});
    bool queued = false;
    // A copy: listeners of layerFailed may change the project, and with it the sources.
    const QHash<QString, std::shared_ptr<Pending>> sources = m_sources;
    for (auto it = sources.cbegin(); it != sources.cend(); ++it) {
        const QString &id = it.key();
        const std::shared_ptr<Pending> &source = it.value();
        if (!m_sources.contains(id))
            continue;
        const QFileInfo file(source->path);
        if (!m_projectIds.contains(id) || isLoading(id)
            || !(changed.contains(file.absoluteFilePath()) || changed.contains(file.absolutePath())))
            continue;
        if (!file.exists()) {
            if (m_vanished.contains(id))
                continue;
            m_vanished.insert(id);
            m_data.remove(id);
            const QString message
                = tr("%1: the file was deleted, moved or renamed while the project was open; "
                     "the layer is unavailable until the file is back")
                      .arg(source->path);
            m_errors.insert(id, message);
            Q_EMIT layerFailed(id, message);
            continue;
        }
        // Rewritten, replaced or back: read it again. A folder's change alone says nothing about
        // a file that is still there, unless it had gone.
        if (!changed.contains(file.absoluteFilePath()) && !m_vanished.contains(id)
            && file.lastModified() <= m_loadedAt.value(id))
            continue;
        m_queue.append(std::make_shared<Pending>(*source));
        ++m_batchTotal;
        queued = true;
    }
    if (queued) {
        Q_EMIT progressChanged(m_batchDone, m_batchTotal);
        loadNext();
    }
}

} // namespace deepterra
