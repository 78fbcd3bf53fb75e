#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/classtable.h"
#include "render/coordinatetransformer.h"
#include "render/maplayerloader.h"
#include "render/overviewcache.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

using namespace deepterra;

class TestMapLayerLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void imageryGetsBandPercentiles();
    void demIsPlacedOnALonLatMap();
    void vectorLabelsBecomePolygons();
    void classRasterGetsItsClassTable();
    void classRasterGetsItsPixelsPerClass();
    void rasterWithoutCrsCannotJoinAMapWithOne();
    void seriesIsRead();
    void cubeIsDrawnInPixelSpace();
    void missingFileNamesTheFile();
    void percentilesAreInterpolated();
    void largeRasterWithoutOverviewsTakesThemFromTheCache();

private:
    static ProjectLayer layerOf(LayerKind kind, const QJsonObject &properties = {});
};

ProjectLayer TestMapLayerLoader::layerOf(LayerKind kind, const QJsonObject &properties)
{
    ProjectLayer layer;
    layer.id = QStringLiteral("l");
    layer.kind = kind;
    layer.properties = properties;
    return layer;
}

void TestMapLayerLoader::imageryGetsBandPercentiles()
{
    // numpy.percentile(band 3 of L7_ETMs.tif, [2, 98]) = 30, 113; min 21, max 255. The raster
    // (123 k pixels) is within the statistics budget, so the figures are exact.
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const MapLayerData data = MapLayerLoader::load(layerOf(LayerKind::Imagery), path, CrsInfo());
    QVERIFY(data.isRaster);
    QVERIFY(data.isDrawable());
    QCOMPARE(data.statistics.size(), std::size_t(6));
    const BandStatistics &red = data.statistics[2];
    QCOMPARE(MapLayerLoader::percentile(red, 2), 30.0);
    QCOMPARE(MapLayerLoader::percentile(red, 98), 113.0);
    QCOMPARE(red.minimum, 21.0);
    QCOMPARE(red.maximum, 255.0);
    QCOMPARE(data.crs.authorityCode, QStringLiteral("EPSG:31985"));
    // gdalinfo: origin (288776.25, 9120760.75), 349 x 352 pixels of 28.5 m.
    QVERIFY(std::abs(data.mapExtent.left() - 288776.25) < 1e-3);
    QVERIFY(std::abs(data.mapExtent.bottom() - 9120760.75) < 1e-3);
    QVERIFY(std::abs(data.mapExtent.width() - 349 * 28.5) < 1e-3);
}

void TestMapLayerLoader::demIsPlacedOnALonLatMap()
{
    // gdalinfo olinda_dem_utm25s.tif: centre at 34d52'15.88"W, 7d59'42.66"S.
    const QString path = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    const MapLayerData data
        = MapLayerLoader::load(layerOf(LayerKind::Dem), path, CoordinateTransformer::lonLat());
    QVERIFY(data.mapProblem.isEmpty());
    const QPointF centre(-(34 + 52 / 60.0 + 15.88 / 3600.0), -(7 + 59 / 60.0 + 42.66 / 3600.0));
    QVERIFY(std::abs(data.mapExtent.center().x() - centre.x()) < 1e-3);
    QVERIFY(std::abs(data.mapExtent.center().y() - centre.y()) < 1e-3);
    // 111 pixels of 90 m: about 0.09 degrees at this latitude.
    QVERIFY(data.mapExtent.width() > 0.085 && data.mapExtent.width() < 0.095);
}

void TestMapLayerLoader::vectorLabelsBecomePolygons()
{
    const QString path = QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg");
    const MapLayerData data
        = MapLayerLoader::load(layerOf(LayerKind::VectorLabels,
                                       { { QStringLiteral("layer"), QStringLiteral("training_areas") },
                                         { QStringLiteral("classField"), QStringLiteral("landcover") } }),
                               path, CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    QVERIFY(!data.isRaster);
    QVERIFY(data.isDrawable());
    QCOMPARE(data.polygons.polygons.size(), std::size_t(14));
    QCOMPARE(data.classes.size(), 4);
    QCOMPARE(data.mapExtent, data.polygons.extent);
}

void TestMapLayerLoader::classRasterGetsItsClassTable()
{
    // lc.tif's raster attribute table names 13 classes (gdalinfo; value 0 is unnamed).
    const QString path = test::samplePath(QStringLiteral("tif/lc.tif"));
    const MapLayerData data = MapLayerLoader::load(layerOf(LayerKind::ClassRaster), path, CrsInfo());
    const ClassTable expected = ClassTable::fromRasterBand(path, 1);
    QCOMPARE(data.classes.size(), expected.size());
    QVERIFY(data.classes.size() > 5);
    QVERIFY(data.statistics.empty());
}

void TestMapLayerLoader::classRasterGetsItsPixelsPerClass()
{
    // lc.tif (84 x 46) is within the budget: the counts are exact, checked here pixel by pixel.
    const QString path = test::samplePath(QStringLiteral("tif/lc.tif"));
    const MapLayerData data = MapLayerLoader::load(layerOf(LayerKind::ClassRaster), path, CrsInfo());
    const ClassPixelCounts &counts = data.classPixels;
    QVERIFY(counts.exact);
    QCOMPARE(int(counts.perClass.size()), data.classes.size());
    const RasterBuffer pixels = RasterDataset::open(path).readWindow(QRect(0, 0, 84, 46), { 1 });
    std::vector<qint64> expected(counts.perClass.size(), 0);
    qint64 other = 0, noData = 0;
    for (std::size_t i = 0; i < pixels.pixelCount(); ++i) {
        const int index = data.classes.indexOfValue(int(pixels.values[i]));
        if (!pixels.valid[i])
            ++noData;
        else if (index < 0)
            ++other;
        else
            ++expected[std::size_t(index)];
    }
    QCOMPARE(counts.perClass, expected);
    QCOMPARE(counts.otherPixels, other);
    QCOMPARE(counts.noDataPixels, noData);
    QVERIFY(std::count_if(expected.begin(), expected.end(), [](qint64 n) { return n > 0; }) > 3);

    // Imagery has no classes to count.
    const MapLayerData imagery = MapLayerLoader::load(
        layerOf(LayerKind::Imagery), test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), CrsInfo());
    QVERIFY(imagery.classPixels.isEmpty());
}

void TestMapLayerLoader::rasterWithoutCrsCannotJoinAMapWithOne()
{
    QTemporaryDir dir;
    test::RasterSpec spec;
    spec.crs.clear();
    const QString path = test::writeRaster(dir.filePath(QStringLiteral("nocrs.tif")), spec, { 1, 2, 3 });
    const MapLayerData data = MapLayerLoader::load(layerOf(LayerKind::Imagery), path,
                                                   CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    QVERIFY(data.isMapLayer());
    QVERIFY(!data.isDrawable());
    QVERIFY2(
        data.mapProblem.startsWith(QStringLiteral("it has no coordinate reference system, so it cannot be "
                                                  "placed on a map in EPSG:31985")),
        qPrintable(data.mapProblem));
}

void TestMapLayerLoader::seriesIsRead()
{
    // co2.csv: "date,co2", 2284 weekly rows.
    const MapLayerData data = MapLayerLoader::load(
        layerOf(LayerKind::Series), test::samplePath(QStringLiteral("datasets/co2/co2.csv")), CrsInfo());
    QVERIFY(!data.isMapLayer());
    QCOMPARE(data.series.rowCount(), 2284);
    QCOMPARE(data.series.columnNames(), QStringList { QStringLiteral("co2") });
}

void TestMapLayerLoader::cubeIsDrawnInPixelSpace()
{
    // test_stageiv_xyt.nc: 87 x 118 cells, 23 hourly steps, no georeferencing (gdalinfo).
    const QString path = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    const MapLayerData data = MapLayerLoader::load(layerOf(LayerKind::Cube), path, CrsInfo());
    QCOMPARE(data.variable, QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation"));
    QCOMPARE(data.times.size(), std::size_t(23));
    QCOMPARE(data.raster.bandCount(), 23);
    QCOMPARE(data.rasterPath, QStringLiteral("NETCDF:\"%1\":%2").arg(path, data.variable));
    QVERIFY(data.isDrawable());
    QCOMPARE(data.mapExtent, QRectF(QPointF(0, -118), QPointF(87, 0)));
    QCOMPARE(data.statistics.size(), std::size_t(23));
}

void TestMapLayerLoader::missingFileNamesTheFile()
{
    QString path;
    const QString cause = test::dataErrorCause(
        [&] { MapLayerLoader::load(layerOf(LayerKind::Dem), QStringLiteral("/nowhere/dem.tif"), CrsInfo()); },
        &path);
    QCOMPARE(path, QStringLiteral("/nowhere/dem.tif"));
    QCOMPARE(cause, QStringLiteral("file not found"));
}

void TestMapLayerLoader::percentilesAreInterpolated()
{
    BandStatistics statistics;
    statistics.validCount = 10;
    statistics.percentiles = { { 0, 0 }, { 0.5, 10 }, { 1, 30 } };
    QCOMPARE(MapLayerLoader::percentile(statistics, 0.25), 5.0);
    QCOMPARE(MapLayerLoader::percentile(statistics, 0.75), 20.0);
    QCOMPARE(MapLayerLoader::percentile(statistics, 50), 30.0);
    statistics.validCount = 0;
    QVERIFY(std::isnan(MapLayerLoader::percentile(statistics, 1)));
}

void TestMapLayerLoader::largeRasterWithoutOverviewsTakesThemFromTheCache()
{
    // 4200 x 300 Byte pixels in 64 x 64 tiles (66 x 5 = 330 blocks), each row 0, 1, ... 199, 0, 1 ...:
    // 2 % of the values are under 4, 2 % over 195.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wide.tif"));
    GDALAllRegister();
    const char *options[] = { "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64", "COMPRESS=DEFLATE", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 4200, 300, 1,
                                 GDT_Byte, const_cast<char **>(options));
    QVERIFY(ds);
    double transform[6] = { 500000.0, 10.0, 0.0, 9120000.0, 0.0, -10.0 };
    GDALSetGeoTransform(ds, transform);
    std::vector<std::uint8_t> row(4200);
    for (int column = 0; column < 4200; ++column)
        row[std::size_t(column)] = std::uint8_t(column % 200);
    for (int y = 0; y < 300; ++y)
        QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, y, 4200, 1, row.data(), 4200, 1,
                              GDT_Byte, 0, 0),
                 CE_None);
    GDALClose(ds);
    OverviewCache::setDefaultFolder(dir.filePath(QStringLiteral("cache")));

    // Before the overviews exist: statistics from a sparse sample of the blocks.
    const MapLayerData before = MapLayerLoader::load(layerOf(LayerKind::Imagery), path, CrsInfo());
    QVERIFY(MapLayerLoader::wantsCachedOverviews(before));
    QCOMPARE(MapLayerLoader::overviewResampling(before), Resampling::Average);
    QVERIFY(before.overviewPath.isEmpty());
    QVERIFY(before.statistics.front().approximate);
    QVERIFY(std::abs(MapLayerLoader::percentile(before.statistics.front(), 2) - 4) <= 3);
    QVERIFY(std::abs(MapLayerLoader::percentile(before.statistics.front(), 98) - 195) <= 3);

    // Built once, they serve every later load.
    const QString vrt = OverviewCache().build(path, Resampling::Average);
    const MapLayerData after = MapLayerLoader::load(layerOf(LayerKind::Imagery), path, CrsInfo());
    QCOMPARE(after.overviewPath, vrt);
    QCOMPARE(after.rasterPath, path);
    QVERIFY(std::abs(MapLayerLoader::percentile(after.statistics.front(), 50) - 99.5) <= 3);
    OverviewCache::setDefaultFolder(QString());
}

QTEST_GUILESS_MAIN(TestMapLayerLoader)
#include "testmaplayerloader.moc"
