#pragma once

#include "geodata/rastergrid.h"

#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>

#include <vector>

namespace deepterra {

// What a map figure's legend explains: swatches with their labels (classes, the sides of a split),
// or a colour ramp from its low to its high value (a continuous raster).
struct MapLegend
{
    struct Swatch
    {
        QColor colour;
        QString label;
    };

    QString title;
    std::vector<Swatch> swatches;
    std::vector<QColor> ramp; // low to high; drawn bottom to top
    QString rampLow;
    QString rampHigh;
};

// The frame every report map is drawn in: the map's pixels framed, map coordinates along the
// frame, a scale bar, a north arrow, the legend and the CRS beside it. QPainter on a QImage: safe
// off the GUI thread.
class MapFrame
{
public:
    static constexpr int kWidth = 1600; // pixels: 16 cm at 254 dpi

    // The size a grid's map is drawn at in the frame: at most 1100 x 1100, the grid's aspect kept.
    static QSize contentSize(const RasterGrid &grid);
    // `content`: the map at contentSize(grid). A null image for a grid without pixels.
    static QImage draw(const RasterGrid &grid, const QImage &content, const MapLegend &legend);
    // Where a point of the grid's CRS falls in the content image.
    static QPointF toContent(const RasterGrid &grid, const QSize &content, const QPointF &point);
};

} // namespace deepterra
