#include "inspect/fileinspector.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "inspect/rasterreport.h"
#include "inspect/seriesreport.h"
#include "labels/vectorlabelsource.h"
#include "series/csvseriesreader.h"
#include "series/netcdfcube.h"
#include "series/timeseries.h"

#include <QFileInfo>
#include <QJsonArray>

#include <cpl_vsi.h>
#include <gdal.h>

#include <optional>

namespace deepterra {

namespace {

// The file's size through GDAL's file system, which also sees files in GDAL's memory (/vsimem/: a
// training run's live prediction); nothing when there is no such file.
std::optional<qint64> fileSize(const QString &path)
{
    VSIStatBufL stat;
    if (VSIStatL(path.toUtf8().constData(), &stat) != 0)
        return std::nullopt;
    return qint64(stat.st_size);
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject inspectVector(const QString &path)
{
    QJsonArray layers;
    for (const VectorLayerInfo &layer : VectorLabelSource::describe(path)) {
        QJsonObject l { { QStringLiteral("name"), layer.name },
                        { QStringLiteral("geometryType"), layer.geometryType },
                        { QStringLiteral("featureCount"), double(layer.featureCount) },
                        { QStringLiteral("fields"), QJsonArray::fromStringList(layer.fields) } };
        if (layer.crs.isValid())
            l.insert(QStringLiteral("crs"), RasterReport::crs(layer.crs));
        if (!layer.extent.isNull())
            l.insert(QStringLiteral("extent"),
                     QJsonObject { { QStringLiteral("minX"), layer.extent.left() },
                                   { QStringLiteral("minY"), layer.extent.top() },
                                   { QStringLiteral("maxX"), layer.extent.right() },
                                   { QStringLiteral("maxY"), layer.extent.bottom() } });
        layers.append(l);
    }
    return { { QStringLiteral("layers"), layers } };
}

QJsonObject inspectNetCdf(const QString &path)
{
    QJsonArray variables;
    for (const NetCdfVariable &v : NetCdfCube::listVariables(path)) {
        QJsonObject var { { QStringLiteral("name"), v.name },
                          { QStringLiteral("longName"), v.longName },
                          { QStringLiteral("units"), v.units },
                          { QStringLiteral("dimensions"), QJsonArray::fromStringList(v.dimensions) },
                          { QStringLiteral("width"), v.width },
                          { QStringLiteral("height"), v.height },
                          { QStringLiteral("timeSteps"), v.timeSteps },
                          { QStringLiteral("hasTimeAxis"), v.hasTimeAxis } };
        if (v.hasTimeAxis)
            var.insert(QStringLiteral("timeRange"),
                       QJsonObject { { QStringLiteral("first"), isoTime(v.firstTime) },
                                     { QStringLiteral("last"), isoTime(v.lastTime) } });
        if (v.width > 0) {
            // The grid's georeferencing, read from the variable's own subdataset.
            const QString subdataset = QStringLiteral("NETCDF:\"%1\":%2").arg(path, v.name);
            const QJsonObject raster = RasterReport::describe(RasterDataset::open(subdataset).info());
            for (const QString &key :
                 { QStringLiteral("crs"), QStringLiteral("extent"), QStringLiteral("pixelSize") })
                if (raster.contains(key))
                    var.insert(key, raster.value(key));
        }
        variables.append(var);
    }
    return { { QStringLiteral("variables"), variables } };
}

} // namespace

QString FileInspector::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Raster:
        return QStringLiteral("raster");
    case Kind::Vector:
        return QStringLiteral("vector");
    case Kind::NetCdf:
        return QStringLiteral("netcdf");
    case Kind::Table:
        return QStringLiteral("table");
    }
    return {};
}

FileInspector::Kind FileInspector::detectKind(const QString &path)
{
    const QFileInfo file(path);
    if (!fileSize(path))
        throw DataError(path, QStringLiteral("file not found"));
    const QString suffix = file.suffix().toLower();
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("tsv") || suffix == QLatin1String("txt"))
        return Kind::Table;
    if (suffix == QLatin1String("nc") || suffix == QLatin1String("nc4") || suffix == QLatin1String("cdf")
        || suffix == QLatin1String("netcdf"))
        return Kind::NetCdf;

    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors;
    const QByteArray utf8 = path.toUtf8();
    GDALDatasetH ds = GDALOpenEx(utf8.constData(), GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 nullptr, nullptr, nullptr);
    if (!ds)
        throw DataError(
            path,
            QStringLiteral("unsupported or corrupt file: %1")
                .arg(errors.lastError(QStringLiteral("no GDAL raster or vector driver recognises it"))));
    const bool hasLayers = GDALDatasetGetLayerCount(ds) > 0;
    const bool hasBands = GDALGetRasterCount(ds) > 0 || GDALGetMetadata(ds, "SUBDATASETS");
    const QString driver = QString::fromLatin1(GDALGetDriverShortName(GDALGetDatasetDriver(ds)));
    GDALClose(ds);
    if (driver == QLatin1String("netCDF"))
        return Kind::NetCdf;
    if (hasLayers && !hasBands)
        return Kind::Vector;
    return Kind::Raster;
}

QJsonObject FileInspector::inspect(const QString &path, const InspectOptions &options, Feedback *feedback)
{
    const Kind kind = detectKind(path);
    const QFileInfo file(path);
    QJsonObject report { { QStringLiteral("path"), file.absoluteFilePath() },
                         { QStringLiteral("kind"), kindName(kind) },
                         { QStringLiteral("sizeBytes"), double(fileSize(path).value_or(0)) } };
    switch (kind) {
    case Kind::Raster:
        report.insert(QStringLiteral("raster"),
                      RasterReport::describe(RasterDataset::open(path), options, feedback));
        break;
    case Kind::Vector:
        report.insert(QStringLiteral("vector"), inspectVector(path));
        break;
    case Kind::NetCdf:
        report.insert(QStringLiteral("netcdf"), inspectNetCdf(path));
        break;
    case Kind::Table:
        report.insert(QStringLiteral("table"),
                      SeriesReport::describe(CsvSeriesReader::read(path), options.statistics));
        break;
    }
    return report;
}

} // namespace deepterra
