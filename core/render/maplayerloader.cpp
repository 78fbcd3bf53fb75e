#include "render/maplayerloader.h"

#include "common/dataerror.h"
#include "geodata/netcdfsubdataset.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "render/classpixelcounter.h"
#include "render/classpolygonreader.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"
#include "render/overviewcache.h"
#include "render/sparseblockreader.h"
#include "series/netcdfcube.h"
#include "series/seriesorigin.h"
#include "statistics/percentilerank.h"
#include "statistics/rasterstatistics.h"
#include "statistics/runningmoments.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

QString crsLabel(const CrsInfo &crs)
{
    return crs.authorityCode.isEmpty() ? crs.name : crs.authorityCode;
}

std::vector<double> percents()
{
    std::vector<double> result;
    for (double p = 0.0; p <= 100.0; p += MapLayerLoader::kPercentileStep)
        result.push_back(p);
    return result;
}

// Statistics of a sparse sample of the blocks, for a large raster without overviews: a decimated
// read would decode every block, seconds before the layer can be drawn. As many pixels as
// kStatisticsPixelBudget: 256 blocks of 32 x 32.
std::vector<BandStatistics> sampledStatistics(const RasterDataset &dataset, Feedback *feedback)
{
    constexpr int kBlocks = 256;
    const int perBlock = int(std::sqrt(double(MapLayerLoader::kStatisticsPixelBudget) / kBlocks));
    const RasterBuffer sample = SparseBlockReader::sample(dataset, {}, kBlocks, perBlock);
    std::vector<BandStatistics> result;
    std::vector<float> sorted;
    for (int slot = 0; slot < sample.bandCount(); ++slot) {
        if (feedback) {
            feedback->setProgress(100.0 * slot / sample.bandCount());
            feedback->checkpoint();
        }
        const std::size_t offset = sample.offset(slot, 0, 0);
        RunningMoments moments;
        moments.addBlock(sample.values.data() + offset, sample.valid.data() + offset, sample.pixelCount());
        BandStatistics stats;
        stats.band = sample.bands[std::size_t(slot)];
        stats.pixelCount = qint64(sample.pixelCount());
        stats.validCount = moments.count();
        stats.minimum = moments.minimum();
        stats.maximum = moments.maximum();
        stats.mean = moments.mean();
        stats.stdDev = moments.stdDev();
        stats.approximate = true;
        sorted.clear();
        for (std::size_t i = offset; i < offset + sample.pixelCount(); ++i)
            if (sample.valid[i] && std::isfinite(sample.values[i]))
                sorted.push_back(sample.values[i]);
        std::sort(sorted.begin(), sorted.end());
        for (double percent : percents()) {
            double value = std::numeric_limits<double>::quiet_NaN();
            if (!sorted.empty()) {
                const PercentileRank rank = PercentileRank::of(qint64(sorted.size()), percent);
                value = rank.interpolate(sorted[std::size_t(rank.lower)], sorted[std::size_t(rank.upper)]);
            }
            stats.percentiles.emplace_back(percent, value);
        }
        result.push_back(std::move(stats));
    }
    return result;
}

std::vector<BandStatistics> bandStatistics(const RasterDataset &dataset, MapLayerData &data,
                                           Feedback *feedback)
{
    StatisticsOptions options;
    options.approximate = true;
    options.approximatePixelBudget = MapLayerLoader::kStatisticsPixelBudget;
    options.percentiles = percents();
    if (!data.overviewPath.isEmpty()) {
        try {
            // The decimated read takes an overview level: a few hundred kilobytes.
            return RasterStatistics::compute(RasterDataset::open(data.overviewPath), {}, options, feedback);
        } catch (const DataError &) {
            data.overviewPath.clear(); // the cache was cleared meanwhile: the file itself serves
        }
    }
    if (OverviewCache::needsOverviews(data.raster))
        return sampledStatistics(dataset, feedback);
    return RasterStatistics::compute(dataset, {}, options, feedback);
}

bool isIntegerType(const QString &dataType)
{
    return dataType.contains(QLatin1String("Int")) || dataType == QLatin1String("Byte");
}

// Places a raster's bounds on the map, or says why it cannot be.
void placeOnMap(MapLayerData &data, const QRectF &ownExtent, const CrsInfo &mapCrs)
{
    if (mapCrs.isValid() && !data.crs.isValid()) {
        data.mapProblem
            = QStringLiteral("it has no coordinate reference system, so it cannot be placed on "
                             "a map in %1 (assign one with gdal_edit.py -a_srs or ogr2ogr -a_srs)")
                  .arg(crsLabel(mapCrs));
        return;
    }
    try {
        const CoordinateTransformer transform(data.crs, mapCrs);
        if (const auto extent = transform.transformBounds(ownExtent))
            data.mapExtent = *extent;
        else
            data.mapProblem = QStringLiteral("its extent cannot be transformed from %1 to the map's %2")
                                  .arg(crsLabel(data.crs), crsLabel(mapCrs));
    } catch (const DataError &e) {
        data.mapProblem = e.cause();
    }
}

void loadRaster(MapLayerData &data, const ProjectLayer &layer, const CrsInfo &mapCrs, Feedback *feedback)
{
    const RasterDataset dataset = RasterDataset::open(data.rasterPath);
    data.isRaster = true;
    data.raster = dataset.info();
    data.crs = MapRasterReader::displayCrs(data.raster);
    const bool classes = layer.kind == LayerKind::ClassRaster
        || (layer.kind == LayerKind::Prediction && data.raster.bandCount() == 1
            && isIntegerType(data.raster.bands.front().dataType));
    if (classes) {
        const int band = layer.properties.value(QStringLiteral("band")).toInt(1);
        try {
            data.classes = ClassTable::fromRasterBand(data.filePath, band);
        } catch (const DataError &) {
            if (layer.kind == LayerKind::ClassRaster)
                throw;
            // A prediction with too many values is a continuous one (a regression, a probability).
        }
        if (!data.classes.isEmpty())
            data.classPixels = ClassPixelCounter::count(dataset, band, data.classes,
                                                        MapLayerLoader::kClassPixelBudget, feedback);
    }
    if (MapLayerLoader::wantsCachedOverviews(data))
        data.overviewPath = OverviewCache().find(data.filePath, MapLayerLoader::overviewResampling(data));
    if (data.classes.isEmpty())
        data.statistics = bandStatistics(dataset, data, feedback);
    const GeoTransform transform = MapRasterReader::displayTransform(data.raster);
    placeOnMap(data, transform.extent(data.raster.width, data.raster.height), mapCrs);
}

void loadCube(MapLayerData &data, const ProjectLayer &layer, const CrsInfo &mapCrs, Feedback *feedback)
{
    data.variables = NetCdfCube::listVariables(data.filePath);
    const NetCdfCube cube
        = NetCdfCube::open(data.filePath, layer.properties.value(QStringLiteral("variable")).toString());
    data.variable = cube.variable().name;
    data.times = cube.times();
    data.rasterPath = QStringLiteral("NETCDF:\"%1\":%2").arg(data.filePath, data.variable);
    loadRaster(data, layer, mapCrs, feedback);
}

void loadVector(MapLayerData &data, const ProjectLayer &layer, const CrsInfo &mapCrs, Feedback *feedback)
{
    data.polygons = ClassPolygonReader::read(
        data.filePath, layer.properties.value(QStringLiteral("layer")).toString(),
        layer.properties.value(QStringLiteral("classField")).toString(), mapCrs, feedback);
    data.classes = data.polygons.classes;
    data.crs = data.polygons.sourceCrs;
    if (mapCrs.isValid() && !data.crs.isValid())
        data.mapProblem
            = QStringLiteral("layer '%1' has no coordinate reference system, so it cannot be placed "
                             "on a map in %2 (assign one with ogr2ogr -a_srs)")
                  .arg(data.polygons.layer, crsLabel(mapCrs));
    else
        data.mapExtent = data.polygons.extent;
}

void loadSeries(MapLayerData &data, const ProjectLayer &layer)
{
    CsvSeriesOptions options;
    options.dateColumn = layer.properties.value(QStringLiteral("dateColumn")).toString();
    const QJsonValue markers = layer.properties.value(QStringLiteral("missingMarkers"));
    if (markers.isArray()) {
        options.missingMarkers.clear();
        for (const QJsonValue &marker : markers.toArray())
            options.missingMarkers << marker.toVariant().toString();
    }
    data.series = SeriesOrigin::ofLayer(data.filePath, layer.properties).read(options);
}

} // namespace

MapLayerData MapLayerLoader::load(const ProjectLayer &layer, const QString &filePath, const CrsInfo &mapCrs,
                                  Feedback *feedback)
{
    MapLayerData data;
    data.kind = layer.kind;
    data.filePath = filePath;
    data.rasterPath = filePath;
    // A NetCDF variable without a time axis (a DEM, a land mask) is an image like any other.
    if (const QString variable = layer.properties.value(QStringLiteral("variable")).toString();
        !variable.isEmpty() && layer.kind != LayerKind::Cube && layer.kind != LayerKind::Series)
        data.rasterPath = NetCdfSubdataset { filePath, variable }.toString();
    switch (layer.kind) {
    case LayerKind::Imagery:
    case LayerKind::Dem:
    case LayerKind::ClassRaster:
    case LayerKind::Prediction:
        loadRaster(data, layer, mapCrs, feedback);
        break;
    case LayerKind::Cube:
        loadCube(data, layer, mapCrs, feedback);
        break;
    case LayerKind::VectorLabels:
        loadVector(data, layer, mapCrs, feedback);
        break;
    case LayerKind::Series:
        loadSeries(data, layer);
        break;
    }
    return data;
}

bool MapLayerLoader::wantsCachedOverviews(const MapLayerData &data)
{
    return data.isRaster && data.rasterPath == data.filePath && OverviewCache::needsOverviews(data.raster);
}

Resampling MapLayerLoader::overviewResampling(const MapLayerData &data)
{
    // Averaged classes would be classes that do not exist.
    return data.classes.isEmpty() ? Resampling::Average : Resampling::Nearest;
}

double MapLayerLoader::percentile(const BandStatistics &statistics, double percent)
{
    const auto &table = statistics.percentiles;
    if (table.empty() || statistics.validCount == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (percent <= table.front().first)
        return table.front().second;
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (percent <= table[i].first) {
            const auto &[p0, v0] = table[i - 1];
            const auto &[p1, v1] = table[i];
            const double t = p1 > p0 ? (percent - p0) / (p1 - p0) : 0.0;
            return v0 + t * (v1 - v0);
        }
    }
    return table.back().second;
}

} // namespace deepterra
