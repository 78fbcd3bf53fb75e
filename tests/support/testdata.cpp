#include "testdata.h"

#include "geodata/rasterdataset.h"

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

QString firstRasterDifference(const QString &first, const QString &second)
{
    const RasterDataset a = RasterDataset::open(first);
    const RasterDataset b = RasterDataset::open(second);
    if (a.width() != b.width() || a.height() != b.height() || a.bandCount() != b.bandCount())
        return QStringLiteral("%1 and %2 differ in size").arg(first, second);
    // In strips: a large probability map is hundreds of MB as doubles.
    for (int top = 0; top < a.height(); top += 256) {
        const QRect strip(0, top, a.width(), std::min(256, a.height() - top));
        const RasterBuffer x = a.readWindow(strip);
        const RasterBuffer y = b.readWindow(strip);
        for (std::size_t i = 0; i < x.values.size(); ++i)
            if (x.valid[i] != y.valid[i] || (x.valid[i] && x.values[i] != y.values[i]))
                return QStringLiteral("%1: value %2 of the strip at row %3 is %4 against %5")
                    .arg(QFileInfo(second).fileName())
                    .arg(i)
                    .arg(top)
                    .arg(x.values[i], 0, 'g', 9)
                    .arg(y.values[i], 0, 'g', 9);
    }
    return {};
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
