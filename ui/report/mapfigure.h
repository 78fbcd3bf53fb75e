#pragma once

#include <QImage>
#include <QStringList>

namespace deepterra {

class MappedClassAreas;

// A class map drawn for a report page: the classes in their colours in a MapFrame, with a legend
// giving each class's share of the map. Reads the map at the figure's size (GDAL picks an
// overview), so a huge map costs a thumbnail. QPainter on a QImage: safe off the GUI thread.
class MapFigure
{
public:
    // A null image for a map without a georeferenced grid or with no pixels. `image`: a raster on
    // the map's grid (the one predicted, or trained on) drawn beneath the classes as
    // RasterUnderlay reads it (`bandNames` for its bands); left out when empty or on another grid.
    // `shownBands`: which of the image's bands show, empty when the image is left out.
    static QImage render(const MappedClassAreas &areas, const QString &image = {},
                         const QStringList &bandNames = {}, QString *shownBands = nullptr);
};

} // namespace deepterra
