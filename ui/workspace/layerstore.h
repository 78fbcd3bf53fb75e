#pragma once

#include "render/maplayerdata.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>

class QFileSystemWatcher;

namespace deepterra {

class JobPool;
class OverviewBuilder;
class Project;

// The loaded data of the project's layers (MapLayerLoader), read one layer at a time on a worker
// thread in project order. The first layer with a CRS gives the map its CRS; later layers are
// placed on that map. Layers removed from the project are forgotten, added ones are loaded.
// A large raster without overviews gets them built in the cache in the background
// (OverviewBuilder); once built, its data point at them and the layer is announced again.
class LayerStore : public QObject
{
    Q_OBJECT

public:
    explicit LayerStore(QObject *parent = nullptr);
    ~LayerStore() override;

    // Forgets every layer and the map's CRS (another project).
    void reset();
    // Starts loading the project's layers that are neither loaded nor loading.
    void sync(const Project &project);

    std::shared_ptr<const MapLayerData> data(const QString &id) const { return m_data.value(id); }
    QString error(const QString &id) const { return m_errors.value(id); }
    bool isLoading(const QString &id) const;
    bool isBusy() const { return !m_queue.isEmpty() || !m_current.isEmpty(); }
    // Overviews are being built for a layer, or wait for their turn.
    bool isBuildingOverviews() const;
    const CrsInfo &mapCrs() const { return m_mapCrs; }
    // Union of the map extents of the drawable layers.
    QRectF fullExtent() const;

Q_SIGNALS:
    // Also when a layer's data changed (its overviews were built).
    void layerLoaded(const QString &id);
    void layerFailed(const QString &id, const QString &message);
    // `done` of `total` layers of the current batch have finished loading.
    void progressChanged(int done, int total);
    void idle();
    void overviewProgress(const QString &id, double percent);
    void overviewsBuilt(const QString &id);
    // The layer stays drawn from the raster itself; `message` says why.
    void overviewsFailed(const QString &id, const QString &message);
    // No overview build runs or waits any more.
    void overviewsIdle();

private:
    struct Pending;
    void loadNext();
    void adoptMapCrs(const CrsInfo &crs);
    void adoptOverviews(const QString &id, const QString &path, const QString &overviewPath);
    void watch(const QString &path);
    // A loaded layer's file that was deleted or moved makes the layer unavailable, with the
    // reason; a file rewritten or put back is read again.
    void onFilesChanged();

    QHash<QString, std::shared_ptr<const MapLayerData>> m_data;
    QHash<QString, QString> m_errors;
    QHash<QString, QString> m_loadedPaths; // id -> the file and properties it was loaded from
    QSet<QString> m_projectIds; // the layers of the project as last synced
    QList<std::shared_ptr<Pending>> m_queue;
    QString m_current;
    CrsInfo m_mapCrs;
    int m_batchDone = 0;
    int m_batchTotal = 0;
    quint64 m_epoch = 0; // bumped by reset(): results of an older project are dropped
    OverviewBuilder *m_overviews = nullptr;
    JobPool *m_jobs = nullptr;
    // What each layer was last loaded from, to read it again when its file changes.
    QHash<QString, std::shared_ptr<Pending>> m_sources;
    QHash<QString, QDateTime> m_loadedAt; // the file's modification time when it was read
    QSet<QString> m_vanished; // layers whose file went away while open
    QFileSystemWatcher *m_watcher = nullptr;
    QSet<QString> m_changed; // files and folders changed since the last check
    // Writers touch a file several times: one check after they are done.
    QTimer m_changeDelay;
};

} // namespace deepterra
