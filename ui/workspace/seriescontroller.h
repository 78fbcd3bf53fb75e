#pragma once

#include "series/seriesorigin.h"
#include "series/timeseries.h"

#include <QObject>
#include <QPointF>
#include <QRectF>

#include <functional>
#include <optional>

namespace deepterra {

class JobPool;
class MapCanvas;
class MapWorkspace;
class ProjectController;
class SeriesView;

// Drives the series view from the selected layer: a CSV series is plotted whole; a NetCDF cube
// offers its variables, and a point clicked or an area dragged on the map extracts that series
// on a worker thread (CubeSeriesExtractor) and adds it to the plot. The last extracted series can
// become a series layer of the project (its variable at a lon/lat point or over a lon/lat box),
// which the training forms then offer like a CSV series.
class SeriesController : public QObject
{
    Q_OBJECT

public:
    SeriesController(SeriesView *view, MapCanvas *canvas, MapWorkspace *workspace, ProjectController *project,
                     QObject *parent = nullptr);

    void showLayer(const QString &id);
    QString cubeLayerId() const { return m_cubeId; }

Q_SIGNALS:
    void seriesExtracted(const QString &label);
    void extractionFailed(const QString &message);
    void seriesLayerAdded(const QString &id);

private:
    void extractAt(const QPointF &mapPoint);
    void extractOver(const QRectF &mapRect);
    struct Extraction
    {
        TimeSeries series;
        std::optional<SeriesOrigin> origin; // none when the cube has no lon/lat to write it in
    };
    void run(const QString &label, const std::function<Extraction()> &extract);
    void addLastAsLayer();

    SeriesView *m_view;
    MapCanvas *m_canvas;
    MapWorkspace *m_workspace;
    ProjectController *m_project;
    JobPool *m_jobs;
    QString m_shownId;
    QString m_cubeId;
    std::optional<SeriesOrigin> m_lastOrigin;
};

} // namespace deepterra
