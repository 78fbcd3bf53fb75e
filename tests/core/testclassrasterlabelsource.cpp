#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/classrasterlabelsource.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <gdal_rat.h>

using namespace deepterra;
using deepterra::test::dataErrorCause;
using deepterra::test::utmGrid;

namespace {

// lc.tif's area in UTM 19N: 60x36 pixels of 2500 m.
RasterGrid puertoRicoGrid()
{
    RasterGrid grid;
    grid.width = 60;
    grid.height = 36;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(720000, 2060000, 2500, 2500);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32619"));
    return grid;
}

// 10x12 Byte classes in EPSG:4326 with pixels of 0.0004 degrees (about 44 m) from (-32.9990,
// -7.9605): value 1 + (col / 2 + row) % 3, and NoData 0 on the diagonal col == row. The raster
// starts 0.001 degrees east of the UTM grid's left edge, so the grid's first columns lie outside.
QString writeGeographicClasses(const QString &path)
{
    test::RasterSpec spec;
    spec.width = 10;
    spec.height = 12;
    spec.dataType = QStringLiteral("Byte");
    spec.originX = -32.9990;
    spec.originY = -7.9605;
    spec.pixelSize = 0.0004;
    spec.crs = QStringLiteral("EPSG:4326");
    spec.hasNoData = true;
    spec.noData = 0;
    std::vector<double> values;
    for (int row = 0; row < spec.height; ++row)
        for (int col = 0; col < spec.width; ++col)
            values.push_back(col == row ? 0 : 1 + (col / 2 + row) % 3);
    return test::writeRaster(path, spec, values);
}

// Names values 1 and 2 of a raster's band in a raster attribute table; other values stay unnamed.
void nameValues(const QString &path)
{
    GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_Update);
    GDALRasterAttributeTableH rat = GDALCreateRasterAttributeTable();
    GDALRATCreateColumn(rat, "value", GFT_Integer, GFU_MinMax);
    GDALRATCreateColumn(rat, "name", GFT_String, GFU_Name);
    GDALRATSetRowCount(rat, 2);
    GDALRATSetValueAsInt(rat, 0, 0, 1);
    GDALRATSetValueAsString(rat, 0, 1, "crop");
    GDALRATSetValueAsInt(rat, 1, 0, 2);
    GDALRATSetValueAsString(rat, 1, 1, "pasture");
    GDALSetDefaultRAT(GDALGetRasterBand(ds, 1), rat);
    GDALDestroyRasterAttributeTable(rat);
    GDALClose(ds);
}

} // namespace

class TestClassRasterLabelSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void geographicClassesOnUtmGridMatchGdalwarp();
    void landCoverOnUtmGrid();
    void sameGridKeepsEveryPixel();
    void valuesWithoutClassAreIgnored();

    void labelsOutsideTheImage();
    void missingFile();
    void corruptFile();
    void rasterWithoutCrs();
    void onlyNoDataOverlapsTheImage();
    void onlyUnnamedValuesOverlapTheImage();

private:
    QTemporaryDir m_dir;
};

void TestClassRasterLabelSource::geographicClassesOnUtmGridMatchGdalwarp()
{
    const QString path = writeGeographicClasses(m_dir.filePath(QStringLiteral("classes4326.tif")));
    const LabelGrid labels = ClassRasterLabelSource::load(path, utmGrid());
    QCOMPARE(labels.classes.size(), 3); // values 1, 2, 3 -> indices 0, 1, 2
    // The same fixture written with python3-gdal and warped with
    //   gdalwarp -r near -et 0 -t_srs EPSG:32725 -te 500000 9119700 500300 9120000 -ts 10 10 -dstnodata 0
    // 0 is NoData or outside the source (the first four columns lie west of it).
    const int reference[10][10] = { { 0, 0, 0, 0, 2, 0, 0, 3, 3, 3 }, { 0, 0, 0, 0, 3, 3, 3, 0, 1, 1 },
                                    { 0, 0, 0, 0, 1, 1, 1, 2, 0, 0 }, { 0, 0, 0, 0, 1, 1, 1, 2, 0, 0 },
                                    { 0, 0, 0, 0, 2, 2, 2, 3, 3, 3 }, { 0, 0, 0, 0, 3, 3, 3, 1, 1, 1 },
                                    { 0, 0, 0, 0, 3, 3, 3, 1, 1, 1 }, { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 },
                                    { 0, 0, 0, 0, 2, 2, 2, 3, 3, 3 }, { 0, 0, 0, 0, 3, 3, 3, 1, 1, 1 } };
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) {
            const int value = reference[y][x];
            const std::int32_t expected = value == 0 ? LabelGrid::kIgnore : value - 1;
            QVERIFY2(labels.at(x, y) == expected,
                     qPrintable(QStringLiteral("pixel %1,%2: %3, gdalwarp %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(labels.at(x, y))
                                    .arg(value)));
        }
}

void TestClassRasterLabelSource::landCoverOnUtmGrid()
{
    // lc.tif (Albers NAD83) onto UTM 19N. Reference: gdalwarp -r near -et 0 -t_srs EPSG:32619
    // -te 720000 1970000 870000 2060000 -ts 60 36, whose histogram (python3-gdal np.unique) is
    // 0: 785, 11: 230, 21: 28, 22: 92, 23: 59, 24: 6, 31: 4, 42: 517, 52: 50, 71: 302, 81: 28,
    // 82: 29, 90: 12, 95: 18. Value 0 has no name in the attribute table, so it is unlabelled.
    const LabelGrid labels
        = ClassRasterLabelSource::load(test::samplePath(QStringLiteral("tif/lc.tif")), puertoRicoGrid());
    QCOMPARE(labels.classes.size(), 16);
    QCOMPARE(labels.labelledCount(), std::size_t(60 * 36 - 785));
    const std::vector<std::size_t> counts = labels.countsPerClass();
    const std::pair<int, std::size_t> expected[]
        = { { 11, 230 }, { 12, 0 }, { 21, 28 }, { 22, 92 },  { 23, 59 }, { 24, 6 },  { 31, 4 },  { 41, 0 },
            { 42, 517 }, { 43, 0 }, { 52, 50 }, { 71, 302 }, { 81, 28 }, { 82, 29 }, { 90, 12 }, { 95, 18 } };
    for (const auto &[value, count] : expected)
        QCOMPARE(counts[std::size_t(labels.classes.indexOfValue(value))], count);
    QCOMPARE(labels.at(10, 10), labels.classes.indexOfValue(42));
    QCOMPARE(labels.at(20, 30), labels.classes.indexOfValue(11));
    QCOMPARE(labels.at(0, 0), LabelGrid::kIgnore);
    QCOMPARE(labels.classes.entries[std::size_t(labels.at(30, 20))].name,
             QStringLiteral("Developed, Open Space"));
}

void TestClassRasterLabelSource::sameGridKeepsEveryPixel()
{
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Int16");
    const std::vector<double> values = { 5, -2, 5, 9, 9, 9, -2, 5, 0, 0, 5, 9 };
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("same.tif")), spec, values);
    const LabelGrid labels
        = ClassRasterLabelSource::load(path, RasterGrid::of(RasterDataset::open(path).info()));
    QCOMPARE(labels.classes.size(), 4); // -2, 0, 5, 9
    for (int i = 0; i < 12; ++i)
        QCOMPARE(labels.classes.entries[std::size_t(labels.indices[std::size_t(i)])].value,
                 int(values[std::size_t(i)]));
}

void TestClassRasterLabelSource::valuesWithoutClassAreIgnored()
{
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Byte");
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("partly.tif")), spec,
                                           { 1, 2, 3, 3, 2, 1, 7, 7, 1, 1, 1, 1 });
    nameValues(path);
    const LabelGrid labels
        = ClassRasterLabelSource::load(path, RasterGrid::of(RasterDataset::open(path).info()));
    QCOMPARE(labels.classes.size(), 2);
    QCOMPARE(labels.classes.entries[1].name, QStringLiteral("pasture"));
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 6, 2 }));
    QCOMPARE(labels.at(2, 0), LabelGrid::kIgnore); // 3 is not named
    QCOMPARE(labels.at(2, 1), LabelGrid::kIgnore); // nor 7
}

void TestClassRasterLabelSource::labelsOutsideTheImage()
{
    // Puerto Rico's land cover on the Landsat scene of Olinda, Brazil.
    const QString path = test::samplePath(QStringLiteral("tif/lc.tif"));
    const RasterGrid landsat
        = RasterGrid::of(RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))).info());
    QString errorPath;
    const QString cause = dataErrorCause([&] { ClassRasterLabelSource::load(path, landsat); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.startsWith(QLatin1String("the labels do not overlap the image")), qPrintable(cause));
    QVERIFY2(cause.contains(QLatin1String("(in EPSG:31985)")), qPrintable(cause));
}

void TestClassRasterLabelSource::missingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.tif"));
    QString errorPath;
    QCOMPARE(dataErrorCause([&] { ClassRasterLabelSource::load(path, utmGrid()); }, &errorPath),
             QStringLiteral("file not found"));
    QCOMPARE(errorPath, path);
}

void TestClassRasterLabelSource::corruptFile()
{
    const QString path = m_dir.filePath(QStringLiteral("corrupt.tif"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        static const char bytes[] = "II*\0garbage that is no TIFF directory";
        file.write(bytes, sizeof bytes - 1);
    }
    QString errorPath;
    const QString cause = dataErrorCause([&] { ClassRasterLabelSource::load(path, utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.startsWith(QLatin1String("cannot open as a raster")), qPrintable(cause));
}

void TestClassRasterLabelSource::rasterWithoutCrs()
{
    test::RasterSpec spec;
    spec.crs.clear();
    spec.dataType = QStringLiteral("Byte");
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nocrs.tif")), spec, { 1, 2 });
    QString errorPath;
    const QString cause = dataErrorCause([&] { ClassRasterLabelSource::load(path, utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.startsWith(QLatin1String("the class raster has no CRS while the image is in EPSG:32725")),
             qPrintable(cause));
}

void TestClassRasterLabelSource::onlyNoDataOverlapsTheImage()
{
    // 4x3 pixels of 30 m; the grid covers only the top-left pixel, which is NoData.
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0;
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("holes.tif")), spec,
                                           { 0, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1 });
    RasterGrid grid = utmGrid();
    grid.width = grid.height = 1;
    QCOMPARE(dataErrorCause([&] { ClassRasterLabelSource::load(path, grid); }),
             QStringLiteral("the labels overlap the image only where they hold NoData"));
}

void TestClassRasterLabelSource::onlyUnnamedValuesOverlapTheImage()
{
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Byte");
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("unnamed.tif")), spec,
                                           { 7, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1 });
    nameValues(path);
    RasterGrid grid = utmGrid();
    grid.width = grid.height = 1;
    QCOMPARE(dataErrorCause([&] { ClassRasterLabelSource::load(path, grid); }),
             QStringLiteral("none of the values where the labels overlap the image has a class (found: 7)"));
}

QTEST_GUILESS_MAIN(TestClassRasterLabelSource)
#include "testclassrasterlabelsource.moc"
