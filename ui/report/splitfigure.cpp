#include "report/splitfigure.h"

#include "render/classpolygonreader.h"
#include "report/mapframe.h"
#include "report/rasterunderlay.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

struct Side
{
    const char *role;
    QColor colour;
    const char *label;
};

// The runs panel's colours: training blue, validation orange, test purple; the buffer grey.
const Side kSides[] = { { "training", QColor(31, 119, 180), "training" },
                        { "validation", QColor(255, 127, 14), "validation" },
                        { "test", QColor(148, 103, 189), "test (held out)" },
                        { "buffer", QColor(150, 150, 150), "buffer (patches dropped)" } };

// The image paled, so that the blocks stand out over it.
QImage background(const QString &image, const RasterGrid &grid, const QSize &size,
                  const QStringList &bandNames)
{
    QImage ground = RasterUnderlay::read(image, grid, size, bandNames);
    if (ground.isNull()) {
        ground = QImage(size, QImage::Format_RGB32);
        ground.fill(Qt::white);
        return ground;
    }
    for (int y = 0; y < ground.height(); ++y)
        for (int x = 0; x < ground.width(); ++x) {
            const QRgb c = ground.pixel(x, y);
            const auto pale = [](int v) { return int(std::lround(0.55 * v + 0.45 * 255)); };
            ground.setPixel(x, y, qRgb(pale(qRed(c)), pale(qGreen(c)), pale(qBlue(c))));
        }
    return ground;
}

} // namespace

QImage SplitFigure::render(const QString &splitLayer, const RasterGrid &grid, const QString &image,
                           const QStringList &bandNames)
{
    const QSize size = MapFrame::contentSize(grid);
    if (size.isEmpty())
        return {};
    const ClassPolygons polygons = ClassPolygonReader::read(splitLayer, {}, QStringLiteral("role"), grid.crs);
    QImage content = background(image, grid, size, bandNames);
    QPainter painter(&content);
    painter.setRenderHint(QPainter::Antialiasing);
    MapLegend legend;
    legend.title = QStringLiteral("Split");
    for (const Side &side : kSides) {
        const auto entry
            = std::find_if(polygons.classes.entries.begin(), polygons.classes.entries.end(),
                           [&side](const ClassEntry &e) { return e.name == QLatin1String(side.role); });
        if (entry == polygons.classes.entries.end())
            continue;
        const int index = int(entry - polygons.classes.entries.begin());
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (const ClassPolygon &polygon : polygons.polygons) {
            if (polygon.classIndex != index)
                continue;
            for (const std::vector<QPointF> &ring : polygon.rings) {
                QPolygonF points;
                for (const QPointF &point : ring)
                    points << MapFrame::toContent(grid, size, point);
                path.addPolygon(points);
                path.closeSubpath();
            }
        }
        QColor fill = side.colour;
        fill.setAlpha(150);
        painter.setPen(QPen(side.colour.darker(130), 1.5));
        painter.setBrush(fill);
        painter.drawPath(path);
        legend.swatches.push_back({ side.colour, QLatin1String(side.label) });
    }
    painter.end();
    return MapFrame::draw(grid, content, legend);
}

} // namespace deepterra
