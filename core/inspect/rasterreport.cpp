#include "inspect/rasterreport.h"

#include "geodata/rasterdataset.h"
#include "inspect/fileinspector.h"
#include "statistics/rasterstatistics.h"

#include <QJsonArray>

#include <cmath>

namespace deepterra {

namespace {
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}
} // namespace

QJsonObject RasterReport::crs(const CrsInfo &crs)
{
    if (!crs.isValid())
        return {};
    return { { QStringLiteral("authority"), crs.authorityCode },
             { QStringLiteral("name"), crs.name },
             { QStringLiteral("geographic"), crs.geographic },
             { QStringLiteral("wkt"), crs.wkt } };
}

QJsonObject RasterReport::statistics(const BandStatistics &s)
{
    QJsonObject percentiles;
    for (const auto &[percent, value] : s.percentiles)
        percentiles.insert(QStringLiteral("p%1").arg(percent), number(value));
    return { { QStringLiteral("min"), number(s.minimum) },
             { QStringLiteral("max"), number(s.maximum) },
             { QStringLiteral("mean"), number(s.mean) },
             { QStringLiteral("std"), number(s.stdDev) },
             { QStringLiteral("validCount"), double(s.validCount) },
             { QStringLiteral("pixelCount"), double(s.pixelCount) },
             { QStringLiteral("approximate"), s.approximate },
             { QStringLiteral("percentiles"), percentiles } };
}

QJsonObject RasterReport::describe(const RasterInfo &info)
{
    QJsonObject raster;
    raster.insert(QStringLiteral("driver"), info.driver);
    raster.insert(QStringLiteral("driverLongName"), info.driverLongName);
    raster.insert(QStringLiteral("width"), info.width);
    raster.insert(QStringLiteral("height"), info.height);
    raster.insert(QStringLiteral("bandCount"), info.bandCount());
    if (info.crs.isValid())
        raster.insert(QStringLiteral("crs"), crs(info.crs));
    if (info.hasGeoTransform) {
        QJsonArray gt;
        for (double c : info.geoTransform.coefficients())
            gt.append(c);
        raster.insert(QStringLiteral("geoTransform"), gt);
        raster.insert(QStringLiteral("pixelSize"),
                      QJsonArray { info.geoTransform.pixelWidth(), info.geoTransform.pixelHeight() });
        const QRectF e = info.extent();
        raster.insert(QStringLiteral("extent"),
                      QJsonObject { { QStringLiteral("minX"), e.left() },
                                    { QStringLiteral("minY"), e.top() },
                                    { QStringLiteral("maxX"), e.right() },
                                    { QStringLiteral("maxY"), e.bottom() } });
    }
    QJsonArray bands;
    for (const BandInfo &b : info.bands) {
        QJsonObject band { { QStringLiteral("index"), b.index },
                           { QStringLiteral("dataType"), b.dataType },
                           { QStringLiteral("noData"), b.noData ? number(*b.noData) : QJsonValue() },
                           { QStringLiteral("description"), b.description },
                           { QStringLiteral("colorInterpretation"), b.colorInterpretation },
                           { QStringLiteral("block"), QJsonArray { b.blockWidth, b.blockHeight } },
                           { QStringLiteral("overviews"), b.overviewCount } };
        if (b.noData && std::isnan(*b.noData))
            band.insert(QStringLiteral("noData"), QStringLiteral("nan"));
        if (!b.unit.isEmpty())
            band.insert(QStringLiteral("unit"), b.unit);
        if (b.scale != 1.0 || b.offset != 0.0) {
            band.insert(QStringLiteral("scale"), b.scale);
            band.insert(QStringLiteral("offset"), b.offset);
        }
        if (!b.colorTable.empty())
            band.insert(QStringLiteral("colorTableEntries"), int(b.colorTable.size()));
        if (b.attributeTableRows > 0)
            band.insert(QStringLiteral("attributeTable"),
                        QJsonObject { { QStringLiteral("rows"), b.attributeTableRows },
                                      { QStringLiteral("columns"),
                                        QJsonArray::fromStringList(b.attributeTableColumns) } });
        bands.append(band);
    }
    raster.insert(QStringLiteral("bands"), bands);
    if (!info.subdatasets.isEmpty())
        raster.insert(QStringLiteral("subdatasets"), QJsonArray::fromStringList(info.subdatasets));
    return raster;
}

QJsonObject RasterReport::describe(const RasterDataset &dataset, const InspectOptions &options,
                                   Feedback *feedback)
{
    QJsonObject raster = describe(dataset.info());
    if (options.statistics) {
        StatisticsOptions statsOptions;
        statsOptions.approximate = options.approximate;
        const std::vector<BandStatistics> stats
            = RasterStatistics::compute(dataset, {}, statsOptions, feedback);
        QJsonArray bands = raster.value(QStringLiteral("bands")).toArray();
        for (const BandStatistics &s : stats) {
            const int slot = s.band - 1;
            QJsonObject band = bands.at(slot).toObject();
            band.insert(QStringLiteral("statistics"), statistics(s));
            bands.replace(slot, band);
        }
        raster.insert(QStringLiteral("bands"), bands);
    }
    return raster;
}

} // namespace deepterra
