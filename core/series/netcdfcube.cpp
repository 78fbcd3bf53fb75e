#include "series/netcdfcube.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "series/cftimeaxis.h"
#include "series/lonlatlocator.h"
#include "series/netcdfcatalog.h"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

struct NetCdfCube::Private
{
    explicit Private(RasterDataset dataset)
        : dataset(std::move(dataset))
    { }

    QString path;
    NetCdfVariable variable;
    RasterDataset dataset;
    std::vector<QDateTime> times;
    std::vector<int> bands; // 1-based band of each time, in time order

    // Packed variables (scale_factor, add_offset) are stored as integers: RasterDataset reads
    // them raw, a series must show physical values.
    double physical(int band, float raw) const
    {
        const BandInfo &info = dataset.info().bands[std::size_t(band - 1)];
        return double(raw) * info.scale + info.offset;
    }
};

namespace {

QString variableList(const std::vector<NetCdfVariable> &variables)
{
    QStringList names;
    for (const NetCdfVariable &v : variables)
        names.append(QStringLiteral("%1 (%2)").arg(v.name, v.dimensions.join(QStringLiteral(", "))));
    return names.join(QStringLiteral(", "));
}

const NetCdfVariable &pickVariable(const QString &path, const std::vector<NetCdfVariable> &variables,
                                   const QString &name)
{
    if (name.isEmpty()) {
        for (const NetCdfVariable &v : variables)
            if (v.hasTimeAxis && v.isGridded() && v.dimensions.size() >= 3)
                return v;
        throw DataError(path,
                        QStringLiteral("no gridded variable with a time axis (variables: %1)")
                            .arg(variables.empty() ? QStringLiteral("none") : variableList(variables)));
    }
    const auto found = std::find_if(variables.begin(), variables.end(),
                                    [&](const NetCdfVariable &v) { return v.name == name; });
    if (found == variables.end())
        throw DataError(
            path, QStringLiteral("no variable named %1 (variables: %2)").arg(name, variableList(variables)));
    return *found;
}

void checkCubeShape(const QString &path, const NetCdfVariable &v)
{
    if (!v.hasTimeAxis)
        throw DataError(
            path,
            v.timeAxisProblem.isEmpty()
                ? QStringLiteral("variable %1 has no time axis").arg(v.name)
                : QStringLiteral("variable %1 has no usable time axis: %2").arg(v.name, v.timeAxisProblem));
    if (v.dimensions.size() != 3 || v.dimensions.constFirst() != v.timeDimension)
        throw DataError(
            path,
            QStringLiteral("variable %1 has the dimensions (%2); only (time, y, x) cubes are supported")
                .arg(v.name, v.dimensions.join(QStringLiteral(", "))));
}

} // namespace

NetCdfCube::NetCdfCube(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

NetCdfCube::NetCdfCube(NetCdfCube &&other) noexcept = default;
NetCdfCube &NetCdfCube::operator=(NetCdfCube &&other) noexcept = default;
NetCdfCube::~NetCdfCube() = default;

std::vector<NetCdfVariable> NetCdfCube::listVariables(const QString &path)
{
    return NetCdfCatalog::list(path);
}

NetCdfCube NetCdfCube::open(const QString &path, const QString &variableName)
{
    const std::vector<NetCdfVariable> variables = NetCdfCatalog::list(path);
    const NetCdfVariable &variable = pickVariable(path, variables, variableName);
    checkCubeShape(path, variable);

    const QString subdataset = QStringLiteral("NETCDF:\"%1\":%2").arg(path, variable.name);
    std::unique_ptr<Private> d;
    try {
        d = std::make_unique<Private>(RasterDataset::open(subdataset));
    } catch (const DataError &error) {
        throw DataError(path,
                        QStringLiteral("cannot read variable %1: %2").arg(variable.name, error.cause()));
    }
    d->path = path;
    d->variable = variable;
    const RasterDataset &dataset = d->dataset;
    if (dataset.width() != variable.width || dataset.height() != variable.height
        || dataset.bandCount() != variable.timeSteps)
        throw DataError(
            path,
            QStringLiteral("GDAL reads variable %1 as %2 x %3 x %4 bands, not as its %5 x %6 x %7 time steps")
                .arg(variable.name)
                .arg(dataset.width())
                .arg(dataset.height())
                .arg(dataset.bandCount())
                .arg(variable.width)
                .arg(variable.height)
                .arg(variable.timeSteps));

    // Each band carries its own time coordinate value: the authoritative band <-> time link.
    const CfTimeAxis axis = CfTimeAxis::parse(variable.timeUnits, variable.calendar);
    const QByteArray key = "NETCDF_DIM_" + variable.timeDimension.toUtf8();
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    std::vector<std::pair<QDateTime, int>> bandTimes;
    for (int band = 1; band <= dataset.bandCount(); ++band) {
        const char *text = GDALGetMetadataItem(GDALGetRasterBand(handle, band), key.constData(), nullptr);
        bool ok = false;
        const double value = text ? QString::fromUtf8(text).toDouble(&ok) : 0.0;
        if (!ok)
            throw DataError(path,
                            QStringLiteral("band %1 of variable %2 carries no %3 value")
                                .arg(band)
                                .arg(variable.name, variable.timeDimension));
        const QDateTime time = axis.toDateTime(value);
        if (!time.isValid())
            throw DataError(
                path,
                QStringLiteral("time value %1 %2 (calendar %3) has no date in the Gregorian calendar")
                    .arg(value)
                    .arg(variable.timeUnits,
                         variable.calendar.isEmpty() ? QStringLiteral("standard") : variable.calendar));
        bandTimes.emplace_back(time, band);
    }
    std::stable_sort(bandTimes.begin(), bandTimes.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[time, band] : bandTimes) {
        d->times.push_back(time);
        d->bands.push_back(band);
    }
    if (!d->times.empty()) {
        d->variable.firstTime = d->times.front();
        d->variable.lastTime = d->times.back();
    }
    return NetCdfCube(std::move(d));
}

const QString &NetCdfCube::path() const
{
    return d->path;
}

const NetCdfVariable &NetCdfCube::variable() const
{
    return d->variable;
}

const std::vector<QDateTime> &NetCdfCube::times() const
{
    return d->times;
}

RasterGrid NetCdfCube::grid() const
{
    return RasterGrid::of(d->dataset.info());
}

TimeSeries NetCdfCube::seriesAtCell(const QPoint &cell, const QString &where) const
{
    RasterReadRequest request;
    request.bands = d->bands;
    request.window = QRect(cell, QSize(1, 1));
    const RasterBuffer buffer = d->dataset.read(request);

    TimeSeries series;
    series.source = QStringLiteral("%1 (%2 %3)").arg(d->path, d->variable.name, where);
    series.times = d->times;
    TimeSeriesColumn column;
    column.name = d->variable.name;
    for (int slot = 0; slot < buffer.bandCount(); ++slot)
        column.values.push_back(buffer.isValid(slot, 0, 0)
                                    ? d->physical(buffer.bands[std::size_t(slot)], buffer.value(slot, 0, 0))
                                    : std::numeric_limits<double>::quiet_NaN());
    series.columns.push_back(std::move(column));
    return series;
}

TimeSeries NetCdfCube::seriesAtMapPoint(const QPointF &mapPoint) const
{
    const RasterGrid g = grid();
    const QPointF pixel = g.geoTransform.mapToPixel(mapPoint);
    const int column = int(std::floor(pixel.x()));
    const int row = int(std::floor(pixel.y()));
    if (column < 0 || row < 0 || column >= g.width || row >= g.height) {
        const QRectF extent = g.extent();
        throw DataError(
            d->path,
            QStringLiteral("point %1, %2 lies outside the grid of variable %3 (x %4 to %5, y %6 to %7)")
                .arg(mapPoint.x())
                .arg(mapPoint.y())
                .arg(d->variable.name)
                .arg(extent.left())
                .arg(extent.right())
                .arg(extent.top())
                .arg(extent.bottom()));
    }
    return seriesAtCell({ column, row }, QStringLiteral("at x %1, y %2").arg(mapPoint.x()).arg(mapPoint.y()));
}

TimeSeries NetCdfCube::seriesAtLonLat(double lon, double lat) const
{
    const RasterGrid g = grid();
    const QString where = QStringLiteral("at lon %1, lat %2").arg(lon).arg(lat);
    if (!g.crs.isValid() || !d->dataset.info().hasGeoTransform)
        return seriesAtCell(LonLatLocator::create(d->dataset, d->path).cellAt(lon, lat), where);

    GdalErrorScope errors;
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(wgs84, 4326);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH target = OSRNewSpatialReference(g.crs.wkt.toUtf8().constData());
    OSRSetAxisMappingStrategy(target, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(wgs84, target);
    double x = lon, y = lat;
    const bool ok = transform && OCTTransform(transform, 1, &x, &y, nullptr);
    if (transform)
        OCTDestroyCoordinateTransformation(transform);
    OSRDestroySpatialReference(target);
    OSRDestroySpatialReference(wgs84);
    if (!ok)
        throw DataError(
            d->path,
            QStringLiteral("cannot transform lon %1, lat %2 to the grid's CRS %3: %4")
                .arg(lon)
                .arg(lat)
                .arg(g.crs.identifier(), errors.lastError(QStringLiteral("transformation failed"))));
    if (g.crs.geographic) {
        // Global grids may run 0..360: try the equivalent longitude inside the extent.
        const QRectF extent = g.extent();
        if (x < extent.left() && x + 360.0 < extent.right())
            x += 360.0;
        else if (x >= extent.right() && x - 360.0 >= extent.left())
            x -= 360.0;
    }
    TimeSeries series = seriesAtMapPoint({ x, y });
    series.source = QStringLiteral("%1 (%2 %3)").arg(d->path, d->variable.name, where);
    return series;
}

TimeSeries NetCdfCube::areaMean(const QRectF &mapRect) const
{
    return areaMean(mapRect, nullptr);
}

TimeSeries NetCdfCube::areaMean(const QRectF &mapRect, Feedback *feedback) const
{
    const RasterGrid g = grid();
    QRect window(0, 0, g.width, g.height);
    QString where = QStringLiteral("mean over the whole grid");
    if (!mapRect.isNull()) {
        const QRectF rect = mapRect.normalized();
        window = cellWindow(rect);
        where = QStringLiteral("mean over x %1 to %2, y %3 to %4")
                    .arg(rect.left())
                    .arg(rect.right())
                    .arg(rect.top())
                    .arg(rect.bottom());
    }
    return meanOverCells(window, {}, where, feedback);
}

QRect NetCdfCube::cellWindow(const QRectF &mapRect) const
{
    const RasterGrid g = grid();
    const QRectF rect = mapRect.normalized();
    const QPointF a = g.geoTransform.mapToPixel(rect.topLeft());
    const QPointF b = g.geoTransform.mapToPixel(rect.bottomRight());
    // Cells whose centre (column + 0.5) lies inside the rectangle.
    const int left = std::max(0, int(std::ceil(std::min(a.x(), b.x()) - 0.5)));
    const int right = std::min(g.width - 1, int(std::floor(std::max(a.x(), b.x()) - 0.5)));
    const int top = std::max(0, int(std::ceil(std::min(a.y(), b.y()) - 0.5)));
    const int bottom = std::min(g.height - 1, int(std::floor(std::max(a.y(), b.y()) - 0.5)));
    if (left > right || top > bottom)
        throw DataError(d->path,
                        QStringLiteral("the rectangle x %1 to %2, y %3 to %4 contains no cell centre of "
                                       "the grid of variable %5")
                            .arg(rect.left())
                            .arg(rect.right())
                            .arg(rect.top())
                            .arg(rect.bottom())
                            .arg(d->variable.name));
    return QRect(QPoint(left, top), QPoint(right, bottom));
}

TimeSeries NetCdfCube::meanOverCells(const QRect &window, const std::vector<bool> &inside,
                                     const QString &where, Feedback *feedback) const
{
    TimeSeries series;
    series.source = QStringLiteral("%1 (%2 %3)").arg(d->path, d->variable.name, where);
    series.times = d->times;
    TimeSeriesColumn column;
    column.name = d->variable.name;
    for (std::size_t i = 0; i < d->bands.size(); ++i) {
        if (feedback)
            feedback->checkpoint();
        // One time slice at a time: memory stays that of one window, whatever the time span.
        const RasterBuffer buffer = d->dataset.readWindow(window, { d->bands[i] });
        double sum = 0;
        std::size_t count = 0;
        for (std::size_t p = 0; p < buffer.values.size(); ++p)
            if (buffer.valid[p] && (inside.empty() || inside[p])) {
                sum += d->physical(d->bands[i], buffer.values[p]);
                ++count;
            }
        column.values.push_back(count ? sum / double(count) : std::numeric_limits<double>::quiet_NaN());
        if (feedback)
            feedback->setProgress(100.0 * double(i + 1) / double(d->bands.size()));
    }
    series.columns.push_back(std::move(column));
    return series;
}

std::vector<QPointF> NetCdfCube::cellCentresLonLat() const
{
    const RasterGrid g = grid();
    if (!g.crs.isValid() || !d->dataset.info().hasGeoTransform)
        return LonLatLocator::create(d->dataset, d->path).cellCentres();
    std::vector<double> x, y;
    x.reserve(std::size_t(g.width) * std::size_t(g.height));
    y.reserve(x.capacity());
    for (int row = 0; row < g.height; ++row)
        for (int column = 0; column < g.width; ++column) {
            const QPointF centre = g.geoTransform.pixelToMap({ column + 0.5, row + 0.5 });
            x.push_back(centre.x());
            y.push_back(centre.y());
        }
    std::vector<QPointF> centres(
        x.size(),
        QPointF(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()));
    if (g.crs.geographic) {
        for (std::size_t i = 0; i < x.size(); ++i)
            centres[i] = QPointF(x[i], y[i]);
        return centres;
    }
    GdalErrorScope errors;
    OGRSpatialReferenceH source = OSRNewSpatialReference(g.crs.wkt.toUtf8().constData());
    OSRSetAxisMappingStrategy(source, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(wgs84, 4326);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(source, wgs84);
    std::vector<int> ok(x.size(), 0);
    const bool transformed
        = transform && OCTTransformEx(transform, int(x.size()), x.data(), y.data(), nullptr, ok.data());
    if (transform)
        OCTDestroyCoordinateTransformation(transform);
    OSRDestroySpatialReference(wgs84);
    OSRDestroySpatialReference(source);
    if (!transformed)
        throw DataError(
            d->path,
            QStringLiteral("cannot transform the grid's CRS %1 to longitude and latitude: %2")
                .arg(g.crs.identifier(), errors.lastError(QStringLiteral("transformation failed"))));
    for (std::size_t i = 0; i < x.size(); ++i)
        if (ok[i])
            centres[i] = QPointF(x[i], y[i]);
    return centres;
}

TimeSeries NetCdfCube::meanOverLonLatBox(const QRectF &box, Feedback *feedback) const
{
    const QRectF lonLat = box.normalized();
    const QString where = QStringLiteral("mean over lon %1 to %2, lat %3 to %4")
                              .arg(lonLat.left())
                              .arg(lonLat.right())
                              .arg(lonLat.top())
                              .arg(lonLat.bottom());
    const RasterGrid g = grid();
    const std::vector<QPointF> centres = cellCentresLonLat();
    std::vector<bool> cellInside(centres.size(), false);
    int left = g.width, right = -1, top = g.height, bottom = -1;
    for (std::size_t i = 0; i < centres.size(); ++i) {
        const QPointF &c = centres[i];
        if (!std::isfinite(c.x()) || !std::isfinite(c.y()) || c.y() < lonLat.top() || c.y() > lonLat.bottom())
            continue;
        // East of the west edge by at most the box's width, modulo 360.
        const double east = c.x() - lonLat.left() - 360.0 * std::floor((c.x() - lonLat.left()) / 360.0);
        if (east > lonLat.width())
            continue;
        cellInside[i] = true;
        const int column = int(i % std::size_t(g.width)), row = int(i / std::size_t(g.width));
        left = std::min(left, column);
        right = std::max(right, column);
        top = std::min(top, row);
        bottom = std::max(bottom, row);
    }
    if (right < 0)
        throw DataError(d->path,
                        QStringLiteral("the box of lon %1 to %2, lat %3 to %4 contains no cell centre of "
                                       "variable %5")
                            .arg(lonLat.left())
                            .arg(lonLat.right())
                            .arg(lonLat.top())
                            .arg(lonLat.bottom())
                            .arg(d->variable.name));
    const QRect window(QPoint(left, top), QPoint(right, bottom));
    std::vector<bool> inside;
    inside.reserve(std::size_t(window.width()) * std::size_t(window.height()));
    for (int row = top; row <= bottom; ++row)
        for (int column = left; column <= right; ++column)
            inside.push_back(cellInside[std::size_t(row) * std::size_t(g.width) + std::size_t(column)]);
    return meanOverCells(window, inside, where, feedback);
}

} // namespace deepterra
