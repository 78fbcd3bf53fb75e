#pragma once

#include "geodata/crsinfo.h"
#include "geodata/rastergrid.h"

#include <QRectF>
#include <QString>

#include <optional>

namespace deepterra {

// Checks shared by the label sources before they put labels on an image's grid: whether both
// sides have a CRS, and whether the labels' extent overlaps the image at all, with messages that
// tell the user which of the two is wrong.
class LabelPlacement
{
public:
    // Throws DataError(path) when exactly one of the label CRS and the grid CRS is missing: a
    // position without a CRS cannot be related to one with a CRS. Without CRS on either side,
    // coordinates are taken as they are. `what` names the label data ("raster", "layer 'roads'")
    // and `howToFix` the tool that assigns a CRS.
    static void requireComparableCrs(const QString &path, const CrsInfo &labelCrs, const RasterGrid &grid,
                                     const QString &what, const QString &howToFix);

    // `extent` (in `crs`) expressed in the grid's CRS, densified along the edges; nullopt when it
    // cannot be transformed (for example outside the target projection's domain).
    static std::optional<QRectF> extentInGridCrs(const QRectF &extent, const CrsInfo &crs,
                                                 const RasterGrid &grid);

    // True when the rectangles share an area; touching edges do not count.
    static bool overlaps(const QRectF &a, const QRectF &b);

    // Throws DataError(path) saying that the labels do not overlap the image and where each lies,
    // unless `extentInGrid` overlaps the grid's extent.
    static void requireOverlap(const QString &path, const std::optional<QRectF> &extentInGrid,
                               const RasterGrid &grid);

    // "EPSG:32725", or the CRS's name when it has no authority code.
    static QString crsLabel(const CrsInfo &crs);
    static QString describeExtent(const QRectF &extent, const CrsInfo &crs);
};

} // namespace deepterra
