#pragma once

#include <QImage>
#include <QString>

namespace deepterra {

// A prediction's confidence or uncertainty raster drawn for a report page: its first band (the
// maximum class probability or entropy of a --confidence map; the predictive entropy of an
// --uncertainty band set) in viridis, stretched from its 2nd to its 98th percentile, with the band's
// meaning and the stretch's values in the legend, in a MapFrame.
class ConfidenceFigure
{
public:
    // Throws DataError naming the file when it cannot be read; a null image for a raster without
    // a georeferenced grid or without a valid pixel.
    static QImage render(const QString &path);
};

} // namespace deepterra
