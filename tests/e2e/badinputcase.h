#pragma once

// The bad-input corpus's cases (badinputcases.cpp) and the tiny files they are made of
// (badinputfiles.cpp), for TestBadInputCorpus.

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <gdal.h>

#include <functional>
#include <vector>

namespace deepterra::test {

struct BadInputCase
{
    BadInputCase(QString name, std::function<bool(const QDir &)> make, QStringList arguments, int exitCode,
                 QString named = {}, QString cause = {}, QString output = {}, QString knownFailure = {})
        : name(std::move(name))
        , make(std::move(make))
        , arguments(std::move(arguments))
        , exitCode(exitCode)
        , named(std::move(named))
        , cause(std::move(cause))
        , output(std::move(output))
        , knownFailure(std::move(knownFailure))
    { }
    QString name;
    std::function<bool(const QDir &)> make; // writes the case's files into its folder
    QStringList arguments; // "@/" stands for the folder of the shared fixtures
    int exitCode = 1;
    QString named; // on failure: the file the message must name
    QString cause; // on failure: a regular expression the message must match (case-insensitive)
    QString output; // a file the command would write: never left behind by a failure
    QString knownFailure; // why the CLI does not behave yet (QEXPECT_FAIL), empty when it does
};

// A tiny raster made in GDAL's MEM driver and copied to a GeoTIFF, so that every property the
// corpus varies (type, bands, geotransform, CRS, NoData, values) is set explicitly.
struct Raster
{
    int width = 16;
    int height = 16;
    int bands = 4;
    GDALDataType type = GDT_Float32;
    bool geoTransform = true;
    bool rotated = false;
    bool crs = true;
    bool hasNoData = false;
    bool signedByte = false; // GDAL 3.6 has no GDT_Int8: a Byte GeoTIFF with PIXELTYPE=SIGNEDBYTE
    double noData = -9999.0;
    std::function<double(int band, int index)> value
        = [](int band, int index) { return double((band * 37 + index * 11) % 97); };
};

bool writeFile(const QString &path, const QByteArray &bytes);

QByteArray readFile(const QString &path);

bool makeRaster(const QString &path, const Raster &r);

// GeoJSON polygons in EPSG:32725 over the fixtures' 30 m grid at (500000, 9120000); each feature
// is the properties object and the coordinates ring, given in pixels (column, row).
QByteArray geoJson(const QList<QPair<QByteArray, QByteArray>> &features);

QByteArray box(int column0, int row0, int column1, int row1);

QByteArray series(int rows, const QByteArray &separator = ",", const QByteArray &newline = "\n");

std::function<bool(const QDir &)> file(const QString &name, const QByteArray &bytes);

std::function<bool(const QDir &)> raster(const QString &name, const Raster &spec);

std::function<bool(const QDir &)> nothing();

// A copy of one of the shared run folders, with one of its files replaced by `bytes`.
std::function<bool(const QDir &)> runWith(const QString &fixtures, const QString &run,
                                          const QString &replaced,
                                          std::function<QByteArray(const QByteArray &)> change);

// The raster and vector-label cases (badinputrastercases.cpp), appended to `cases`.
void addRasterCases(std::vector<BadInputCase> &cases, const QString &fixtures);
void addVectorCases(std::vector<BadInputCase> &cases, const QString &fixtures);

// Every case of the corpus; `fixtures` is the folder of the shared fixtures ("@/" in arguments).
std::vector<BadInputCase> badInputCases(const QString &fixtures);

} // namespace deepterra::test
