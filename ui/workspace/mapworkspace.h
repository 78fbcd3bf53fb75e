#pragma once

#include "map/layerstyle.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace deepterra {

class CursorProbe;
class LayerStore;
class LayersPanel;
class MapCanvas;
class MapStatusWidget;
class ProjectController;
struct MapLayerData;
struct ProjectLayer;

// Keeps the map side of the window in step with the project: loads layers as they appear
// (LayerStore), hands the canvas what to draw, shows each layer's state and legend in the layers
// panel, and feeds the cursor probe and the status bar (with the progress of overviews built in
// the background). Edits in the panel go to the project.
class MapWorkspace : public QObject
{
    Q_OBJECT

public:
    MapWorkspace(ProjectController *project, LayersPanel *panel, MapCanvas *canvas, MapStatusWidget *status,
                 QObject *parent = nullptr);

    LayerStore *store() const { return m_store; }
    std::shared_ptr<const MapLayerData> data(const QString &id) const;
    // The layer's style: its JSON over the defaults for its data.
    LayerStyle styleOf(const ProjectLayer &layer) const;
    void zoomToLayer(const QString &id);
    // Draws the layer only left of `share` of the map's width, to compare it with the layers
    // below (the live prediction against the image); 1 draws it whole. Not saved in the project.
    void setSwipe(const QString &id, double share);
    double swipe(const QString &id) const { return m_swipe.value(id, 1.0); }

Q_SIGNALS:
    void layerReady(const QString &id);
    void layerFailed(const QString &id, const QString &message);
    void allLayersLoaded();
    // The layer is drawn, but without overviews: `message` says so and why, for the status bar.
    void overviewsFailed(const QString &id, const QString &message);

private:
    void onProjectChanged();
    void onLayersChanged();
    void onLayerLoaded(const QString &id);
    void updateCanvas();
    void updateLegend(const QString &id);
    QString layerName(const QString &id) const;

    ProjectController *m_project;
    LayersPanel *m_panel;
    MapCanvas *m_canvas;
    MapStatusWidget *m_status;
    LayerStore *m_store;
    QHash<QString, double> m_swipe;
    CursorProbe *m_probe;
};

} // namespace deepterra
