#include "render/cubeseriesextractor.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"
#include "series/netcdfcube.h"

#include <memory>

namespace deepterra {

namespace {

// Map coordinates of the cube's own grid: pixel space (x = column, y = row) without
// georeferencing, which the map draws with y = -row.
class CubeCoordinates
{
public:
    CubeCoordinates(const QString &path, const NetCdfCube &cube, const CrsInfo &mapCrs)
        : m_grid(cube.grid())
        , m_pixelSpace(m_grid.geoTransform == GeoTransform())
    {
        // The CRS the map draws the cube in, which may be assumed (lon/lat without a grid mapping).
        const RasterDataset grid
            = RasterDataset::open(QStringLiteral("NETCDF:\"%1\":%2").arg(path, cube.variable().name));
        try {
            m_transform
                = std::make_unique<CoordinateTransformer>(mapCrs, MapRasterReader::displayCrs(grid.info()));
        } catch (const DataError &e) {
            throw DataError(path, e.cause());
        }
        m_path = path;
    }

    QPointF toGrid(const QPointF &mapPoint) const
    {
        const auto point = m_transform->transform(mapPoint);
        if (!point)
            throw DataError(m_path,
                            QStringLiteral("point %1, %2 cannot be transformed into the cube's CRS")
                                .arg(mapPoint.x())
                                .arg(mapPoint.y()));
        return m_pixelSpace ? QPointF(point->x(), -point->y()) : *point;
    }

    QRectF toGrid(const QRectF &mapRect) const
    {
        const auto rect = m_transform->transformBounds(mapRect);
        if (!rect)
            throw DataError(m_path,
                            QStringLiteral("the rectangle cannot be transformed into the cube's CRS"));
        if (!m_pixelSpace)
            return *rect;
        return QRectF(QPointF(rect->left(), -rect->bottom()), QPointF(rect->right(), -rect->top()));
    }

private:
    QString m_path;
    RasterGrid m_grid;
    bool m_pixelSpace = false;
    std::unique_ptr<CoordinateTransformer> m_transform;
};

} // namespace

TimeSeries CubeSeriesExtractor::atMapPoint(const QString &path, const QString &variable,
                                           const QPointF &mapPoint, const CrsInfo &mapCrs)
{
    const NetCdfCube cube = NetCdfCube::open(path, variable);
    const CubeCoordinates coordinates(path, cube, mapCrs);
    return cube.seriesAtMapPoint(coordinates.toGrid(mapPoint));
}

TimeSeries CubeSeriesExtractor::areaMean(const QString &path, const QString &variable, const QRectF &mapRect,
                                         const CrsInfo &mapCrs, Feedback *feedback)
{
    const NetCdfCube cube = NetCdfCube::open(path, variable);
    const CubeCoordinates coordinates(path, cube, mapCrs);
    return cube.areaMean(coordinates.toGrid(mapRect.normalized()), feedback);
}

} // namespace deepterra
