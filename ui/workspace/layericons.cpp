#include "workspace/layericons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace deepterra {

namespace {

constexpr int kSize = 32;

QPixmap canvas()
{
    QPixmap pixmap(kSize, kSize);
    pixmap.fill(Qt::transparent);
    return pixmap;
}

QIcon drawn(const std::function<void(QPainter &)> &draw)
{
    QPixmap pixmap = canvas();
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    draw(painter);
    painter.end();
    return QIcon(pixmap);
}

const QColor kInk(60, 64, 72);

} // namespace

QString LayerIcons::kindLabel(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Imagery:
        return QObject::tr("Imagery");
    case LayerKind::Dem:
        return QObject::tr("DEM");
    case LayerKind::ClassRaster:
        return QObject::tr("Class raster");
    case LayerKind::VectorLabels:
        return QObject::tr("Training polygons");
    case LayerKind::Series:
        return QObject::tr("Time series");
    case LayerKind::Cube:
        return QObject::tr("NetCDF cube");
    case LayerKind::Prediction:
        return QObject::tr("Prediction");
    }
    return {};
}

QIcon LayerIcons::forKind(LayerKind kind)
{
    return drawn([kind](QPainter &p) {
        switch (kind) {
        case LayerKind::Imagery:
            p.fillRect(QRect(3, 3, 13, 13), QColor(214, 69, 65));
            p.fillRect(QRect(16, 3, 13, 13), QColor(72, 160, 80));
            p.fillRect(QRect(3, 16, 13, 13), QColor(66, 110, 200));
            p.fillRect(QRect(16, 16, 13, 13), QColor(230, 190, 70));
            break;
        case LayerKind::Dem: {
            QPainterPath mountain;
            mountain.moveTo(2, 28);
            mountain.lineTo(12, 9);
            mountain.lineTo(17, 17);
            mountain.lineTo(22, 6);
            mountain.lineTo(30, 28);
            mountain.closeSubpath();
            QLinearGradient gradient(0, 6, 0, 28);
            gradient.setColorAt(0, QColor(150, 110, 80));
            gradient.setColorAt(1, QColor(80, 150, 80));
            p.fillPath(mountain, gradient);
            p.setPen(QPen(kInk, 1.2));
            p.drawPath(mountain);
            break;
        }
        case LayerKind::ClassRaster:
        case LayerKind::Prediction: {
            const QColor colors[]
                = { QColor(70, 130, 200), QColor(60, 150, 70), QColor(200, 70, 60), QColor(225, 195, 120) };
            for (int i = 0; i < 9; ++i)
                p.fillRect(QRect(3 + (i % 3) * 9, 3 + (i / 3) * 9, 9, 9), colors[(i * 7 + i / 3) % 4]);
            if (kind == LayerKind::Prediction) {
                p.setPen(QPen(Qt::white, 2));
                p.drawText(QRect(0, 0, kSize, kSize), Qt::AlignCenter, QStringLiteral("P"));
            }
            break;
        }
        case LayerKind::VectorLabels: {
            QPolygonF polygon(
                { QPointF(4, 10), QPointF(16, 3), QPointF(29, 11), QPointF(25, 28), QPointF(8, 26) });
            p.setBrush(QColor(90, 160, 90, 120));
            p.setPen(QPen(QColor(40, 110, 40), 2));
            p.drawPolygon(polygon);
            break;
        }
        case LayerKind::Series:
            p.setPen(QPen(QColor(50, 100, 190), 2.2));
            p.drawPolyline(QPolygonF({ QPointF(3, 24), QPointF(9, 15), QPointF(14, 19), QPointF(20, 8),
                                       QPointF(25, 13), QPointF(29, 5) }));
            p.setPen(QPen(kInk, 1.2));
            p.drawLine(3, 29, 29, 29);
            break;
        case LayerKind::Cube:
            for (int i = 2; i >= 0; --i) {
                const QRect r(3 + i * 4, 3 + (2 - i) * 4, 18, 18);
                p.fillRect(r, QColor(60 + i * 50, 120 + i * 30, 200 - i * 30));
                p.setPen(QPen(kInk, 1));
                p.drawRect(r);
            }
            break;
        }
    });
}

QIcon LayerIcons::forAction(Action action)
{
    return drawn([action](QPainter &p) {
        p.setPen(QPen(kInk, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        auto magnifier = [&p] {
            p.drawEllipse(QPointF(13, 13), 8, 8);
            p.drawLine(QPointF(19, 19), QPointF(28, 28));
        };
        switch (action) {
        case Action::Add:
            p.setPen(QPen(QColor(40, 130, 60), 3.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(16, 6, 16, 26);
            p.drawLine(6, 16, 26, 16);
            break;
        case Action::Remove:
            p.setPen(QPen(QColor(190, 50, 40), 3.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(8, 8, 24, 24);
            p.drawLine(24, 8, 8, 24);
            break;
        case Action::Up:
            p.drawPolyline(QPolygonF({ QPointF(8, 18), QPointF(16, 9), QPointF(24, 18) }));
            p.drawLine(16, 10, 16, 26);
            break;
        case Action::Down:
            p.drawPolyline(QPolygonF({ QPointF(8, 14), QPointF(16, 23), QPointF(24, 14) }));
            p.drawLine(16, 6, 16, 22);
            break;
        case Action::ZoomIn:
            magnifier();
            p.drawLine(9, 13, 17, 13);
            p.drawLine(13, 9, 13, 17);
            break;
        case Action::ZoomOut:
            magnifier();
            p.drawLine(9, 13, 17, 13);
            break;
        case Action::ZoomLayer:
            p.setBrush(QColor(90, 160, 90, 110));
            magnifier();
            break;
        case Action::ZoomFull:
            p.drawRect(QRect(6, 6, 20, 20));
            p.drawLine(3, 16, 9, 16);
            p.drawLine(23, 16, 29, 16);
            p.drawLine(16, 3, 16, 9);
            p.drawLine(16, 23, 16, 29);
            break;
        case Action::Pan: {
            p.setPen(QPen(kInk, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawLine(16, 4, 16, 28);
            p.drawLine(4, 16, 28, 16);
            p.drawPolyline(QPolygonF({ QPointF(12, 8), QPointF(16, 4), QPointF(20, 8) }));
            p.drawPolyline(QPolygonF({ QPointF(12, 24), QPointF(16, 28), QPointF(20, 24) }));
            p.drawPolyline(QPolygonF({ QPointF(8, 12), QPointF(4, 16), QPointF(8, 20) }));
            p.drawPolyline(QPolygonF({ QPointF(24, 12), QPointF(28, 16), QPointF(24, 20) }));
            break;
        }
        case Action::PickPoint:
            p.setPen(QPen(QColor(200, 40, 40), 2.4));
            p.drawEllipse(QPointF(16, 16), 7, 7);
            p.drawLine(16, 3, 16, 10);
            p.drawLine(16, 22, 16, 29);
            p.drawLine(3, 16, 10, 16);
            p.drawLine(22, 16, 29, 16);
            break;
        case Action::PickArea:
            p.setPen(QPen(QColor(200, 40, 40), 2.2, Qt::DashLine));
            p.setBrush(QColor(200, 40, 40, 40));
            p.drawRect(QRect(5, 7, 22, 18));
            break;
        case Action::Style: {
            const QColor colors[]
                = { QColor(214, 69, 65), QColor(230, 190, 70), QColor(72, 160, 80), QColor(66, 110, 200) };
            p.setPen(Qt::NoPen);
            for (int i = 0; i < 4; ++i) {
                p.setBrush(colors[i]);
                p.drawPie(QRect(4, 4, 24, 24), i * 90 * 16, 90 * 16);
            }
            break;
        }
        }
    });
}

} // namespace deepterra
