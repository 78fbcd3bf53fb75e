#include "render/cubeseriesextractor.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"
#include "series/netcdfcube.h"

#include <algorithm>
#include <cmath>
#include <limits>
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

// -180..180, as a user reads longitudes; the cube takes both ranges.
double signedLongitude(double lon)
{
    return lon > 180.0 ? lon - 360.0 : lon;
}

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

SeriesOrigin CubeSeriesExtractor::originAtMapPoint(const QString &path, const QString &variable,
                                                   const QPointF &mapPoint, const CrsInfo &mapCrs)
{
    const NetCdfCube cube = NetCdfCube::open(path, variable);
    const CubeCoordinates coordinates(path, cube, mapCrs);
    const RasterGrid grid = cube.grid();
    const QPointF gridPoint = coordinates.toGrid(mapPoint);
    const QPointF pixel = grid.geoTransform.mapToPixel(gridPoint);
    const int column = int(std::floor(pixel.x()));
    const int row = int(std::floor(pixel.y()));
    if (column < 0 || row < 0 || column >= grid.width || row >= grid.height)
        throw DataError(path,
                        QStringLiteral("point %1, %2 lies outside the grid of variable %3")
                            .arg(gridPoint.x())
                            .arg(gridPoint.y())
                            .arg(cube.variable().name));
    const QPointF centre
        = cube.cellCentresLonLat()[std::size_t(row) * std::size_t(grid.width) + std::size_t(column)];
    if (!std::isfinite(centre.x()) || !std::isfinite(centre.y()))
        throw DataError(
            path,
            QStringLiteral("the cell at column %1, row %2 has no longitude and latitude in the file")
                .arg(column)
                .arg(row));
    return SeriesOrigin::netCdfAtPoint(path, cube.variable().name,
                                       { signedLongitude(centre.x()), centre.y() });
}

SeriesOrigin CubeSeriesExtractor::originOverMapRect(const QString &path, const QString &variable,
                                                    const QRectF &mapRect, const CrsInfo &mapCrs)
{
    const NetCdfCube cube = NetCdfCube::open(path, variable);
    const CubeCoordinates coordinates(path, cube, mapCrs);
    const QRect window = cube.cellWindow(coordinates.toGrid(mapRect.normalized()));
    const std::vector<QPointF> centres = cube.cellCentresLonLat();
    const int width = cube.grid().width;
    double west = std::numeric_limits<double>::infinity(), east = -west, south = west, north = -west;
    for (int row = window.top(); row <= window.bottom(); ++row)
        for (int column = window.left(); column <= window.right(); ++column) {
            const QPointF &c = centres[std::size_t(row) * std::size_t(width) + std::size_t(column)];
            if (!std::isfinite(c.x()) || !std::isfinite(c.y()))
                continue;
            west = std::min(west, c.x());
            east = std::max(east, c.x());
            south = std::min(south, c.y());
            north = std::max(north, c.y());
        }
    if (!(west <= east))
        throw DataError(
            path, QStringLiteral("the cells of the rectangle have no longitude and latitude in the file"));
    // Written with ten significant digits: the margin keeps the edge cells inside when read back.
    constexpr double margin = 1e-6;
    if (west > 180.0 && east > 180.0) {
        west -= 360.0;
        east -= 360.0;
    }
    return SeriesOrigin::netCdfMeanOver(
        path, cube.variable().name,
        QRectF(QPointF(west - margin, south - margin), QPointF(east + margin, north + margin)));
}

} // namespace deepterra
