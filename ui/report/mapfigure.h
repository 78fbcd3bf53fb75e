#pragma once

#include <QImage>

namespace deepterra {

class MappedClassAreas;

// A class map drawn for a report page: the classes in their colours, framed, with map coordinates
// along the frame, a scale bar, a north arrow and a legend with each class's share of the map.
// Reads the map at the figure's size (GDAL picks an overview), so a huge map costs a thumbnail.
// QPainter on a QImage: safe off the GUI thread.
class MapFigure
{
public:
    static constexpr int kWidth = 1600; // pixels: 16 cm at 254 dpi

    // A null image for a map without a georeferenced grid or with no pixels. `image`: a raster on
    // the map's grid (the one predicted, or trained on) drawn beneath the classes from its first
    // three bands, each stretched from its 2nd to its 98th percentile; left out when empty or on
    // another grid.
    // another grid (`underlaid` says which).
    static QImage render(const MappedClassAreas &areas, const QString &image = {}, bool *underlaid = nullptr);
};

} // namespace deepterra
