#include "map/mapcanvas.h"

#include "jobs/handedovertask.h"
#include "jobs/ownerthreadcalls.h"
#include "map/scalelength.h"
#include "map/workerpriority.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QThread>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// A render starts at most this long after the view changed: enough to gather a burst of wheel
// or drag events into one job, short enough to feel immediate.
constexpr int kRenderDelayMs = 30;
constexpr double kWheelZoomPerNotch = 1.25; // one wheel notch (120 eighths of a degree)
constexpr double kKeyZoom = 1.5;
const QColor kBackground(0xfb, 0xfb, 0xf9);

} // namespace

MapCanvas::MapCanvas(QWidget *parent)
    : QWidget(parent)
    , m_latestGeneration(std::make_shared<std::atomic<quint64>>(0))
    , m_renderResults(new OwnerThreadCalls(this))
{
    setObjectName(QStringLiteral("mapCanvas"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    // Two workers, so that a new view can start while a stale job finishes its current layer; but
    // one core stays free for the GUI thread on small machines.
    m_pool.setMaxThreadCount(std::clamp(QThread::idealThreadCount() - 1, 1, 2));
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(kRenderDelayMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &MapCanvas::startRender);
    updateCursor();
}

MapCanvas::~MapCanvas()
{
    // Running jobs see that nobody waits for them and stop after their current layer.
    m_latestGeneration->fetch_add(1);
    m_pool.waitForDone();
}

void MapCanvas::reset()
{
    m_latestGeneration->fetch_add(1);
    m_layers.clear();
    m_mapCrs = CrsInfo();
    m_fullExtent = QRectF();
    m_view = MapView();
    m_image = QImage();
    m_imageView = MapView();
    m_imageComplete = false;
    m_imagePreview = false;
    m_pickedPoint.reset();
    m_pickedArea.reset();
    m_userMoved = false;
    update();
}

void MapCanvas::setLayers(std::vector<LayerRenderInput> layers, const CrsInfo &mapCrs)
{
    m_layers = std::move(layers);
    m_mapCrs = mapCrs;
    scheduleRender();
}

void MapCanvas::setFullExtent(const QRectF &extent)
{
    const bool changed = extent != m_fullExtent;
    m_fullExtent = extent;
    if (changed && !m_userMoved)
        zoomToFullExtent();
}

void MapCanvas::setView(const MapView &view)
{
    changeView(view.resized(size()));
}

void MapCanvas::zoomToExtent(const QRectF &extent)
{
    if (extent.isNull())
        return;
    if (extent != m_fullExtent)
        m_userMoved = true;
    changeView(MapView::fitting(extent, size()));
}

void MapCanvas::zoomToFullExtent()
{
    zoomToExtent(m_fullExtent);
}

void MapCanvas::zoomIn()
{
    m_userMoved = true;
    changeView(m_view.zoomed(kKeyZoom));
}

void MapCanvas::zoomOut()
{
    m_userMoved = true;
    changeView(m_view.zoomed(1.0 / kKeyZoom));
}

void MapCanvas::refresh()
{
    scheduleRender();
}

void MapCanvas::setTool(Tool tool)
{
    m_tool = tool;
    m_rubberBand = QRectF();
    updateCursor();
    Q_EMIT toolChanged(tool);
}

void MapCanvas::setPickedPoint(const std::optional<QPointF> &mapPoint)
{
    m_pickedPoint = mapPoint;
    update();
}

void MapCanvas::setPickedArea(const std::optional<QRectF> &mapRect)
{
    m_pickedArea = mapRect;
    update();
}

void MapCanvas::changeView(const MapView &view)
{
    if (!view.isValid() || view == m_view)
        return;
    m_view = view;
    update();
    scheduleRender();
    Q_EMIT viewChanged(m_view);
}

void MapCanvas::scheduleRender()
{
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void MapCanvas::startRender()
{
    if (!m_view.isValid())
        return;
    RenderRequest request;
    request.generation = m_latestGeneration->fetch_add(1) + 1;
    request.view = m_view;
    request.mapCrs = m_mapCrs;
    request.layers = m_layers;
    // A coarse pass only helps when the new view shows what the last image cannot: a first image,
    // or another scale. A pan keeps the old image until full detail arrives.
    const bool sameScale = !m_image.isNull() && m_imageView.unitsPerPixel() == m_view.unitsPerPixel()
        && m_imageView.size() == m_view.size();
    request.coarseDetail = sameScale ? 0.0 : 0.25;

    auto generation = m_latestGeneration;
    ++m_jobsRunning;
    // The images come back through OwnerThreadCalls, each as soon as it is drawn, and then the
    // job's end; not through a QFuture's result store, which the last holder of the future frees
    // after a hand-over inside Qt that ThreadSanitizer cannot see. The destructor waits for the
    // pool before m_renderResults goes.
    OwnerThreadCalls *results = m_renderResults;
    HandedOverTask::start(m_pool, [this, request, generation, results] {
        WorkerPriority::lowerCurrentThread();
        const auto render = [&] {
            if (request.coarseDetail > 0.0) {
                RenderResult coarse = MapRenderJob::render(request, request.coarseDetail, *generation);
                if (coarse.image.isNull())
                    return;
                results->run([this, coarse = std::move(coarse)] { acceptResult(coarse); });
            }
            RenderResult full = MapRenderJob::render(request, 1.0, *generation);
            results->run([this, full = std::move(full)] { acceptResult(full); });
        };
        render();
        results->run([this] { --m_jobsRunning; });
    });
}

void MapCanvas::acceptResult(const RenderResult &result)
{
    if (result.image.isNull() || result.generation < m_shownGeneration)
        return;
    if (result.generation == m_shownGeneration && m_imageComplete && !result.complete)
        return;
    m_image = result.image;
    m_imageView = result.view;
    m_imageComplete = result.complete;
    m_imagePreview = result.preview;
    m_shownGeneration = result.generation;
    update();
    Q_EMIT rendered(result.complete, result.errors);
}

void MapCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (!m_image.isNull() && m_imageView.isValid() && m_view.isValid()) {
        // The last image, moved and scaled to where its area lies in the current view.
        const double scale = m_imageView.unitsPerPixel() / m_view.unitsPerPixel();
        const QPointF topLeft = m_view.toScreen(m_imageView.toMap(QPointF(0, 0)));
        const QRectF target(topLeft, QSizeF(m_image.width() * scale, m_image.height() * scale));
        painter.setRenderHint(QPainter::SmoothPixmapTransform, scale < 1.0);
        painter.drawImage(target, m_image);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    if (m_pickedArea && m_view.isValid()) {
        const QRectF r
            = QRectF(m_view.toScreen(m_pickedArea->topLeft()), m_view.toScreen(m_pickedArea->bottomRight()))
                  .normalized();
        painter.setPen(QPen(QColor(220, 40, 40), 2));
        painter.setBrush(QColor(220, 40, 40, 30));
        painter.drawRect(r);
    }
    if (m_pickedPoint && m_view.isValid()) {
        const QPointF p = m_view.toScreen(*m_pickedPoint);
        painter.setPen(QPen(Qt::white, 4));
        painter.drawEllipse(p, 6, 6);
        painter.setPen(QPen(QColor(220, 40, 40), 2));
        painter.drawEllipse(p, 6, 6);
        painter.drawLine(p + QPointF(-10, 0), p + QPointF(-3, 0));
        painter.drawLine(p + QPointF(3, 0), p + QPointF(10, 0));
        painter.drawLine(p + QPointF(0, -10), p + QPointF(0, -3));
        painter.drawLine(p + QPointF(0, 3), p + QPointF(0, 10));
    }
    if (!m_rubberBand.isNull()) {
        painter.setPen(QPen(QColor(30, 90, 200), 1.5, Qt::DashLine));
        painter.setBrush(QColor(30, 90, 200, 40));
        painter.drawRect(m_rubberBand.normalized());
    }
    paintScaleBar(painter);
}

void MapCanvas::paintScaleBar(QPainter &painter) const
{
    // Only for map units that are lengths: degrees change length with latitude.
    if (!m_view.isValid() || m_mapCrs.geographic || m_image.isNull())
        return;
    const double metres = roundScaleLength(120.0 * m_view.unitsPerPixel());
    const double pixels = metres / m_view.unitsPerPixel();
    const QString label
        = metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000.0) : QStringLiteral("%1 m").arg(metres);
    const QPointF origin(16, height() - 18);
    QFont font = painter.font();
    font.setPointSizeF(8.5);
    painter.setFont(font);
    const QRectF box(origin.x() - 6, origin.y() - 22,
                     pixels + 12 + painter.fontMetrics().horizontalAdvance(label) + 8, 30);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 200));
    painter.drawRoundedRect(box, 3, 3);
    painter.setPen(QPen(QColor(40, 40, 40), 2));
    painter.drawLine(origin, origin + QPointF(pixels, 0));
    painter.drawLine(origin, origin + QPointF(0, -6));
    painter.drawLine(origin + QPointF(pixels, 0), origin + QPointF(pixels, -6));
    painter.drawText(QPointF(origin.x() + pixels + 6, origin.y() + 1), label);
}

void MapCanvas::resizeEvent(QResizeEvent *)
{
    if (!m_view.isValid()) {
        if (!m_fullExtent.isNull())
            m_view = MapView::fitting(m_fullExtent, size());
    } else {
        m_view = m_view.resized(size());
    }
    scheduleRender();
    Q_EMIT viewChanged(m_view);
}

void MapCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_pressPosition = event->position();
    m_pressView = m_view;
    m_dragging = true;
    if (m_tool == Tool::PickArea)
        m_rubberBand = QRectF(m_pressPosition, QSizeF(0, 0));
    updateCursor();
}

void MapCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (m_view.isValid())
        Q_EMIT cursorMoved(m_view.toMap(event->position()));
    if (!m_dragging)
        return;
    if (m_tool == Tool::Pan) {
        m_userMoved = true;
        changeView(m_pressView.panned(event->position() - m_pressPosition));
    } else if (m_tool == Tool::PickArea) {
        m_rubberBand = QRectF(m_pressPosition, event->position());
        update();
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_dragging)
        return;
    m_dragging = false;
    const QPointF position = event->position();
    if (m_tool == Tool::PickPoint && m_view.isValid()) {
        Q_EMIT pointPicked(m_view.toMap(position));
    } else if (m_tool == Tool::Explain && m_view.isValid()) {
        Q_EMIT explainRequested(m_view.toMap(position));
    } else if (m_tool == Tool::PickArea && m_view.isValid()) {
        const QRectF screen = QRectF(m_pressPosition, position).normalized();
        m_rubberBand = QRectF();
        update();
        if (screen.width() >= 3 && screen.height() >= 3)
            Q_EMIT areaPicked(
                QRectF(m_view.toMap(screen.bottomLeft()), m_view.toMap(screen.topRight())).normalized());
    }
    updateCursor();
}

void MapCanvas::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    m_userMoved = true;
    changeView(m_view.zoomed(std::pow(kWheelZoomPerNotch, notches), event->position()));
    event->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent *event)
{
    const double step = 0.25;
    m_userMoved = true;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_Left:
        changeView(m_view.panned(QPointF(width() * step, 0)));
        break;
    case Qt::Key_Right:
        changeView(m_view.panned(QPointF(-width() * step, 0)));
        break;
    case Qt::Key_Up:
        changeView(m_view.panned(QPointF(0, height() * step)));
        break;
    case Qt::Key_Down:
        changeView(m_view.panned(QPointF(0, -height() * step)));
        break;
    case Qt::Key_Home:
        zoomToFullExtent();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void MapCanvas::leaveEvent(QEvent *)
{
    Q_EMIT cursorLeft();
}

void MapCanvas::updateCursor()
{
    switch (m_tool) {
    case Tool::Pan:
        setCursor(m_dragging ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
        break;
    case Tool::PickPoint:
    case Tool::PickArea:
    case Tool::Explain:
        setCursor(Qt::CrossCursor);
        break;
    }
}

} // namespace deepterra
