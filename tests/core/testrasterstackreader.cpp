#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "testdata.h"
#include "training/demchannelcache.h"
#include "training/rasterstackreader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <memory>
#include <stdexcept>

using namespace deepterra;

namespace {

// The image: 40x30 pixels of 30 m at (500000, 9120000), EPSG:32725, 2 bands:
// band 1 = 100 * row + column, band 2 = -(100 * row + column).
QString writeImage(const QString &folder)
{
    test::RasterSpec spec;
    spec.width = 40;
    spec.height = 30;
    spec.bands = 2;
    std::vector<double> values;
    for (int b = 0; b < 2; ++b)
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 40; ++x)
                values.push_back((b ? -1 : 1) * (100 * y + x));
    return test::writeRaster(QDir(folder).filePath(QStringLiteral("image.tif")), spec, values);
}

// Elevation as a plane in map coordinates: rising 0.5 m per metre eastwards and 0.25 m per metre
// southwards, so that bilinear resampling is exact and the slope and aspect are the same everywhere.
double plane(double easting, double northing)
{
    return 0.5 * (easting - 499000.0) + 0.25 * (9121000.0 - northing);
}

// A 16x14 DEM of 90 m pixels from (499910, 9120090): it covers the image with a pixel to spare.
QString writeDem(const QString &folder, double originX = 499910.0)
{
    test::RasterSpec spec;
    spec.width = 16;
    spec.height = 14;
    spec.pixelSize = 90.0;
    spec.originX = originX;
    spec.originY = 9120090.0;
    std::vector<double> values;
    for (int y = 0; y < 14; ++y)
        for (int x = 0; x < 16; ++x)
            values.push_back(plane(originX + 90.0 * (x + 0.5), 9120090.0 - 90.0 * (y + 0.5)));
    return test::writeRaster(QDir(folder).filePath(QStringLiteral("dem.tif")), spec, values);
}

RasterGrid imageGrid()
{
    RasterGrid grid;
    grid.width = 40;
    grid.height = 30;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000, 9120000, 30, 30);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

} // namespace

class TestRasterStackReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheChosenBandsOfTheWindow();
    void demChannelsAreAlignedOnTheImage();
    void windowGridMovesTheOrigin();
    void refusesAStackAboveTheMemoryLimit();
    void refusesADemThatMissesTheWindow();
    void readsDemChannelsThroughACache();
    void readsThroughAnOpenImage();
    void reusesARecycledStacksMemory();
};

void TestRasterStackReader::readsTheChosenBandsOfTheWindow()
{
    QTemporaryDir dir;
    RasterStackSource source;
    source.imagePath = writeImage(dir.path());
    source.bands = { 2, 1 };
    source.bandChannels = { QStringLiteral("minus"), QStringLiteral("plus") };
    const QRect window(5, 4, 10, 6);
    const RasterStack stack = RasterStackReader::read(source, imageGrid(), window);
    QCOMPARE(stack.window, window);
    QCOMPARE(stack.channels, source.bandChannels);
    QCOMPARE(stack.values.size(), std::size_t(2 * 60));
    // Window pixel (3, 2) is image pixel (8, 6): 608 in band 1.
    QCOMPARE(stack.values[stack.offset(0, 3, 2)], -608.f);
    QCOMPARE(stack.values[stack.offset(1, 3, 2)], 608.f);
    QCOMPARE(stack.values[stack.offset(1, 9, 5)], 914.f);
    QVERIFY(std::all_of(stack.valid.begin(), stack.valid.end(), [](std::uint8_t v) { return v == 1; }));
}

void TestRasterStackReader::demChannelsAreAlignedOnTheImage()
{
    QTemporaryDir dir;
    RasterStackSource source;
    source.imagePath = writeImage(dir.path());
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("b1") };
    source.demPath = writeDem(dir.path());
    source.demChannels = { QStringLiteral("elevation"), QStringLiteral("slope"), QStringLiteral("aspect") };
    const QRect window(6, 3, 30, 24);
    const RasterStack stack = RasterStackReader::read(source, imageGrid(), window);
    QCOMPARE(stack.channels,
             (QStringList { QStringLiteral("b1"), QStringLiteral("elevation"), QStringLiteral("slope"),
                            QStringLiteral("aspect") }));
    // Expected values, independently: gdalwarp -r bilinear of the DEM onto the image grid gives
    // the plane's value at each pixel centre (963.75 at image pixel (10, 7)); gdaldem on the
    // plane gives slope 29.205933 degrees = atan(sqrt(0.5^2 + 0.25^2)) and aspect 296.56506.
    for (int y = 0; y < window.height(); ++y)
        for (int x = 0; x < window.width(); ++x) {
            const double easting = 500000.0 + 30.0 * (window.x() + x + 0.5);
            const double northing = 9120000.0 - 30.0 * (window.y() + y + 0.5);
            QVERIFY(stack.valid[stack.offset(1, x, y)]);
            QVERIFY2(
                std::abs(stack.values[stack.offset(1, x, y)] - plane(easting, northing)) < 1e-2,
                qPrintable(
                    QStringLiteral("%1 at %2,%3").arg(stack.values[stack.offset(1, x, y)]).arg(x).arg(y)));
            QVERIFY(std::abs(stack.values[stack.offset(2, x, y)] - 29.205933) < 1e-3);
            QVERIFY(std::abs(stack.values[stack.offset(3, x, y)] - 296.56506) < 1e-2);
        }
    QCOMPARE(stack.values[stack.offset(1, 10 - 6, 7 - 3)], 963.75f);
}

void TestRasterStackReader::windowGridMovesTheOrigin()
{
    const RasterGrid cut = RasterStackReader::windowGrid(imageGrid(), QRect(4, 3, 10, 5));
    QCOMPARE(cut.width, 10);
    QCOMPARE(cut.height, 5);
    QCOMPARE(cut.geoTransform.coefficients()[0], 500120.0);
    QCOMPARE(cut.geoTransform.coefficients()[3], 9119910.0);
    QCOMPARE(cut.geoTransform.pixelWidth(), 30.0);
    QVERIFY(cut.crs.isSameAs(imageGrid().crs));
}

void TestRasterStackReader::refusesAStackAboveTheMemoryLimit()
{
    // 40000 x 40000 pixels, one band: 8 GB as floats plus validity. A sparse GeoTIFF costs nothing
    // on disk, and the reader must refuse before reading a pixel.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.tif"));
    GDALAllRegister();
    const char *options[] = { "SPARSE_OK=TRUE", "TILED=YES", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 40000, 40000, 1,
                                 GDT_Byte, const_cast<char **>(options));
    QVERIFY(ds);
    GDALClose(ds);
    RasterStackSource source;
    source.imagePath = path;
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("b") };
    RasterGrid grid;
    grid.width = grid.height = 40000;
    QString at;
    const QString cause = test::dataErrorCause(
        [&] { RasterStackReader::read(source, grid, QRect(0, 0, 40000, 40000)); }, &at);
    QCOMPARE(at, path);
    QVERIFY2(cause.contains(QStringLiteral("GiB"))
                 && cause.contains(QStringLiteral("crop the image or label a smaller area")),
             qPrintable(cause));
}

void TestRasterStackReader::refusesADemThatMissesTheWindow()
{
    QTemporaryDir dir;
    RasterStackSource source;
    source.imagePath = writeImage(dir.path());
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("b1") };
    source.demPath = writeDem(dir.path(), 600000.0); // 100 km east
    source.demChannels = { QStringLiteral("slope") };
    QString at;
    const QString cause = test::dataErrorCause(
        [&] { RasterStackReader::read(source, imageGrid(), QRect(0, 0, 40, 30)); }, &at);
    QCOMPARE(at, source.demPath);
    QVERIFY2(cause.contains(QStringLiteral("does not cover")), qPrintable(cause));
}

void TestRasterStackReader::readsDemChannelsThroughACache()
{
    QTemporaryDir dir;
    RasterStackSource source;
    source.imagePath = writeImage(dir.path());
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("b1") };
    source.demPath = writeDem(dir.path());
    source.demChannels = { QStringLiteral("elevation"), QStringLiteral("slope"), QStringLiteral("aspect") };
    const QRect window(6, 3, 30, 24);
    const RasterStack fresh = RasterStackReader::read(source, imageGrid(), window);

    // Derivatives computed once for the whole image (as a prediction does) give the same stack as
    // those computed for the window alone.
    source.demCache = std::make_shared<const DemChannelCache>(source.demPath, source.demChannels, imageGrid(),
                                                              QRect(0, 0, 40, 30));
    const int computed = DemChannelCache::derivativesComputed();
    const RasterStack cached = RasterStackReader::read(source, imageGrid(), window);
    QCOMPARE(DemChannelCache::derivativesComputed(), computed);
    QCOMPARE(cached.channels, fresh.channels);
    QCOMPARE(cached.valid, fresh.valid);
    QCOMPARE(cached.values, fresh.values);

    // A cache cut for one area would give wrong values (edge effects) outside it, and it does not
    // serve another DEM: both are programming errors.
    source.demCache = std::make_shared<const DemChannelCache>(source.demPath, source.demChannels, imageGrid(),
                                                              QRect(0, 0, 20, 30));
    QCOMPARE(RasterStackReader::read(source, imageGrid(), QRect(0, 0, 20, 30)).width(), 20);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             RasterStackReader::read(source, imageGrid(), QRect(0, 0, 21, 30)));
    source.demPath = QDir(dir.path()).filePath(QStringLiteral("other-dem.tif"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             RasterStackReader::read(source, imageGrid(), QRect(0, 0, 10, 10)));
}

// Strips read one after another share the opened image (and GDAL's cache of its blocks) instead
// of opening the file again: the reads go through source.image, whatever the path says.
void TestRasterStackReader::readsThroughAnOpenImage()
{
    QTemporaryDir dir;
    const QString path = writeImage(dir.path());
    RasterStackSource source;
    source.imagePath = dir.filePath(QStringLiteral("moved.tif"));
    source.image = std::make_shared<const RasterDataset>(RasterDataset::open(path));
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("plus") };
    const RasterStack top = RasterStackReader::read(source, imageGrid(), QRect(0, 0, 40, 12));
    const RasterStack overlapping = RasterStackReader::read(source, imageGrid(), QRect(0, 8, 40, 12));
    QCOMPARE(top.values[top.offset(0, 7, 9)], 907.f);
    QCOMPARE(overlapping.values[overlapping.offset(0, 7, 1)], 907.f);
    QCOMPARE(overlapping.values[overlapping.offset(0, 39, 11)], 1939.f);
    source.image.reset();
    QVERIFY_THROWS_EXCEPTION(DataError, RasterStackReader::read(source, imageGrid(), QRect(0, 0, 4, 4)));
}

// A prediction hands each strip it is done with to the next read: same-sized strips reuse its memory
// as it is (no allocation, no clearing), and every value and flag is the new window's. The image's
// band 1 has NoData where the value is 1010 (row 10, column 10), so stale validity would show.
void TestRasterStackReader::reusesARecycledStacksMemory()
{
    QTemporaryDir dir;
    const QString path = writeImage(dir.path());
    {
        GDALDatasetH image = GDALOpen(path.toUtf8().constData(), GA_Update);
        QVERIFY(image);
        GDALSetRasterNoDataValue(GDALGetRasterBand(image, 1), 1010.0);
        GDALClose(image);
    }
    RasterStackSource source;
    source.imagePath = path;
    source.bands = { 1, 2 };
    source.bandChannels = { QStringLiteral("plus"), QStringLiteral("minus") };
    RasterStack first = RasterStackReader::read(source, imageGrid(), QRect(0, 0, 40, 8));
    const float *memory = first.values.data();
    const RasterStack second = RasterStackReader::read(source, imageGrid(), QRect(0, 6, 40, 8), nullptr,
                                                       RasterStackReader::kMaxBytes, std::move(first));
    QCOMPARE(second.values.data(), memory);
    const RasterStack fresh = RasterStackReader::read(source, imageGrid(), QRect(0, 6, 40, 8));
    QVERIFY(second.values == fresh.values);
    QVERIFY(second.valid == fresh.valid);
    QCOMPARE(second.valid[second.offset(0, 10, 4)], std::uint8_t(0));
    QCOMPARE(second.values[second.offset(1, 39, 7)], -1339.f);
    // A larger window grows the recycled memory; a smaller one uses part of it.
    RasterStack taller = RasterStackReader::read(source, imageGrid(), QRect(0, 2, 40, 12), nullptr,
                                                 RasterStackReader::kMaxBytes, RasterStack(second));
    QCOMPARE(taller.values[taller.offset(0, 11, 8)], 1011.f);
    QCOMPARE(taller.valid[taller.offset(0, 10, 8)], std::uint8_t(0));
    const RasterStack narrow = RasterStackReader::read(source, imageGrid(), QRect(30, 20, 5, 3), nullptr,
                                                       RasterStackReader::kMaxBytes, std::move(taller));
    QCOMPARE(narrow.values.size(), std::size_t(2 * 15));
    QCOMPARE(narrow.values[narrow.offset(0, 4, 2)], 2234.f);
}

QTEST_GUILESS_MAIN(TestRasterStackReader)
#include "testrasterstackreader.moc"
