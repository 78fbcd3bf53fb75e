#include "report/mapfigure.h"

#include "accuracy/mappedclassareas.h"
#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "map/scalelength.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace deepterra {

namespace {

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

// The image's first three bands (one band: grey) at the figure's size, each stretched from its 2nd to
// its 98th percentile; a null image when there is none, it cannot be read or lies on another grid.
QImage underlay(const QString &path, const RasterInfo &map, const QSize &size)
{
    if (path.isEmpty())
        return {};
    try {
        const RasterDataset dataset = RasterDataset::open(path);
        const RasterInfo &info = dataset.info();
        if (info.width != map.width || info.height != map.height
            || info.geoTransform.coefficients() != map.geoTransform.coefficients())
            return {};
        RasterReadRequest request;
        for (int b = 1; b <= std::min(3, info.bandCount()); ++b)
            request.bands.push_back(b);
        request.outputSize = size;
        request.resampling = Resampling::Average;
        const RasterBuffer buffer = dataset.read(request);
        QImage image(size, QImage::Format_RGB32);
        image.fill(Qt::white);
        std::vector<std::pair<float, float>> ranges;
        for (int b = 0; b < buffer.bandCount(); ++b) {
            std::vector<float> values;
            for (int y = 0; y < buffer.height; ++y)
                for (int x = 0; x < buffer.width; ++x)
                    if (buffer.isValid(b, x, y))
                        values.push_back(buffer.value(b, x, y));
            if (values.empty())
                return {};
            const auto at = [&values](double q) {
                auto nth = values.begin() + std::ptrdiff_t(q * double(values.size() - 1));
                std::nth_element(values.begin(), nth, values.end());
                return *nth;
            };
            ranges.emplace_back(at(0.02), at(0.98));
        }
        for (int y = 0; y < buffer.height; ++y)
            for (int x = 0; x < buffer.width; ++x) {
                int rgb[3] = { 255, 255, 255 };
                for (int c = 0; c < 3; ++c) {
                    const int b = std::min(c, buffer.bandCount() - 1);
                    if (!buffer.isValid(b, x, y))
                        continue;
                    const auto [low, high] = ranges[std::size_t(b)];
                    const double t = high > low ? (buffer.value(b, x, y) - low) / (high - low) : 0.5;
                    rgb[c] = int(std::lround(255.0 * std::clamp(t, 0.0, 1.0)));
                }
                image.setPixel(x, y, qRgb(rgb[0], rgb[1], rgb[2]));
            }
        return image;
    } catch (const DataError &) {
        return {};
    }
}

} // namespace

QImage MapFigure::render(const MappedClassAreas &areas, const QString &image, bool *underlaid)
{
    const RasterDataset dataset = RasterDataset::open(areas.path());
    const RasterInfo &info = dataset.info();
    if (!info.hasGeoTransform || info.width <= 0 || info.height <= 0)
        return {};
    // The map's frame: at most 1100 x 1100 figure pixels, the map's aspect kept.
    const int mapSide = 1100;
    const double scale = std::min(double(mapSide) / info.width, double(mapSide) / info.height);
    const QSize mapSize(std::max(1, int(std::lround(info.width * scale))),
                        std::max(1, int(std::lround(info.height * scale))));
    RasterReadRequest request;
    request.bands = { 1 };
    request.outputSize = mapSize;
    request.resampling = Resampling::Mode;
    const RasterBuffer buffer = dataset.read(request);

    std::unordered_map<int, QRgb> colours;
    for (const MappedClass &c : areas.classes())
        colours[c.entry.value] = qRgb(c.entry.color.red, c.entry.color.green, c.entry.color.blue);
    QImage map = underlay(image, info, mapSize);
    // Over an image the classes are drawn at 60 %, so that the ground shows through.
    const double opacity = map.isNull() ? 1.0 : 0.6;
    if (underlaid)
        *underlaid = !map.isNull();
    if (map.isNull()) {
        map = QImage(mapSize, QImage::Format_RGB32);
        map.fill(Qt::white);
    }
    for (int y = 0; y < buffer.height; ++y)
        for (int x = 0; x < buffer.width; ++x)
            if (buffer.isValid(0, x, y)) {
                const auto colour = colours.find(int(buffer.value(0, x, y)));
                const QRgb c = colour != colours.end() ? colour->second : qRgb(128, 128, 128);
                const QRgb g = map.pixel(x, y);
                const auto mix
                    = [opacity](int a, int b) { return int(std::lround(opacity * a + (1.0 - opacity) * b)); };
                map.setPixel(x, y,
                             qRgb(mix(qRed(c), qRed(g)), mix(qGreen(c), qGreen(g)), mix(qBlue(c), qBlue(g))));
            }

    const int margin = 110; // room for the coordinates left and below
    const int legendWidth = kWidth - margin - mapSize.width() - 60;
    const int height = std::max(mapSize.height() + 2 * margin, 200 + 52 * int(areas.classes().size()));
    QImage figure(kWidth, height, QImage::Format_RGB32);
    figure.fill(Qt::white);
    QPainter painter(&figure);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(24);
    painter.setFont(font);
    const QRect frame(margin, margin / 2, mapSize.width(), mapSize.height());
    painter.drawImage(frame.topLeft(), map);
    painter.setPen(QPen(Qt::black, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(frame);

    // Coordinates at the frame: round values of the map's CRS along the bottom and the left side,
    // none near a corner, where the two sides' labels would meet.
    const bool degrees = info.crs.geographic;
    const QRectF extent = info.extent();
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

    // The scale bar: a round length near a quarter of the frame's width (metres in a projected
    // CRS; degrees of longitude on a degree grid).
    const double groundPerPixel = std::abs(info.geoTransform.pixelWidth()) * info.width / frame.width();
    const double length = roundScaleLength(groundPerPixel * frame.width() / 4.0);
    const double barPixels = length / groundPerPixel;
    const int legendLeft = frame.right() + 60;
    const QPointF bar(legendLeft, frame.bottom() - 40);
    painter.setBrush(Qt::black);
    painter.drawRect(QRectF(bar.x(), bar.y(), barPixels / 2, 10));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(bar.x() + barPixels / 2, bar.y(), barPixels / 2, 10));
    painter.drawText(QRectF(bar.x(), bar.y() - 36, std::max(barPixels, 200.0), 30),
                     Qt::AlignLeft | Qt::AlignBottom, lengthLabel(length, degrees));
    drawNorthArrow(painter, QPointF(legendLeft + 30, frame.bottom() - 190), 70);

    // The legend: each class's colour, name and share of the mapped area.
    const double total = areas.hasArea() ? areas.totalHectares() : double(areas.totalPixels());
    int y = frame.top();
    painter.drawText(QRect(legendLeft, y, legendWidth, 36), Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("Classes"));
    y += 48;
    for (const MappedClass &c : areas.classes()) {
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(QColor(c.entry.color.red, c.entry.color.green, c.entry.color.blue));
        painter.drawRect(legendLeft, y + 6, 36, 28);
        const double share
            = total > 0.0 ? 100.0 * (areas.hasArea() ? c.hectares : double(c.pixels)) / total : 0.0;
        painter.drawText(QRect(legendLeft + 48, y, legendWidth - 48, 40), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("%1  (%2 %)").arg(c.entry.name).arg(share, 0, 'f', 1));
        y += 52;
    }
    const QString crs = info.crs.isValid()
        ? (info.crs.authorityCode.isEmpty() ? info.crs.name : info.crs.authorityCode)
        : QStringLiteral("no CRS");
    painter.drawText(QRect(legendLeft, y + 10, legendWidth, 36), Qt::AlignLeft | Qt::AlignVCenter, crs);
    painter.end();
    return figure;
}

} // namespace deepterra
