#include "report/mapframe.h"

#include "map/scalelength.h"

#include <QFont>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

constexpr int kContentSide = 1100;
constexpr int kMargin = 110; // room for the coordinates left and below
constexpr int kLegendGap = 60;

QString lengthLabel(double metres, bool degrees)
{
    if (degrees)
        return QStringLiteral("%1°").arg(metres, 0, 'g', 3);
    return metres >= 1000.0 ? QStringLiteral("%1 km").arg(metres / 1000.0, 0, 'g', 4)
                            : QStringLiteral("%1 m").arg(metres, 0, 'g', 4);
}

void drawNorthArrow(QPainter &painter, const QPointF &tip, double size)
{
    QPainterPath arrow;
    arrow.moveTo(tip);
    arrow.lineTo(tip + QPointF(-size * 0.35, size));
    arrow.lineTo(tip + QPointF(0, size * 0.75));
    arrow.closeSubpath();
    painter.setBrush(Qt::black);
    painter.drawPath(arrow);
    QPainterPath right;
    right.moveTo(tip);
    right.lineTo(tip + QPointF(size * 0.35, size));
    right.lineTo(tip + QPointF(0, size * 0.75));
    right.closeSubpath();
    painter.setBrush(Qt::white);
    painter.drawPath(right);
    painter.drawText(QRectF(tip.x() - size, tip.y() - size * 0.9, 2 * size, size * 0.8), Qt::AlignCenter,
                     QStringLiteral("N"));
}

// Round values of the map's CRS along the bottom and the left side of the frame, none near a
// corner, where the two sides' labels would meet.
void drawCoordinates(QPainter &painter, const RasterGrid &grid, const QRect &frame)
{
    const QRectF extent = grid.extent();
    const auto ticks = [](double from, double to) {
        const double step = roundScaleLength((to - from) / 3.0);
        std::vector<double> values;
        for (double v = std::ceil(from / step) * step; v <= to; v += step)
            if (v - from > 0.08 * (to - from) && to - v > 0.08 * (to - from))
                values.push_back(v);
        return std::make_pair(values, step);
    };
    const auto decimalsFor = [](double step) { return std::max(0, int(std::ceil(-std::log10(step)))); };
    const auto [xs, xStep] = ticks(extent.left(), extent.right());
    for (double value : xs) {
        const int x = frame.left() + int((value - extent.left()) / extent.width() * frame.width());
        painter.drawLine(x, frame.bottom(), x, frame.bottom() + 10);
        painter.drawText(QRect(x - 150, frame.bottom() + 12, 300, 30), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(value, 'f', decimalsFor(xStep)));
    }
    const double bottom = std::min(extent.top(), extent.bottom());
    const double top = std::max(extent.top(), extent.bottom());
    const auto [ys, yStep] = ticks(bottom, top);
    for (double value : ys) {
        const int y = frame.top() + int((top - value) / (top - bottom) * frame.height());
        painter.drawLine(frame.left() - 10, y, frame.left(), y);
        painter.save();
        painter.translate(frame.left() - 14, y);
        painter.rotate(-90);
        painter.drawText(QRect(-150, -34, 300, 30), Qt::AlignHCenter | Qt::AlignBottom,
                         QString::number(value, 'f', decimalsFor(yStep)));
        painter.restore();
    }
}

// The legend from the frame's top: its title, then the swatches or the ramp. Returns the y below it.
int drawLegend(QPainter &painter, const MapLegend &legend, int left, int top, int width)
{
    int y = top;
    // Long titles and labels wrap within the legend's column instead of running off the page.
    const QRect title = painter.boundingRect(QRect(left, y, width, 1000), Qt::TextWordWrap, legend.title);
    painter.drawText(QRect(left, y, width, std::max(36, title.height())),
                     Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, legend.title);
    y += std::max(48, title.height() + 12);
    for (const MapLegend::Swatch &swatch : legend.swatches) {
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(swatch.colour);
        painter.drawRect(left, y + 6, 36, 28);
        const QRect label
            = painter.boundingRect(QRect(left + 48, y, width - 48, 1000), Qt::TextWordWrap, swatch.label);
        painter.drawText(QRect(left + 48, y, width - 48, std::max(40, label.height())),
                         Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, swatch.label);
        y += std::max(52, label.height() + 12);
    }
    if (!legend.ramp.empty()) {
        const int rampHeight = 300;
        const int steps = int(legend.ramp.size());
        for (int i = 0; i < steps; ++i) {
            const double from = double(i) / steps * rampHeight;
            const double to = double(i + 1) / steps * rampHeight;
            painter.fillRect(QRectF(left, y + rampHeight - to, 36, to - from + 0.5),
                             legend.ramp[std::size_t(i)]);
        }
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(left, y, 36, rampHeight);
        painter.drawText(QRect(left + 48, y - 4, width - 48, 36), Qt::AlignLeft | Qt::AlignTop,
                         legend.rampHigh);
        painter.drawText(QRect(left + 48, y + rampHeight - 32, width - 48, 36),
                         Qt::AlignLeft | Qt::AlignBottom, legend.rampLow);
        y += rampHeight + 12;
    }
    return y;
}

} // namespace

QSize MapFrame::contentSize(const RasterGrid &grid)
{
    if (!grid.isValid())
        return {};
    const double scale = std::min(double(kContentSide) / grid.width, double(kContentSide) / grid.height);
    return QSize(std::max(1, int(std::lround(grid.width * scale))),
                 std::max(1, int(std::lround(grid.height * scale))));
}

QPointF MapFrame::toContent(const RasterGrid &grid, const QSize &content, const QPointF &point)
{
    const QPointF pixel = grid.geoTransform.mapToPixel(point);
    return QPointF(pixel.x() * content.width() / grid.width, pixel.y() * content.height() / grid.height);
}

QImage MapFrame::draw(const RasterGrid &grid, const QImage &content, const MapLegend &legend)
{
    if (!grid.isValid() || content.isNull())
        return {};
    const QSize mapSize = content.size();
    const int legendWidth = kWidth - kMargin - mapSize.width() - kLegendGap;
    const int legendHeight = 200 + 52 * int(legend.swatches.size()) + (legend.ramp.empty() ? 0 : 320);
    const int height = std::max(mapSize.height() + 2 * kMargin, kMargin / 2 + legendHeight + 260);
    QImage figure(kWidth, height, QImage::Format_RGB32);
    figure.fill(Qt::white);
    QPainter painter(&figure);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(24);
    painter.setFont(font);
    const QRect frame(kMargin, kMargin / 2, mapSize.width(), mapSize.height());
    painter.drawImage(frame.topLeft(), content);
    painter.setPen(QPen(Qt::black, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(frame);
    drawCoordinates(painter, grid, frame);

    // The scale bar: a round length near a quarter of the frame's width (metres in a projected
    // CRS; degrees of longitude on a degree grid); the north arrow above it.
    const bool degrees = grid.crs.geographic;
    const double groundPerPixel = std::abs(grid.geoTransform.pixelWidth()) * grid.width / frame.width();
    const double length = roundScaleLength(groundPerPixel * frame.width() / 4.0);
    const double barPixels = length / groundPerPixel;
    const int legendLeft = frame.right() + kLegendGap;
    const int bottom = std::max(frame.bottom(), frame.top() + legendHeight + 200);
    const QPointF bar(legendLeft, bottom - 40);
    painter.setBrush(Qt::black);
    painter.drawRect(QRectF(bar.x(), bar.y(), barPixels / 2, 10));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(bar.x() + barPixels / 2, bar.y(), barPixels / 2, 10));
    painter.drawText(QRectF(bar.x(), bar.y() - 36, std::max(barPixels, 200.0), 30),
                     Qt::AlignLeft | Qt::AlignBottom, lengthLabel(length, degrees));
    drawNorthArrow(painter, QPointF(legendLeft + 30, bottom - 190), 70);

    const int below = drawLegend(painter, legend, legendLeft, frame.top(), legendWidth);
    const QString crs = grid.crs.isValid()
        ? (grid.crs.authorityCode.isEmpty() ? grid.crs.name : grid.crs.authorityCode)
        : QStringLiteral("no CRS");
    painter.setPen(Qt::black);
    painter.drawText(QRect(legendLeft, below + 10, legendWidth, 36), Qt::AlignLeft | Qt::AlignVCenter, crs);
    painter.end();
    return figure;
}

} // namespace deepterra
