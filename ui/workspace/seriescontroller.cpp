#include "workspace/seriescontroller.h"

#include "common/dataerror.h"
#include "jobs/jobpool.h"
#include "map/mapcanvas.h"
#include "render/cubeseriesextractor.h"
#include "render/maplayerdata.h"
#include "series/seriesview.h"
#include "workspace/layerstore.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <functional>

namespace deepterra {

namespace {
// "35.393° N, 83.351° W" on a lon/lat map, "290000, 9115000" in map units otherwise.
QString place(const QPointF &point, const CrsInfo &crs)
{
    if (crs.geographic)
        return QStringLiteral("%1° %2, %3° %4")
            .arg(std::abs(point.y()), 0, 'f', 3)
            .arg(point.y() < 0 ? QLatin1Char('S') : QLatin1Char('N'))
            .arg(std::abs(point.x()), 0, 'f', 3)
            .arg(point.x() < 0 ? QLatin1Char('W') : QLatin1Char('E'));
    const int decimals = std::abs(point.x()) < 1000 ? 2 : 0;
    return QStringLiteral("%1, %2").arg(point.x(), 0, 'f', decimals).arg(point.y(), 0, 'f', decimals);
}
} // namespace

SeriesController::SeriesController(SeriesView *view, MapCanvas *canvas, MapWorkspace *workspace,
                                   ProjectController *project, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_canvas(canvas)
    , m_workspace(workspace)
    , m_project(project)
    , m_jobs(new JobPool(WorkerThreadPriority::kInteractiveNice, this))
{
    connect(m_view, &SeriesView::pickPointRequested, this,
            [this] { m_canvas->setTool(MapCanvas::Tool::PickPoint); });
    connect(m_view, &SeriesView::pickAreaRequested, this,
            [this] { m_canvas->setTool(MapCanvas::Tool::PickArea); });
    connect(m_canvas, &MapCanvas::pointPicked, this, &SeriesController::extractAt);
    connect(m_canvas, &MapCanvas::areaPicked, this, &SeriesController::extractOver);
    connect(m_view, &SeriesView::addLayerRequested, this, &SeriesController::addLastAsLayer);
    connect(m_workspace, &MapWorkspace::layerReady, this, [this](const QString &id) {
        if (id == m_shownId)
            showLayer(id);
    });
    connect(m_project, &ProjectController::projectChanged, this, [this] {
        m_shownId.clear();
        m_cubeId.clear();
        m_lastOrigin.reset();
        m_view->setCube(QString(), {}, QString());
        m_view->showMessage(tr("Select a series layer, or a NetCDF cube and a point or area on the map."));
    });
}

void SeriesController::showLayer(const QString &id)
{
    m_shownId = id;
    const Project *project = m_project->project();
    const ProjectLayer *layer = project ? project->layer(id) : nullptr;
    const auto data = m_workspace->data(id);
    if (!layer || !data)
        return;
    if (layer->kind == LayerKind::Series) {
        m_view->setCube(QString(), {}, QString());
        m_view->showSeries(QStringLiteral("%1 — %2").arg(layer->name, data->filePath), data->series);
    } else if (layer->kind == LayerKind::Cube) {
        if (m_cubeId != id) {
            m_view->showMessage(tr("Click “Series at a point” or “Mean over an area”, then the map."));
            m_canvas->setPickedPoint(std::nullopt);
            m_canvas->setPickedArea(std::nullopt);
        }
        m_cubeId = id;
        m_view->setCube(layer->name, data->variables, data->variable);
    }
}

void SeriesController::extractAt(const QPointF &mapPoint)
{
    const auto data = m_workspace->data(m_cubeId);
    if (!data)
        return;
    m_canvas->setPickedArea(std::nullopt);
    m_canvas->setPickedPoint(mapPoint);
    const QString variable = m_view->currentVariable().isEmpty() ? data->variable : m_view->currentVariable();
    const QString path = data->filePath;
    const CrsInfo mapCrs = m_workspace->store()->mapCrs();
    run(tr("%1 at %2").arg(variable, place(mapPoint, mapCrs)), [=] {
        Extraction extraction { CubeSeriesExtractor::atMapPoint(path, variable, mapPoint, mapCrs), {} };
        try {
            extraction.origin = CubeSeriesExtractor::originAtMapPoint(path, variable, mapPoint, mapCrs);
        } catch (const DataError &) {
            // Plotted all the same; only the layer needs a longitude and latitude.
        }
        return extraction;
    });
}

void SeriesController::extractOver(const QRectF &mapRect)
{
    const auto data = m_workspace->data(m_cubeId);
    if (!data)
        return;
    m_canvas->setPickedPoint(std::nullopt);
    m_canvas->setPickedArea(mapRect);
    const QString variable = m_view->currentVariable().isEmpty() ? data->variable : m_view->currentVariable();
    const QString path = data->filePath;
    const CrsInfo mapCrs = m_workspace->store()->mapCrs();
    run(tr("%1 mean, %2 to %3")
            .arg(variable, place(mapRect.topLeft(), mapCrs), place(mapRect.bottomRight(), mapCrs)),
        [=] {
            Extraction extraction { CubeSeriesExtractor::areaMean(path, variable, mapRect, mapCrs), {} };
            try {
                extraction.origin = CubeSeriesExtractor::originOverMapRect(path, variable, mapRect, mapCrs);
            } catch (const DataError &) {
                // Plotted all the same; only the layer needs longitudes and latitudes.
            }
            return extraction;
        });
}

void SeriesController::run(const QString &label, const std::function<Extraction()> &extract)
{
    m_jobs->call<Extraction>(
        tr("Extracting %1").arg(label), [extract](Feedback &) { return extract(); },
        [this, label](std::optional<Extraction> extraction, const JobResult &result) {
            if (!extraction) {
                Q_EMIT extractionFailed(result.error);
                return;
            }
            m_view->addSeries(label, extraction->series);
            m_lastOrigin = extraction->origin;
            m_view->offerLayer(m_lastOrigin ? QStringLiteral("“%1”").arg(m_lastOrigin->description())
                                            : QString());
            Q_EMIT seriesExtracted(label);
        });
}

void SeriesController::addLastAsLayer()
{
    if (!m_lastOrigin)
        return;
    ProjectLayer layer;
    layer.kind = LayerKind::Series;
    layer.name = m_lastOrigin->description();
    layer.path = m_lastOrigin->filePath();
    layer.properties = m_lastOrigin->layerProperties();
    const QString id = m_project->addLayer(std::move(layer));
    Q_EMIT seriesLayerAdded(id);
}

} // namespace deepterra
