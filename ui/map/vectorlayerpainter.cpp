#include "map/vectorlayerpainter.h"

#include "map/layerstyle.h"
#include "map/mapview.h"
#include "render/maplayerdata.h"

#include <QPainter>
#include <QPainterPath>

namespace deepterra {

namespace {

QRectF ringBounds(const std::vector<QPointF> &ring)
{
    double minX = ring.front().x(), maxX = minX, minY = ring.front().y(), maxY = minY;
    for (const QPointF &p : ring) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

} // namespace

void VectorLayerPainter::paint(QPainter &painter, const MapLayerData &data, const LayerStyle &style,
                               const MapView &view)
{
    const ClassTable classes = style.classesFor(data);
    const QRectF visible = view.extent();
    const double u = view.unitsPerPixel();
    // Map coordinates straight to device pixels: y flips.
    const QTransform toScreen(1.0 / u, 0, 0, -1.0 / u, view.size().width() / 2.0 - view.center().x() / u,
                              view.size().height() / 2.0 + view.center().y() / u);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QColor unclassified(80, 80, 80);
    for (const ClassPolygon &polygon : data.polygons.polygons) {
        if (polygon.rings.empty() || polygon.rings.front().empty())
            continue;
        if (!ringBounds(polygon.rings.front()).intersects(visible))
            continue;
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (const std::vector<QPointF> &ring : polygon.rings) {
            QPolygonF screen;
            screen.reserve(qsizetype(ring.size()));
            for (const QPointF &p : ring)
                screen << toScreen.map(p);
            path.addPolygon(screen);
            path.closeSubpath();
        }
        QColor color = unclassified;
        if (polygon.classIndex >= 0 && polygon.classIndex < classes.size()) {
            const ColorEntry &c = classes.entries[std::size_t(polygon.classIndex)].color;
            color = QColor(c.red, c.green, c.blue);
        }
        QColor fill = color;
        fill.setAlphaF(float(style.fillOpacity));
        painter.fillPath(path, fill);
        if (style.outline) {
            QPen pen(color.darker(130), 1.6);
            pen.setCosmetic(true);
            pen.setJoinStyle(Qt::RoundJoin);
            painter.strokePath(path, pen);
        }
    }
    painter.restore();
}

} // namespace deepterra
