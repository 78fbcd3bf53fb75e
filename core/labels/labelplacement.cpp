#include "labels/labelplacement.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <ogr_srs_api.h>

#include <cmath>
#include <memory>

namespace deepterra {

namespace {

struct SrsDeleter
{
    void operator()(void *srs) const { OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(srs)); }
};
struct TransformDeleter
{
    void operator()(void *ct) const
    {
        OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(ct));
    }
};
using SrsPtr = std::unique_ptr<void, SrsDeleter>;

SrsPtr traditionalSrs(const CrsInfo &crs)
{
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    const QByteArray wkt = crs.wkt.toUtf8();
    if (OSRSetFromUserInput(static_cast<OGRSpatialReferenceH>(srs.get()), wkt.constData()) != OGRERR_NONE)
        return nullptr;
    // Grids and extents are always x = easting/longitude, whatever the CRS's official axis order.
    OSRSetAxisMappingStrategy(static_cast<OGRSpatialReferenceH>(srs.get()), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

} // namespace

QString LabelPlacement::crsLabel(const CrsInfo &crs)
{
    if (!crs.authorityCode.isEmpty())
        return crs.authorityCode;
    return crs.name.isEmpty() ? QStringLiteral("an unnamed CRS") : QStringLiteral("\"%1\"").arg(crs.name);
}

QString LabelPlacement::describeExtent(const QRectF &extent, const CrsInfo &crs)
{
    const int decimals = crs.geographic ? 5 : 1;
    return QStringLiteral("x %1 to %2, y %3 to %4")
        .arg(extent.left(), 0, 'f', decimals)
        .arg(extent.right(), 0, 'f', decimals)
        .arg(extent.top(), 0, 'f', decimals)
        .arg(extent.bottom(), 0, 'f', decimals);
}

void LabelPlacement::requireComparableCrs(const QString &path, const CrsInfo &labelCrs,
                                          const RasterGrid &grid, const QString &what,
                                          const QString &howToFix)
{
    if (grid.crs.isValid() && !labelCrs.isValid())
        throw DataError(path,
                        QStringLiteral("the %1 has no CRS while the image is in %2: assign one (for example "
                                       "with %3) so that the labels can be placed on the image")
                            .arg(what, crsLabel(grid.crs), howToFix));
    if (!grid.crs.isValid() && labelCrs.isValid())
        throw DataError(path,
                        QStringLiteral("the image has no CRS, so a %1 in %2 cannot be placed on it")
                            .arg(what, crsLabel(labelCrs)));
}

std::optional<QRectF> LabelPlacement::extentInGridCrs(const QRectF &extent, const CrsInfo &crs,
                                                      const RasterGrid &grid)
{
    if (!crs.isValid() || !grid.crs.isValid() || crs.isSameAs(grid.crs))
        return extent;
    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors; // a failed transformation is an answer here, not something to print
    const SrsPtr source = traditionalSrs(crs);
    const SrsPtr target = traditionalSrs(grid.crs);
    if (!source || !target)
        return std::nullopt;
    const std::unique_ptr<void, TransformDeleter> transform(OCTNewCoordinateTransformation(
        static_cast<OGRSpatialReferenceH>(source.get()), static_cast<OGRSpatialReferenceH>(target.get())));
    if (!transform)
        return std::nullopt;
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    // 21 points per edge: the transformed outline of a large extent bends.
    if (!OCTTransformBounds(static_cast<OGRCoordinateTransformationH>(transform.get()), extent.left(),
                            extent.top(), extent.right(), extent.bottom(), &minX, &minY, &maxX, &maxY, 21))
        return std::nullopt;
    if (!std::isfinite(minX) || !std::isfinite(minY) || !std::isfinite(maxX) || !std::isfinite(maxY))
        return std::nullopt;
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

bool LabelPlacement::overlaps(const QRectF &a, const QRectF &b)
{
    return a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom();
}

void LabelPlacement::requireOverlap(const QString &path, const std::optional<QRectF> &extentInGrid,
                                    const RasterGrid &grid)
{
    const QRectF image = grid.extent();
    if (extentInGrid && overlaps(*extentInGrid, image))
        return;
    const QString imagePart = QStringLiteral("the image covers %1 (in %2)")
                                  .arg(describeExtent(image, grid.crs), crsLabel(grid.crs));
    if (!extentInGrid)
        throw DataError(path,
                        QStringLiteral("the labels do not overlap the image: their extent cannot be "
                                       "expressed in the image's CRS, and %1")
                            .arg(imagePart));
    throw DataError(path,
                    QStringLiteral("the labels do not overlap the image: they cover %1 while %2")
                        .arg(describeExtent(*extentInGrid, grid.crs), imagePart));
}

} // namespace deepterra
