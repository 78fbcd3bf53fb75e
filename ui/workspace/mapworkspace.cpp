#include "workspace/mapworkspace.h"

#include "map/legend.h"
#include "map/mapcanvas.h"
#include "render/maplayerdata.h"
#include "workspace/cursorprobe.h"
#include "workspace/layerspanel.h"
#include "workspace/layerstore.h"
#include "workspace/mapstatuswidget.h"
#include "workspace/projectcontroller.h"

#include <QJsonArray>

#include <algorithm>

namespace deepterra {

MapWorkspace::MapWorkspace(ProjectController *project, LayersPanel *panel, MapCanvas *canvas,
                           MapStatusWidget *status, QObject *parent)
    : QObject(parent)
    , m_project(project)
    , m_panel(panel)
    , m_canvas(canvas)
    , m_status(status)
    , m_store(new LayerStore(this))
    , m_probe(new CursorProbe(this))
{
    connect(m_project, &ProjectController::projectChanged, this, &MapWorkspace::onProjectChanged);
    connect(m_project, &ProjectController::layersChanged, this, &MapWorkspace::onLayersChanged);
    connect(m_project, &ProjectController::layerChanged, this, [this](const QString &id) {
        if (const Project *project = m_project->project())
            if (const ProjectLayer *layer = project->layer(id))
                m_panel->setLayerVisible(id, layer->visible);
        updateLegend(id);
        updateCanvas();
    });
    connect(m_store, &LayerStore::layerLoaded, this, &MapWorkspace::onLayerLoaded);
    connect(m_store, &LayerStore::layerFailed, this, [this](const QString &id, const QString &message) {
        m_panel->setLayerState(id, LayersPanel::State::Failed, message);
        updateCanvas(); // a layer whose file went away while drawn is drawn no more
        Q_EMIT layerFailed(id, message);
    });
    connect(m_store, &LayerStore::progressChanged, this, [this](int done, int total) {
        m_status->showProgress(done, total,
                               total > 0 ? tr("Loading %1 of %2").arg(done + 1).arg(total) : QString());
    });
    connect(m_store, &LayerStore::overviewProgress, this, [this](const QString &id, double percent) {
        m_status->showBackgroundProgress(tr("Overviews"),
                                         tr("Building overviews of %1 in the background: once they are done, "
                                            "it draws at once at every scale")
                                             .arg(layerName(id)),
                                         percent);
    });
    connect(m_store, &LayerStore::overviewsIdle, this,
            [this] { m_status->showBackgroundProgress({}, {}, -1); });
    connect(m_store, &LayerStore::overviewsFailed, this, [this](const QString &id, const QString &message) {
        Q_EMIT overviewsFailed(
            id, tr("%1 draws more slowly: its overviews cannot be built (%2)").arg(layerName(id), message));
    });
    connect(m_store, &LayerStore::idle, this, [this] {
        m_status->showProgress(0, 0, QString());
        Q_EMIT allLayersLoaded();
    });

    connect(m_panel, &LayersPanel::visibilityChanged, m_project, &ProjectController::setVisible);
    connect(m_panel, &LayersPanel::opacityChanged, m_project, &ProjectController::setOpacity);
    connect(m_panel, &LayersPanel::moveRequested, m_project, &ProjectController::moveLayer);
    connect(m_panel, &LayersPanel::removeRequested, m_project, &ProjectController::removeLayer);
    connect(m_panel, &LayersPanel::zoomRequested, this, &MapWorkspace::zoomToLayer);

    connect(m_canvas, &MapCanvas::cursorMoved, this, [this](const QPointF &point) {
        m_status->showCursor(point);
        m_probe->probe(point);
    });
    connect(m_canvas, &MapCanvas::cursorLeft, m_status, &MapStatusWidget::clearCursor);
    connect(m_canvas, &MapCanvas::viewChanged, m_status, &MapStatusWidget::showScale);
    connect(m_probe, &CursorProbe::probed, m_status, &MapStatusWidget::showReport);
}

QString MapWorkspace::layerName(const QString &id) const
{
    const Project *project = m_project->project();
    const ProjectLayer *layer = project ? project->layer(id) : nullptr;
    return layer ? layer->name : id;
}

std::shared_ptr<const MapLayerData> MapWorkspace::data(const QString &id) const
{
    return m_store->data(id);
}

LayerStyle MapWorkspace::styleOf(const ProjectLayer &layer) const
{
    const auto data = m_store->data(layer.id);
    return data ? LayerStyle::fromJson(layer.style, layer.kind, *data) : LayerStyle();
}

void MapWorkspace::zoomToLayer(const QString &id)
{
    const auto data = m_store->data(id);
    if (data && data->isDrawable())
        m_canvas->zoomToExtent(data->mapExtent);
}

void MapWorkspace::onProjectChanged()
{
    m_store->reset();
    m_canvas->reset();
    m_status->setMapCrs(CrsInfo());
    m_panel->setProject(m_project->project());
    if (m_project->project())
        m_store->sync(*m_project->project());
    updateCanvas();
}

void MapWorkspace::onLayersChanged()
{
    m_panel->setProject(m_project->project());
    if (m_project->project()) {
        m_store->sync(*m_project->project());
        for (const ProjectLayer &layer : m_project->project()->layers) {
            if (m_store->data(layer.id)) {
                onLayerLoaded(layer.id);
            } else if (!m_store->error(layer.id).isEmpty()) {
                m_panel->setLayerState(layer.id, LayersPanel::State::Failed, m_store->error(layer.id));
            }
        }
        m_canvas->setFullExtent(m_store->fullExtent());
    }
    updateCanvas();
}

void MapWorkspace::onLayerLoaded(const QString &id)
{
    const auto data = m_store->data(id);
    if (!data)
        return;
    m_panel->setLayerState(
        id, data->mapProblem.isEmpty() ? LayersPanel::State::Ready : LayersPanel::State::Problem,
        data->mapProblem.isEmpty() ? QString() : tr("Not drawn: %1").arg(data->mapProblem));
    updateLegend(id);
    m_status->setMapCrs(m_store->mapCrs());
    m_canvas->setFullExtent(m_store->fullExtent());
    updateCanvas();
    Q_EMIT layerReady(id);
}

void MapWorkspace::updateLegend(const QString &id)
{
    const Project *project = m_project->project();
    const ProjectLayer *layer = project ? project->layer(id) : nullptr;
    const auto data = m_store->data(id);
    if (!layer || !data)
        return;
    QStringList bandNames;
    for (const QJsonValue &name : layer->properties.value(QStringLiteral("bandNames")).toArray())
        bandNames << name.toString();
    m_panel->setLegend(id, Legend::entries(*data, styleOf(*layer), bandNames));
}

void MapWorkspace::setSwipe(const QString &id, double share)
{
    share = std::clamp(share, 0.0, 1.0);
    if (qFuzzyCompare(m_swipe.value(id, 1.0), share))
        return;
    if (share >= 1.0)
        m_swipe.remove(id);
    else
        m_swipe.insert(id, share);
    updateCanvas();
}

void MapWorkspace::updateCanvas()
{
    std::vector<LayerRenderInput> inputs;
    std::vector<ProbeLayer> probes;
    if (const Project *project = m_project->project()) {
        // The project lists layers topmost first; the canvas draws bottom first.
        for (auto it = project->layers.rbegin(); it != project->layers.rend(); ++it) {
            const auto data = m_store->data(it->id);
            if (!it->visible || !data || !data->isDrawable())
                continue;
            LayerRenderInput input;
            input.id = it->id;
            input.name = it->name;
            input.data = data;
            input.style = styleOf(*it);
            input.opacity = it->opacity;
            input.swipe = m_swipe.value(it->id, 1.0);
            inputs.push_back(input);
            probes.insert(probes.begin(), ProbeLayer { it->name, data, input.style });
        }
    }
    m_probe->setLayers(std::move(probes), m_store->mapCrs());
    m_canvas->setLayers(std::move(inputs), m_store->mapCrs());
}

} // namespace deepterra
