#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>

using namespace deepterra;

namespace {
constexpr int kWidth = 100;
constexpr int kHeight = 80;
constexpr double kOriginX = 500000.0;
constexpr double kOriginY = 9120000.0;
constexpr double kPixel = 30.0;

double valueAt(int column, int row)
{
    return column + 1000.0 * row;
}

RasterGrid gridAt(double originX, double originY, double pixel, int width, int height, const QString &crs)
{
    RasterGrid grid;
    grid.width = width;
    grid.height = height;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(originX, originY, pixel, pixel);
    grid.crs = CrsInfo::fromUserInput(crs);
    return grid;
}
} // namespace

class TestMapRasterReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameGridReadsEveryPixel();
    void decimatedGridTakesThePixelUnderEachCentre();
    void zoomedInGridRepeatsPixels();
    void zoomedInBilinearInterpolates();
    void gridBeyondTheRasterLeavesOutsideInvalid();
    void noDataIsInvalid();
    void reprojectedGridMatchesPointSampling();
    void rasterWithoutGeoreferencingIsDrawnUpright();
    void unknownBandIsAnError();

private:
    // The source pixel whose area holds map point (x, y) of the fixture.
    static double expectedAt(double x, double y);
    QTemporaryDir m_dir;
    QString m_path;
};

void TestMapRasterReader::initTestCase()
{
    std::vector<double> values;
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            values.push_back(valueAt(column, row));
    test::RasterSpec spec;
    spec.width = kWidth;
    spec.height = kHeight;
    m_path = test::writeRaster(m_dir.filePath(QStringLiteral("ramp.tif")), spec, values);
    QVERIFY(!m_path.isEmpty());
}

double TestMapRasterReader::expectedAt(double x, double y)
{
    return valueAt(int(std::floor((x - kOriginX) / kPixel)), int(std::floor((kOriginY - y) / kPixel)));
}

void TestMapRasterReader::sameGridReadsEveryPixel()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer = MapRasterReader::read(
        ds, gridAt(kOriginX, kOriginY, kPixel, kWidth, kHeight, QStringLiteral("EPSG:32725")));
    QCOMPARE(buffer.width, kWidth);
    QCOMPARE(buffer.height, kHeight);
    QCOMPARE(buffer.validCount(0), std::size_t(kWidth * kHeight));
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            QCOMPARE(double(buffer.value(0, column, row)), valueAt(column, row));
}

void TestMapRasterReader::decimatedGridTakesThePixelUnderEachCentre()
{
    // 71 m pixels from (500007, 9119989): no target centre falls on a source pixel edge
    // (42.5 + 71 i and 46.5 + 71 j are never multiples of 30), so nearest neighbour is unambiguous.
    const int width = (3000 - 7) / 71;
    const int height = (2400 - 11) / 71;
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer = MapRasterReader::read(
        ds, gridAt(kOriginX + 7, kOriginY - 11, 71, width, height, QStringLiteral("EPSG:32725")));
    QCOMPARE(buffer.validCount(0), std::size_t(width * height));
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i)
            QCOMPARE(double(buffer.value(0, i, j)),
                     expectedAt(kOriginX + 7 + (i + 0.5) * 71, kOriginY - 11 - (j + 0.5) * 71));
}

void TestMapRasterReader::zoomedInGridRepeatsPixels()
{
    // 7.5 m pixels (4x zoom) from an origin 3 m and 4 m inside pixel (15, 10).
    const double x0 = kOriginX + 15 * kPixel + 3;
    const double y0 = kOriginY - 10 * kPixel - 4;
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer
        = MapRasterReader::read(ds, gridAt(x0, y0, 7.5, 40, 40, QStringLiteral("EPSG:32725")));
    QCOMPARE(buffer.validCount(0), std::size_t(40 * 40));
    for (int j = 0; j < 40; ++j)
        for (int i = 0; i < 40; ++i)
            QCOMPARE(double(buffer.value(0, i, j)), expectedAt(x0 + (i + 0.5) * 7.5, y0 - (j + 0.5) * 7.5));
}

void TestMapRasterReader::zoomedInBilinearInterpolates()
{
    // The fixture's values (column + 1000 row) form a plane, which bilinear interpolation
    // reproduces: at source pixel coordinates (sx, sy) the value is (sx - 0.5) + 1000 (sy - 0.5),
    // pixel centres being at .5.
    const double x0 = kOriginX + 15 * kPixel + 3;
    const double y0 = kOriginY - 10 * kPixel - 4;
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer = MapRasterReader::read(
        ds, gridAt(x0, y0, 7.5, 40, 40, QStringLiteral("EPSG:32725")), {}, Resampling::Bilinear);
    for (int j = 0; j < 40; ++j) {
        for (int i = 0; i < 40; ++i) {
            const double sx = (x0 + (i + 0.5) * 7.5 - kOriginX) / kPixel;
            const double sy = (kOriginY - (y0 - (j + 0.5) * 7.5)) / kPixel;
            QVERIFY(std::abs(buffer.value(0, i, j) - ((sx - 0.5) + 1000 * (sy - 0.5))) < 0.05);
        }
    }
}

void TestMapRasterReader::gridBeyondTheRasterLeavesOutsideInvalid()
{
    // Ten pixels of margin on each side.
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer
        = MapRasterReader::read(ds,
                                gridAt(kOriginX - 300, kOriginY + 300, kPixel, kWidth + 20, kHeight + 20,
                                       QStringLiteral("EPSG:32725")));
    QCOMPARE(buffer.validCount(0), std::size_t(kWidth * kHeight));
    QVERIFY(!buffer.isValid(0, 9, 50));
    QVERIFY(!buffer.isValid(0, 50, 9));
    QVERIFY(!buffer.isValid(0, kWidth + 10, 50));
    QVERIFY(buffer.isValid(0, 10, 10));
    QCOMPARE(double(buffer.value(0, 10, 10)), valueAt(0, 0));
    QCOMPARE(double(buffer.value(0, kWidth + 9, kHeight + 9)), valueAt(kWidth - 1, kHeight - 1));
}

void TestMapRasterReader::noDataIsInvalid()
{
    test::RasterSpec spec;
    spec.hasNoData = true;
    spec.noData = -9999;
    // 4 x 3: the second pixel of the first row is NoData, the third NaN.
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nodata.tif")), spec,
                                           { 1, -9999, std::nan(""), 4, 5, 6, 7, 8, 9, 10, 11, 12 });
    const RasterDataset ds = RasterDataset::open(path);
    const RasterBuffer buffer
        = MapRasterReader::read(ds, gridAt(spec.originX, spec.originY, spec.pixelSize, 4, 3, spec.crs));
    QCOMPARE(buffer.validCount(0), std::size_t(10));
    QVERIFY(buffer.isValid(0, 0, 0));
    QVERIFY(!buffer.isValid(0, 1, 0));
    QVERIFY(!buffer.isValid(0, 2, 0));
}

void TestMapRasterReader::reprojectedGridMatchesPointSampling()
{
    // A lon/lat grid over the middle of the raster (UTM 25S): each target pixel must show the
    // source pixel under its centre. GDAL's warper approximates the transformation to within
    // 1/8 of a pixel, so a centre very close to a source pixel edge may pick the neighbour.
    const CrsInfo lonLat = CoordinateTransformer::lonLat();
    const CrsInfo utm = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    const CoordinateTransformer toLonLat(utm, lonLat);
    const auto box = toLonLat.transformBounds(
        QRectF(QPointF(kOriginX + 600, kOriginY - 1800), QPointF(kOriginX + 2400, kOriginY - 600)));
    QVERIFY(box);
    const double pixel = box->width() / 90.0;
    const int height = int(box->height() / pixel);
    RasterGrid grid;
    grid.width = 90;
    grid.height = height;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(box->left(), box->bottom(), pixel, pixel);
    grid.crs = lonLat;

    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer buffer = MapRasterReader::read(ds, grid);
    const CoordinateTransformer toUtm(lonLat, utm);
    int same = 0, total = 0;
    for (int j = 0; j < grid.height; ++j) {
        for (int i = 0; i < grid.width; ++i) {
            const QPointF centre = grid.geoTransform.pixelToMap(QPointF(i + 0.5, j + 0.5));
            const QPointF p = *toUtm.transform(centre);
            QVERIFY(buffer.isValid(0, i, j));
            ++total;
            const double expected = expectedAt(p.x(), p.y());
            const double got = buffer.value(0, i, j);
            if (got == expected) {
                ++same;
            } else {
                // A neighbour at most: one column (1) or one row (1000) away.
                const double d = std::abs(got - expected);
                QVERIFY2(d == 1 || d == 1000 || d == 1001 || d == 999, qPrintable(QString::number(d)));
            }
        }
    }
    QVERIFY2(same >= total * 97 / 100, qPrintable(QStringLiteral("%1 of %2").arg(same).arg(total)));
}

void TestMapRasterReader::rasterWithoutGeoreferencingIsDrawnUpright()
{
    // No geotransform: pixel space turned north-up, x = column, y = -row.
    const QString path = m_dir.filePath(QStringLiteral("plain.tif"));
    GDALAllRegister();
    GDALDatasetH ds
        = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 6, 4, 1, GDT_Float32, nullptr);
    std::vector<float> values;
    for (int row = 0; row < 4; ++row)
        for (int column = 0; column < 6; ++column)
            values.push_back(float(valueAt(column, row)));
    QCOMPARE(
        GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 6, 4, values.data(), 6, 4, GDT_Float32, 0, 0),
        CE_None);
    GDALClose(ds);

    const RasterDataset plain = RasterDataset::open(path);
    QCOMPARE(MapRasterReader::displayTransform(plain.info()).pixelToMap(QPointF(2, 3)), QPointF(2, -3));
    RasterGrid grid;
    grid.width = 6;
    grid.height = 4;
    grid.geoTransform = GeoTransform({ 0, 1, 0, 0, 0, -1 });
    const RasterBuffer buffer = MapRasterReader::read(plain, grid);
    QCOMPARE(buffer.validCount(0), std::size_t(24));
    QCOMPARE(double(buffer.value(0, 0, 0)), valueAt(0, 0));
    QCOMPARE(double(buffer.value(0, 5, 3)), valueAt(5, 3));
}

void TestMapRasterReader::unknownBandIsAnError()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    const QString cause = test::dataErrorCause([&] {
        MapRasterReader::read(ds, gridAt(kOriginX, kOriginY, kPixel, 10, 10, QStringLiteral("EPSG:32725")),
                              { 2 });
    });
    QCOMPARE(cause, QStringLiteral("band 2 requested, but the raster has 1 band(s)"));
}

QTEST_GUILESS_MAIN(TestMapRasterReader)
#include "testmaprasterreader.moc"
