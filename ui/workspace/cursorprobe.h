#pragma once

#include "geodata/crsinfo.h"
#include "map/layerstyle.h"

#include <QObject>
#include <QPointF>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace deepterra {

class JobPool;
struct MapLayerData;

// A layer the cursor probe reads, topmost first.
struct ProbeLayer
{
    QString name;
    std::shared_ptr<const MapLayerData> data;
    LayerStyle style;
};

// What lies under the cursor: the point in lon/lat and one line per layer that has data there.
struct ProbeReport
{
    QPointF mapPoint;
    std::optional<QPointF> lonLat;
    QStringList values; // "Landsat 7 ETM+: 75, 61, 67, 52, 108, 92"
};

// Reads the pixel values under the cursor on a worker thread, so that a slow file never stalls
// the mouse. One read at a time: points arriving meanwhile replace each other and only the latest
// is read next.
class CursorProbe : public QObject
{
    Q_OBJECT

public:
    explicit CursorProbe(QObject *parent = nullptr);
    ~CursorProbe() override;

    void setLayers(std::vector<ProbeLayer> layers, const CrsInfo &mapCrs);
    void probe(const QPointF &mapPoint);

    // The report for `mapPoint`, computed on the calling thread (the worker runs this).
    static ProbeReport read(const QPointF &mapPoint, const std::vector<ProbeLayer> &layers,
                            const CrsInfo &mapCrs);

Q_SIGNALS:
    void probed(const deepterra::ProbeReport &report);

private:
    void start(const QPointF &mapPoint);

    JobPool *m_jobs;
    std::vector<ProbeLayer> m_layers;
    CrsInfo m_mapCrs;
    bool m_running = false;
    std::optional<QPointF> m_next;
};

} // namespace deepterra
