#include "badinputcase.h"

#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <unistd.h>

namespace deepterra::test {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool makeRaster(const QString &path, const Raster &r)
{
    GDALAllRegister();
    GDALDatasetH mem
        = GDALCreate(GDALGetDriverByName("MEM"), "", r.width, r.height, r.bands, r.type, nullptr);
    if (!mem)
        return false;
    if (r.geoTransform) {
        double gt[6] = { 500000.0, 30.0, r.rotated ? 5.0 : 0.0, 9120000.0, r.rotated ? 5.0 : 0.0, -30.0 };
        GDALSetGeoTransform(mem, gt);
    }
    if (r.crs) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRSetFromUserInput(srs, "EPSG:32725");
        GDALSetSpatialRef(mem, srs);
        OSRDestroySpatialReference(srs);
    }
    bool ok = true;
    std::vector<double> plane(std::size_t(r.width) * r.height);
    for (int b = 0; b < r.bands && ok; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(mem, b + 1);
        if (r.hasNoData)
            GDALSetRasterNoDataValue(band, r.noData);
        for (std::size_t i = 0; i < plane.size(); ++i)
            plane[i] = r.value(b, int(i));
        ok = GDALRasterIO(band, GF_Write, 0, 0, r.width, r.height, plane.data(), r.width, r.height,
                          GDT_Float64, 0, 0)
            == CE_None;
    }
    char signedByte[] = "PIXELTYPE=SIGNEDBYTE";
    char *options[] = { r.signedByte ? signedByte : nullptr, nullptr };
    GDALDatasetH tif = ok ? GDALCreateCopy(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), mem,
                                           FALSE, options, nullptr, nullptr)
                          : nullptr;
    GDALClose(mem);
    if (tif)
        GDALClose(tif);
    return tif != nullptr;
}

// GeoJSON polygons in EPSG:32725 over the fixtures' 30 m grid at (500000, 9120000); each feature
// is the properties object and the coordinates ring, given in pixels (column, row).
QByteArray geoJson(const QList<QPair<QByteArray, QByteArray>> &features)
{
    QByteArray json
        = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32725"}},"features":[)";
    for (int i = 0; i < features.size(); ++i) {
        json += i ? "," : "";
        json += R"({"type":"Feature","properties":)" + features[i].first + R"(,"geometry":)"
            + features[i].second + "}";
    }
    return json + "]}";
}

QByteArray box(int column0, int row0, int column1, int row1)
{
    auto point = [](int column, int row) -> QByteArray {
        return "[" + QByteArray::number(500000 + column * 30) + "," + QByteArray::number(9120000 - row * 30)
            + "]";
    };
    return QByteArray(R"({"type":"Polygon","coordinates":[[)") + point(column0, row0) + ","
        + point(column1, row0) + "," + point(column1, row1) + "," + point(column0, row1) + ","
        + point(column0, row0) + "]]}";
}

QByteArray series(int rows, const QByteArray &separator, const QByteArray &newline)
{
    QByteArray csv = "date" + separator + "co2" + newline;
    QDate date(2000, 1, 3);
    for (int i = 0; i < rows; ++i, date = date.addDays(7))
        csv += date.toString(Qt::ISODate).toLatin1() + separator
            + QByteArray::number(400.0 + (i % 12) * 0.7 + i * 0.05, 'f', 2) + newline;
    return csv;
}

std::function<bool(const QDir &)> file(const QString &name, const QByteArray &bytes)
{
    return [=](const QDir &dir) { return writeFile(dir.filePath(name), bytes); };
}

std::function<bool(const QDir &)> raster(const QString &name, const Raster &spec)
{
    return [=](const QDir &dir) { return makeRaster(dir.filePath(name), spec); };
}

std::function<bool(const QDir &)> nothing()
{
    return [](const QDir &) { return true; };
}

// A copy of one of the shared run folders, with one of its files replaced by `bytes`.
std::function<bool(const QDir &)> runWith(const QString &fixtures, const QString &run,
                                          const QString &replaced,
                                          std::function<QByteArray(const QByteArray &)> change)
{
    return [=](const QDir &dir) {
        QDirIterator it(QDir(fixtures).filePath(run), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString source = it.next();
            const QString relative = QDir(QDir(fixtures).filePath(run)).relativeFilePath(source);
            const QString target = dir.filePath(QStringLiteral("run/") + relative);
            dir.mkpath(QFileInfo(target).path());
            QByteArray bytes = readFile(source);
            if (relative == replaced)
                bytes = change(bytes);
            if (!writeFile(target, bytes))
                return false;
        }
        return true;
    };
}

} // namespace deepterra::test
