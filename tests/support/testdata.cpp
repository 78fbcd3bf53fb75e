#include "testdata.h"

#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

namespace deepterra::test {

namespace {
QString samplesRoot()
{
    const QByteArray env = qgetenv("DEEPTERRA_SAMPLES_DIR");
    return env.isEmpty() ? QStringLiteral(DEEPTERRA_TEST_SAMPLES_DIR) : QString::fromLocal8Bit(env);
}
} // namespace

bool samplesAvailable(const QString &relative)
{
    return QFileInfo::exists(QDir(samplesRoot()).filePath(relative));
}

QString samplePath(const QString &relative)
{
    const QString path = QDir(samplesRoot()).filePath(relative);
    if (!QFileInfo::exists(path))
        qWarning("Sample %s is missing: run scripts/fetch-samples.sh", qPrintable(path));
    return path;
}

QString writeRaster(const QString &path, const RasterSpec &spec, const std::vector<double> &values)
{
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    const GDALDataType type = GDALGetDataTypeByName(spec.dataType.toLatin1().constData());
    GDALDatasetH ds
        = GDALCreate(driver, path.toUtf8().constData(), spec.width, spec.height, spec.bands, type, nullptr);
    if (!ds)
        return {};
    double gt[6] = { spec.originX, spec.pixelSize, 0.0, spec.originY, 0.0, -spec.pixelSize };
    GDALSetGeoTransform(ds, gt);
    if (!spec.crs.isEmpty()) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRSetFromUserInput(srs, spec.crs.toUtf8().constData());
        GDALSetSpatialRef(ds, srs);
        OSRDestroySpatialReference(srs);
    }
    const std::size_t plane = std::size_t(spec.width) * std::size_t(spec.height);
    for (int b = 0; b < spec.bands; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
        if (spec.hasNoData)
            GDALSetRasterNoDataValue(band, spec.noData);
        std::vector<double> plane_values(plane, 0.0);
        for (std::size_t i = 0; i < plane && b * plane + i < values.size(); ++i)
            plane_values[i] = values[b * plane + i];
        if (GDALRasterIO(band, GF_Write, 0, 0, spec.width, spec.height, plane_values.data(), spec.width,
                         spec.height, GDT_Float64, 0, 0)
            != CE_None) {
            GDALClose(ds);
            return {};
        }
    }
    GDALClose(ds);
    return path;
}

RasterGrid utmGrid()
{
    RasterGrid grid;
    grid.width = 10;
    grid.height = 10;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000, 9120000, 30, 30);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

} // namespace deepterra::test
