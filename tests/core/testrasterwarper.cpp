#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "labels/rasterwarper.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;
using deepterra::test::dataErrorCause;

namespace {

RasterGrid gridOf(const QString &path)
{
    return RasterGrid::of(RasterDataset::open(path).info());
}

} // namespace

class TestRasterWarper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameGridKeepsPixels();
    void bilinearHalfPixelShiftAveragesFourPixels();
    void nearestAcrossCrsMatchesGdalwarp();
    void noDataAndOutsideAreInvalid();
    void noOverlapGivesNoValidPixel();
    void rasterWithoutCrsOnGridWithCrsIsAnError();
    void missingFileAndBadBand();
    void cancelStopsTheWarp();

private:
    QTemporaryDir m_dir;
};

void TestRasterWarper::sameGridKeepsPixels()
{
    // Onto its own grid every pixel is its own nearest neighbour: the warp must equal a plain read.
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const RasterDataset dataset = RasterDataset::open(path);
    const RasterBuffer read = dataset.readWindow(QRect(), { 4, 1 });
    const RasterBuffer warped = RasterWarper::warpToGrid(path, RasterGrid::of(dataset.info()), { 4, 1 });
    QCOMPARE(warped.width, 349);
    QCOMPARE(warped.height, 352);
    QCOMPARE(warped.bands, (std::vector<int> { 4, 1 }));
    QVERIFY(warped.values == read.values);
    QCOMPARE(warped.validCount(0), warped.pixelCount());
    QCOMPARE(warped.validCount(1), warped.pixelCount());
}

void TestRasterWarper::bilinearHalfPixelShiftAveragesFourPixels()
{
    // A grid shifted by half a pixel right and down puts each target centre on the corner shared by
    // four source pixels, where bilinear interpolation is their mean. Python3-gdal on the DEM:
    // a[10:12, 20:22] = [[62, 58], [57, 60]] -> 59.25 at target (20, 10).
    const QString path = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    const RasterDataset dataset = RasterDataset::open(path);
    RasterGrid grid = RasterGrid::of(dataset.info());
    auto c = grid.geoTransform.coefficients();
    c[0] += 0.5 * c[1];
    c[3] += 0.5 * c[5];
    grid.geoTransform = GeoTransform(c);
    grid.width -= 1;
    grid.height -= 1;
    const RasterBuffer warped = RasterWarper::warpToGrid(path, grid, {}, Resampling::Bilinear);
    QCOMPARE(warped.value(0, 20, 10), 59.25f);
    QCOMPARE(warped.value(0, 60, 50), 25.75f); // python3-gdal: a[50:52, 60:62].mean()
    const RasterBuffer source = dataset.readWindow(QRect());
    for (int y = 0; y < grid.height; ++y)
        for (int x = 0; x < grid.width; ++x) {
            const double mean = (double(source.value(0, x, y)) + source.value(0, x + 1, y)
                                 + source.value(0, x, y + 1) + source.value(0, x + 1, y + 1))
                / 4.0;
            QVERIFY(warped.isValid(0, x, y));
            QVERIFY2(std::abs(warped.value(0, x, y) - mean) < 1e-3,
                     qPrintable(QStringLiteral("pixel %1,%2: %3 vs %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(warped.value(0, x, y))
                                    .arg(mean)));
        }
}

void TestRasterWarper::nearestAcrossCrsMatchesGdalwarp()
{
    // lc.tif (Albers NAD83, 3000 m) onto a 60x36 grid of 2500 m in UTM 19N. Reference values from
    //   gdalwarp -r near -et 0 -t_srs EPSG:32619 -te 720000 1970000 870000 2060000 -ts 60 36 lc.tif out.tif
    // read with python3-gdal.
    RasterGrid grid;
    grid.width = 60;
    grid.height = 36;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(720000, 2060000, 2500, 2500);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32619"));
    const RasterBuffer warped
        = RasterWarper::warpToGrid(test::samplePath(QStringLiteral("tif/lc.tif")), grid);
    QCOMPARE(warped.validCount(0), std::size_t(60 * 36)); // the grid lies inside the source
    const struct
    {
        int x, y;
        float value;
    } expected[] = { { 0, 0, 0 },   { 10, 10, 42 }, { 30, 20, 21 }, { 45, 5, 0 },
                     { 59, 35, 0 }, { 20, 30, 11 }, { 40, 15, 23 } };
    for (const auto &e : expected)
        QCOMPARE(warped.value(0, e.x, e.y), e.value);
    // gdalwarp's histogram of the same output: 252 -> 230 pixels of 11 (Open Water), 517 of 42.
    std::size_t water = 0, forest = 0;
    for (float v : warped.values) {
        water += v == 11.0f;
        forest += v == 42.0f;
    }
    QCOMPARE(water, std::size_t(230));
    QCOMPARE(forest, std::size_t(517));
}

void TestRasterWarper::noDataAndOutsideAreInvalid()
{
    // 4x3 source of 30 m pixels; the target has the same pixels but one more column on the right
    // and one more row on top, which lie outside the source.
    test::RasterSpec spec;
    spec.hasNoData = true;
    spec.noData = -9999;
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nodata.tif")), spec,
                                           { 1, 2, 3, 4, 5, -9999, 7, 8, 9, 10, 11, 12 });
    RasterGrid grid = gridOf(path);
    grid.width = 5;
    grid.height = 4;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(spec.originX, spec.originY + 30, 30, 30);
    const RasterBuffer warped = RasterWarper::warpToGrid(path, grid);
    for (int x = 0; x < 5; ++x)
        QVERIFY(!warped.isValid(0, x, 0)); // the row above the source
    for (int y = 0; y < 4; ++y)
        QVERIFY(!warped.isValid(0, 4, y)); // the column right of it
    QVERIFY(!warped.isValid(0, 1, 2)); // source (1, 1) is NoData
    QCOMPARE(warped.value(0, 0, 1), 1.0f);
    QCOMPARE(warped.value(0, 3, 3), 12.0f);
    QCOMPARE(warped.validCount(0), std::size_t(11));
}

void TestRasterWarper::noOverlapGivesNoValidPixel()
{
    // The Landsat scene (UTM 25S, Brazil) onto a grid 100 km further east: not an error for the
    // warper, simply nothing to take.
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    RasterGrid grid = gridOf(path);
    auto c = grid.geoTransform.coefficients();
    c[0] += 100000;
    grid.geoTransform = GeoTransform(c);
    const RasterBuffer warped = RasterWarper::warpToGrid(path, grid, { 1 });
    QCOMPARE(warped.validCount(0), std::size_t(0));
}

void TestRasterWarper::rasterWithoutCrsOnGridWithCrsIsAnError()
{
    test::RasterSpec spec;
    spec.crs.clear();
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nocrs.tif")), spec, { 1, 2, 3 });
    RasterGrid grid = gridOf(path);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    QString errorPath;
    const QString cause = dataErrorCause([&] { RasterWarper::warpToGrid(path, grid); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QLatin1String("no CRS")) && cause.contains(QLatin1String("EPSG:32725")),
             qPrintable(cause));
}

void TestRasterWarper::missingFileAndBadBand()
{
    RasterGrid grid;
    grid.width = grid.height = 2;
    const QString missing = m_dir.filePath(QStringLiteral("missing.tif"));
    QString errorPath;
    QVERIFY(dataErrorCause([&] { RasterWarper::warpToGrid(missing, grid); }, &errorPath)
                .contains(QLatin1String("not found")));
    QCOMPARE(errorPath, missing);
    const QString path = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    QVERIFY(dataErrorCause([&] {
                RasterWarper::warpToGrid(path, gridOf(path), { 3 });
            }).contains(QLatin1String("band 3")));
}

void TestRasterWarper::cancelStopsTheWarp()
{
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    Feedback feedback;
    feedback.cancel();
    QVERIFY_THROWS_EXCEPTION(
        JobCanceled, RasterWarper::warpToGrid(path, gridOf(path), { 1 }, Resampling::Nearest, &feedback));
}

QTEST_GUILESS_MAIN(TestRasterWarper)
#include "testrasterwarper.moc"
