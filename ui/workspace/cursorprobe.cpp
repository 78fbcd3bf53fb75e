#include "workspace/cursorprobe.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/jobpool.h"
#include "render/coordinatetransformer.h"
#include "render/maplayerdata.h"
#include "render/pixelprobe.h"

#include <QPolygonF>

#include <cmath>

namespace deepterra {

namespace {

constexpr int kMaxBandsShown = 8;

QString number(double value)
{
    if (std::abs(value) >= 1e6 || (value != 0 && std::abs(value) < 1e-3))
        return QString::number(value, 'g', 5);
    if (value == std::round(value))
        return QString::number(qint64(value));
    return QString::number(value, 'f', std::abs(value) >= 100 ? 1 : 3);
}

QString className(const ClassTable &classes, double value)
{
    const ClassEntry *entry = classes.findValue(int(std::lround(value)));
    return entry ? QStringLiteral("%1 %2").arg(number(value), entry->name) : number(value);
}

std::optional<QString> rasterValues(const ProbeLayer &layer, const QPointF &mapPoint, const CrsInfo &mapCrs)
{
    const MapLayerData &data = *layer.data;
    std::vector<int> bands;
    if (data.kind == LayerKind::Cube || data.raster.bandCount() > kMaxBandsShown)
        bands = layer.style.bands();
    const RasterDataset dataset = RasterDataset::open(data.rasterPath);
    const PixelSample sample = PixelProbe::sample(dataset, mapPoint, mapCrs, bands);
    if (!sample.inside)
        return std::nullopt;
    const ClassTable classes = layer.style.classesFor(data);
    QStringList parts;
    for (std::size_t i = 0; i < sample.values.size(); ++i) {
        if (!sample.valid[i])
            parts << QObject::tr("no data");
        else if (!classes.isEmpty())
            parts << className(classes, sample.values[i]);
        else
            parts << number(sample.values[i]);
    }
    QString text = parts.join(QStringLiteral(", "));
    if (data.kind == LayerKind::Cube && !sample.bands.empty()) {
        const std::size_t step = std::size_t(sample.bands.front() - 1);
        if (step < data.times.size())
            text
                += QStringLiteral(" (%1)").arg(data.times[step].toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    return text;
}

std::optional<QString> polygonClass(const ProbeLayer &layer, const QPointF &mapPoint)
{
    const MapLayerData &data = *layer.data;
    const ClassTable classes = layer.style.classesFor(data);
    // The last polygon drawn is the one on top.
    for (auto it = data.polygons.polygons.rbegin(); it != data.polygons.polygons.rend(); ++it) {
        bool inside = false;
        for (std::size_t r = 0; r < it->rings.size(); ++r) {
            const QPolygonF ring(QList<QPointF>(it->rings[r].begin(), it->rings[r].end()));
            if (ring.containsPoint(mapPoint, Qt::OddEvenFill))
                inside = !inside;
        }
        if (!inside)
            continue;
        if (it->classIndex >= 0 && it->classIndex < classes.size())
            return classes.entries[std::size_t(it->classIndex)].name;
        return QObject::tr("polygon");
    }
    return std::nullopt;
}

} // namespace

CursorProbe::CursorProbe(QObject *parent)
    : QObject(parent)
    // At the GUI's priority: the values follow the mouse, even while a model trains.
    , m_jobs(new JobPool(0, this))
{ }

CursorProbe::~CursorProbe() = default;

void CursorProbe::setLayers(std::vector<ProbeLayer> layers, const CrsInfo &mapCrs)
{
    m_layers = std::move(layers);
    m_mapCrs = mapCrs;
}

void CursorProbe::probe(const QPointF &mapPoint)
{
    if (m_running) {
        m_next = mapPoint;
        return;
    }
    start(mapPoint);
}

void CursorProbe::start(const QPointF &mapPoint)
{
    m_running = true;
    m_jobs->call<ProbeReport>(
        tr("Reading the values under the cursor"),
        [mapPoint, layers = m_layers, crs = m_mapCrs](Feedback &) { return read(mapPoint, layers, crs); },
        [this, mapPoint](std::optional<ProbeReport> report, const JobResult &result) {
            m_running = false;
            if (!report) {
                report.emplace();
                report->mapPoint = mapPoint;
                report->values << result.error;
            }
            Q_EMIT probed(*report);
            if (m_next) {
                const QPointF next = *m_next;
                m_next.reset();
                start(next);
            }
        });
}

ProbeReport CursorProbe::read(const QPointF &mapPoint, const std::vector<ProbeLayer> &layers,
                              const CrsInfo &mapCrs)
{
    ProbeReport report;
    report.mapPoint = mapPoint;
    try {
        if (mapCrs.isValid())
            report.lonLat
                = CoordinateTransformer(mapCrs, CoordinateTransformer::lonLat()).transform(mapPoint);
    } catch (const DataError &) {
        // No lon/lat for this map: the status bar shows map coordinates only.
    }
    for (const ProbeLayer &layer : layers) {
        if (!layer.data || !layer.data->isDrawable())
            continue;
        try {
            const std::optional<QString> text = layer.data->isRaster ? rasterValues(layer, mapPoint, mapCrs)
                                                                     : polygonClass(layer, mapPoint);
            if (text)
                report.values << QStringLiteral("%1: %2").arg(layer.name, *text);
        } catch (const DataError &e) {
            report.values << QStringLiteral("%1: %2").arg(layer.name, e.cause());
        }
    }
    return report;
}

} // namespace deepterra
