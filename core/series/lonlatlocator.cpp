#include "series/lonlatlocator.h"

#include "common/dataerror.h"

#include <gdal.h>

#include <cmath>
#include <limits>

namespace deepterra {

namespace {

constexpr double pi = 3.14159265358979323846;

std::vector<float> readCoordinates(const QString &source, const QString &errorPath, int &width, int &height)
{
    try {
        const RasterDataset coordinates = RasterDataset::open(source);
        width = coordinates.width();
        height = coordinates.height();
        const RasterBuffer buffer = coordinates.readWindow(QRect(), { 1 });
        std::vector<float> values = buffer.values;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!buffer.valid[i])
                values[i] = std::numeric_limits<float>::quiet_NaN();
        return values;
    } catch (const DataError &error) {
        throw DataError(
            errorPath,
            QStringLiteral("cannot read the coordinate variable %1: %2").arg(source, error.cause()));
    }
}

// Longitude difference folded into [-180, 180], so that 0..360 and -180..180 grids both work.
double lonDifference(double a, double b)
{
    return std::remainder(a - b, 360.0);
}

// A local, flat-earth distance in degrees of latitude: good enough to pick the nearest cell.
double distance(double lon1, double lat1, double lon2, double lat2)
{
    const double dx = lonDifference(lon1, lon2) * std::cos((lat1 + lat2) * pi / 360.0);
    const double dy = lat1 - lat2;
    return std::hypot(dx, dy);
}

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

} // namespace

LonLatLocator LonLatLocator::create(const RasterDataset &dataset, const QString &errorPath)
{
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    const QString xSource = QString::fromUtf8(GDALGetMetadataItem(handle, "X_DATASET", "GEOLOCATION"));
    const QString ySource = QString::fromUtf8(GDALGetMetadataItem(handle, "Y_DATASET", "GEOLOCATION"));
    if (xSource.isEmpty() || ySource.isEmpty())
        throw DataError(errorPath,
                        QStringLiteral("the grid has neither a CRS nor lon/lat coordinate variables, so a "
                                       "lon/lat point cannot be placed on it"));
    LonLatLocator locator;
    locator.m_path = errorPath;
    locator.m_width = dataset.width();
    locator.m_height = dataset.height();
    int xWidth = 0, xHeight = 0, yWidth = 0, yHeight = 0;
    locator.m_lon = readCoordinates(xSource, errorPath, xWidth, xHeight);
    locator.m_lat = readCoordinates(ySource, errorPath, yWidth, yHeight);

    if (xHeight == 1 && yHeight == 1 && xWidth == locator.m_width && yWidth == locator.m_height) {
        // 1-D axes: GDAL turned them into the geotransform when they are regular. Confirm that the
        // geotransform's cell centres are these longitudes and latitudes (rows may be flipped).
        const RasterInfo &info = dataset.info();
        const GeoTransform &gt = info.geoTransform;
        const double tolerance = 0.01 * std::abs(gt.pixelWidth());
        const QPointF firstCentre = gt.pixelToMap({ 0.5, 0.5 });
        const QPointF lastCentre = gt.pixelToMap({ locator.m_width - 0.5, locator.m_height - 0.5 });
        const double lat0 = locator.m_lat.front(), latN = locator.m_lat.back();
        const bool consistent = info.hasGeoTransform && gt.isNorthUp()
            && near(firstCentre.x(), locator.m_lon.front(), tolerance)
            && near(lastCentre.x(), locator.m_lon.back(), tolerance)
            && ((near(firstCentre.y(), lat0, tolerance) && near(lastCentre.y(), latN, tolerance))
                || (near(firstCentre.y(), latN, tolerance) && near(lastCentre.y(), lat0, tolerance)));
        if (!consistent)
            throw DataError(errorPath,
                            QStringLiteral("the 1-D lon/lat axes are irregular or do not match the grid's "
                                           "georeferencing, so a lon/lat point cannot be placed"));
        locator.m_useGeoTransform = true;
        locator.m_geoTransform = gt;
        return locator;
    }
    if (xWidth != locator.m_width || xHeight != locator.m_height || yWidth != locator.m_width
        || yHeight != locator.m_height)
        throw DataError(errorPath,
                        QStringLiteral("the lon/lat coordinate variables are %1 x %2 but the grid is %3 x %4 "
                                       "(columns x rows; are their dimensions in another order than the "
                                       "data's?), so a lon/lat point cannot be placed")
                            .arg(xWidth)
                            .arg(xHeight)
                            .arg(locator.m_width)
                            .arg(locator.m_height));
    return locator;
}

QPoint LonLatLocator::cellAt(double lon, double lat) const
{
    const auto outside = [&]() {
        return DataError(m_path, QStringLiteral("lon %1, lat %2 lies outside the grid").arg(lon).arg(lat));
    };
    if (m_useGeoTransform) {
        const QRectF extent = m_geoTransform.extent(m_width, m_height);
        // The axes may run 0..360 or -180..180: bring the longitude into the grid's range.
        double x = lon;
        if (x < extent.left())
            x += 360.0 * std::ceil((extent.left() - x) / 360.0);
        else if (x >= extent.right())
            x -= 360.0 * std::ceil((x - extent.right()) / 360.0 + 1e-12);
        const QPointF pixel = m_geoTransform.mapToPixel({ x, lat });
        const int column = int(std::floor(pixel.x()));
        const int row = int(std::floor(pixel.y()));
        if (column < 0 || row < 0 || column >= m_width || row >= m_height)
            throw outside();
        return { column, row };
    }

    double best = std::numeric_limits<double>::infinity();
    int bestIndex = -1;
    for (std::size_t i = 0; i < m_lon.size(); ++i) {
        if (!std::isfinite(m_lon[i]) || !std::isfinite(m_lat[i]))
            continue;
        const double d = distance(lon, lat, m_lon[i], m_lat[i]);
        if (d < best) {
            best = d;
            bestIndex = int(i);
        }
    }
    if (bestIndex < 0)
        throw outside();
    const int column = bestIndex % m_width;
    const int row = bestIndex / m_width;
    // Beyond the edge the nearest centre is still an edge cell: accept the point only within
    // one cell spacing of it.
    double spacing = 0;
    const int neighbours[4][2] = { { -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 } };
    for (const auto &n : neighbours) {
        const int c = column + n[0], r = row + n[1];
        if (c < 0 || r < 0 || c >= m_width || r >= m_height)
            continue;
        const std::size_t j = std::size_t(r) * std::size_t(m_width) + std::size_t(c);
        if (std::isfinite(m_lon[j]) && std::isfinite(m_lat[j]))
            spacing = std::max(
                spacing,
                distance(m_lon[j], m_lat[j], m_lon[std::size_t(bestIndex)], m_lat[std::size_t(bestIndex)]));
    }
    if (best > spacing)
        throw outside();
    return { column, row };
}

std::vector<QPointF> LonLatLocator::cellCentres() const
{
    std::vector<QPointF> centres;
    centres.reserve(std::size_t(m_width) * std::size_t(m_height));
    for (int row = 0; row < m_height; ++row)
        for (int column = 0; column < m_width; ++column) {
            if (m_useGeoTransform) {
                centres.push_back(m_geoTransform.pixelToMap({ column + 0.5, row + 0.5 }));
                continue;
            }
            const std::size_t i = std::size_t(row) * std::size_t(m_width) + std::size_t(column);
            centres.emplace_back(m_lon[i], m_lat[i]);
        }
    return centres;
}

} // namespace deepterra
