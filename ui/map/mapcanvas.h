#pragma once

#include "map/maprenderjob.h"
#include "map/mapview.h"

#include <QImage>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>

namespace deepterra {

class OwnerThreadCalls;

// The map: pans with the mouse (drag) and the arrow keys, zooms with the wheel, + and -, and
// draws its layers off the GUI thread. Each view change starts a render job (a coarse pass, then
// full detail; the coarse pass over a large raster without overviews samples a sparse subset of
// its blocks) on the canvas's own thread pool; until its image arrives, the last image is drawn
// moved and scaled to the new view, so panning and zooming stay smooth whatever the raster size.
// Images of views the user has left are dropped.
class MapCanvas : public QWidget
{
    Q_OBJECT

public:
    enum class Tool { Pan, PickPoint, PickArea, Explain };

    explicit MapCanvas(QWidget *parent = nullptr);
    ~MapCanvas() override;

    // Forgets layers, extent, view and image: a new project starts on an empty map.
    void reset();
    // The layers to draw, bottom first, and the map's CRS (invalid: coordinates as they are).
    void setLayers(std::vector<LayerRenderInput> layers, const CrsInfo &mapCrs);
    const CrsInfo &mapCrs() const { return m_mapCrs; }
    // The extent that "zoom to full extent" shows: all layers. Until the user moves the map, the
    // view follows it, so that a project shows whole as its layers arrive.
    void setFullExtent(const QRectF &extent);
    const QRectF &fullExtent() const { return m_fullExtent; }

    const MapView &view() const { return m_view; }
    void setView(const MapView &view);
    void zoomToExtent(const QRectF &extent);
    void zoomToFullExtent();
    void zoomIn();
    void zoomOut();
    void refresh();

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    // A marker (point) or outline (area) of what the series view shows; cleared with nullopt.
    void setPickedPoint(const std::optional<QPointF> &mapPoint);
    void setPickedArea(const std::optional<QRectF> &mapRect);

    // What the canvas shows now, for tests and the benchmark.
    const QImage &renderedImage() const { return m_image; }
    const MapView &renderedView() const { return m_imageView; }
    bool isRenderedImageComplete() const { return m_imageComplete; }
    // The image on screen was drawn from a sparse sample of a large raster's blocks (a first look
    // while overviews are missing); a full-detail image follows.
    bool isRenderedImagePreview() const { return m_imagePreview; }
    bool isRendering() const { return m_jobsRunning > 0 || m_renderTimer.isActive(); }

Q_SIGNALS:
    void cursorMoved(const QPointF &mapPoint);
    void cursorLeft();
    void viewChanged(const deepterra::MapView &view);
    // An image arrived and is on screen: coarse (complete = false) or full detail.
    void rendered(bool complete, const QStringList &errors);
    void pointPicked(const QPointF &mapPoint);
    // A click with the Explain tool: the place whose prediction the user asks about.
    void explainRequested(const QPointF &mapPoint);
    void areaPicked(const QRectF &mapRect);
    void toolChanged(deepterra::MapCanvas::Tool tool);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void changeView(const MapView &view);
    void scheduleRender();
    void startRender();
    void acceptResult(const RenderResult &result);
    void paintScaleBar(QPainter &painter) const;
    void updateCursor();

    MapView m_view;
    CrsInfo m_mapCrs;
    QRectF m_fullExtent;
    std::vector<LayerRenderInput> m_layers;

    QThreadPool m_pool;
    QTimer m_renderTimer;
    std::shared_ptr<std::atomic<quint64>> m_latestGeneration;
    // Render results reach the GUI thread through it (see startRender).
    OwnerThreadCalls *m_renderResults;
    quint64 m_shownGeneration = 0;
    int m_jobsRunning = 0;
    QImage m_image;
    MapView m_imageView;
    bool m_imageComplete = false;
    bool m_imagePreview = false;

    Tool m_tool = Tool::Pan;
    bool m_dragging = false;
    bool m_userMoved = false;
    QPointF m_pressPosition;
    MapView m_pressView;
    QRectF m_rubberBand; // screen coordinates while picking an area
    std::optional<QPointF> m_pickedPoint;
    std::optional<QRectF> m_pickedArea;
};

} // namespace deepterra
