#pragma once

#include "render/maplayerdata.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

namespace deepterra {

class Project;

// The loaded data of the project's layers (MapLayerLoader), read one layer at a time on a worker
// thread in project order. The first layer with a CRS gives the map its CRS; later layers are
// placed on that map. Layers removed from the project are forgotten, added ones are loaded.
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
    const CrsInfo &mapCrs() const { return m_mapCrs; }
    // Union of the map extents of the drawable layers.
    QRectF fullExtent() const;

Q_SIGNALS:
    void layerLoaded(const QString &id);
    void layerFailed(const QString &id, const QString &message);
    // `done` of `total` layers of the current batch have finished loading.
    void progressChanged(int done, int total);
    void idle();

private:
    struct Pending;
    void loadNext();
    void adoptMapCrs(const CrsInfo &crs);

    QHash<QString, std::shared_ptr<const MapLayerData>> m_data;
    QHash<QString, QString> m_errors;
    QHash<QString, QString> m_loadedPaths; // id -> path it was loaded from
    QList<std::shared_ptr<Pending>> m_queue;
    QString m_current;
    CrsInfo m_mapCrs;
    int m_batchDone = 0;
    int m_batchTotal = 0;
    quint64 m_epoch = 0; // bumped by reset(): results of an older project are dropped
};

} // namespace deepterra
