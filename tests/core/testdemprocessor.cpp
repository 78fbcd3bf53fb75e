#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "geodata/rastergrid.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "terrain/demprocessor.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>

using namespace deepterra;

Q_DECLARE_METATYPE(deepterra::DemDerivative)

namespace {

struct PixelValue
{
    int x;
    int y;
    double value;
};

// 8x7 Float32 DEM, 30 m pixels, EPSG:32725: z = 10 + 2x + 3y + 0.5xy with a NoData (-9999) hole at
// (4, 3). The same fixture was written with python3-gdal to compute the expectations below.
std::vector<double> holeDem(double hole)
{
    std::vector<double> values;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 8; ++x)
            values.push_back(x == 4 && y == 3 ? hole : 10 + 2 * x + 3 * y + 0.5 * x * y);
    return values;
}

// 8x7: flat at 50 for x < 4, rising 5 per pixel eastwards from x = 4, NoData hole at (6, 3).
std::vector<double> plateauDem()
{
    std::vector<double> values;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 8; ++x)
            values.push_back(x == 6 && y == 3 ? -9999 : x < 4 ? 50.0 : 50.0 + 5 * (x - 3));
    return values;
}

} // namespace

class TestDemProcessor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip();
    void realDemMatchesGdaldem_data();
    void realDemMatchesGdaldem();
    void hillshadeOptionsReachGdal();
    void slopeOptionsReachGdal();
    void outputKeepsTheDemGrid();
    void noDataHoleStaysNoData_data();
    void noDataHoleStaysNoData();
    void withoutEdgesTheHoleNeighboursAreNoData();
    void nanWithoutNoDataValueIsNoData();
    void flatAspectIsZeroAndTheHoleStaysNoData();
    void flatAspectWithoutEdges();
    void geographicDemIsScaledToMetres();
    void multiBandDemUsesBandOne();
    void missingDemIsADataError();
    void unwritableOutputNamesTheOutput_data();
    void unwritableOutputNamesTheOutput();
    void outputOverTheDemIsRefused();
    void cancelLeavesNoFileAndKeepsThePreviousOne();

private:
    QString fixture(const QString &name, const std::vector<double> &values, bool hasNoData = true,
                    const QString &crs = QStringLiteral("EPSG:32725"), double pixelSize = 30.0,
                    int bands = 1);
    static RasterBuffer readAll(const QString &path);
    QTemporaryDir m_dir;
};

QString TestDemProcessor::fixture(const QString &name, const std::vector<double> &values, bool hasNoData,
                                  const QString &crs, double pixelSize, int bands)
{
    test::RasterSpec spec;
    spec.width = 8;
    spec.height = 7;
    spec.bands = bands;
    spec.hasNoData = hasNoData;
    spec.noData = -9999;
    spec.crs = crs;
    spec.pixelSize = pixelSize;
    if (crs == QLatin1String("EPSG:4326")) {
        spec.originX = -35.0;
        spec.originY = -8.0;
    }
    return test::writeRaster(m_dir.filePath(name), spec, values);
}

RasterBuffer TestDemProcessor::readAll(const QString &path)
{
    return RasterDataset::open(path).readWindow({});
}

void TestDemProcessor::namesRoundTrip()
{
    QCOMPARE(DemProcessor::all().size(), 6);
    const QStringList expected { QStringLiteral("hillshade"), QStringLiteral("slope"),
                                 QStringLiteral("aspect"),    QStringLiteral("roughness"),
                                 QStringLiteral("tri"),       QStringLiteral("tpi") };
    QStringList names;
    for (DemDerivative d : DemProcessor::all()) {
        names.append(DemProcessor::name(d));
        QCOMPARE(DemProcessor::fromName(DemProcessor::name(d)), std::optional<DemDerivative>(d));
    }
    QCOMPARE(names, expected);
    QCOMPARE(DemProcessor::fromName(QStringLiteral(" TRI ")),
             std::optional<DemDerivative>(DemDerivative::Tri));
    QVERIFY(!DemProcessor::fromName(QStringLiteral("curvature")).has_value());
    QCOMPARE(DemProcessor::outputNoData(DemDerivative::Hillshade), 0.0);
    QCOMPARE(DemProcessor::outputNoData(DemDerivative::Tpi), -9999.0);
}

void TestDemProcessor::realDemMatchesGdaldem_data()
{
    QTest::addColumn<DemDerivative>("derivative");
    QTest::addColumn<QString>("dataType");
    QTest::addColumn<int>("noDataCount");
    QTest::addColumn<double>("mean");
    QTest::addColumn<std::vector<double>>("values"); // at (0,0), (55,55), (80,20), (110,110), (30,70)
    // From /usr/bin/python3 with python3-gdal 3.6.2, on tif/olinda_dem_utm25s.tif (which has no NoData):
    //   o = gdal.DEMProcessing('/vsimem/o.tif', dem, m, computeEdges=True); a =
    //   o.GetRasterBand(1).ReadAsArray() valid = a != o.GetRasterBand(1).GetNoDataValue(); (~valid).sum(),
    //   a[valid].astype(np.float64).mean(), a[y, x]
    QTest::newRow("hillshade") << DemDerivative::Hillshade << QStringLiteral("Byte") << 0
                               << 179.51765278792305 << std::vector<double> { 194, 150, 172, 181, 179 };
    QTest::newRow("slope") << DemDerivative::Slope << QStringLiteral("Float32") << 0 << 2.6216225087819245
                           << std::vector<double> { 4.616743564605713, 9.046618461608887, 2.9516098499298096,
                                                    0.0, 6.2813615798950195 };
    // Flat pixels get no aspect: 1902 of them are NoData.
    QTest::newRow("aspect") << DemDerivative::Aspect << QStringLiteral("Float32") << 1902
                            << 164.65704998181482
                            << std::vector<double> { 310.8150634765625, 137.12109375, 152.7446746826172,
                                                     -9999.0, 47.04541015625 };
    QTest::newRow("roughness") << DemDerivative::Roughness << QStringLiteral("Float32") << 0
                               << 13.027189351513675 << std::vector<double> { 24, 32, 14, 0, 26 };
    QTest::newRow("tri") << DemDerivative::Tri << QStringLiteral("Float32") << 0 << 15.15762847505716
                         << std::vector<double> { 25.865034103393555, 36.769554138183594, 12.165525436401367,
                                                  0.0, 24.166091918945312 };
    QTest::newRow("tpi") << DemDerivative::Tpi << QStringLiteral("Float32") << 0 << 0.003723317912507102
                         << std::vector<double> { -4.125, -5.25, -0.25, 0.0, 0.25 };
}

void TestDemProcessor::realDemMatchesGdaldem()
{
    QFETCH(DemDerivative, derivative);
    QFETCH(QString, dataType);
    QFETCH(int, noDataCount);
    QFETCH(double, mean);
    QFETCH(std::vector<double>, values);
    const QString output = m_dir.filePath(DemProcessor::name(derivative) + QStringLiteral(".tif"));
    DemProcessor::compute(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")), derivative, output);

    const RasterDataset result = RasterDataset::open(output);
    QCOMPARE(result.info().bands.at(0).dataType, dataType);
    QCOMPARE(result.info().bands.at(0).noData, std::optional<double>(DemProcessor::outputNoData(derivative)));
    QCOMPARE(result.info().bands.at(0).dataType, DemProcessor::outputDataType(derivative));
    const RasterBuffer pixels = result.readWindow({});
    QCOMPARE(int(pixels.pixelCount() - pixels.validCount(0)), noDataCount);
    double sum = 0.0;
    for (std::size_t i = 0; i < pixels.pixelCount(); ++i)
        if (pixels.valid[i])
            sum += pixels.values[i];
    const double actualMean = sum / double(pixels.validCount(0));
    QVERIFY2(std::abs(actualMean - mean) < 1e-9 * std::max(1.0, std::abs(mean)),
             qPrintable(QStringLiteral("mean %1 vs %2").arg(actualMean, 0, 'g', 17).arg(mean, 0, 'g', 17)));
    const std::vector<std::pair<int, int>> at { { 0, 0 }, { 55, 55 }, { 80, 20 }, { 110, 110 }, { 30, 70 } };
    for (std::size_t i = 0; i < at.size(); ++i)
        QCOMPARE(double(pixels.value(0, at[i].first, at[i].second)), values[i]);
}

void TestDemProcessor::hillshadeOptionsReachGdal()
{
    // python3-gdal: gdal.DEMProcessing(..., 'hillshade', computeEdges=True, azimuth=90, altitude=30,
    // zFactor=2): mean 128.87046505965424, (0,0) 100, (55,55) 167, (30,70) 160.
    const QString output = m_dir.filePath(QStringLiteral("hillshade-east.tif"));
    DemDerivativeOptions options;
    options.azimuth = 90;
    options.altitude = 30;
    options.zFactor = 2;
    DemProcessor::compute(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")),
                          DemDerivative::Hillshade, output, options);
    const RasterBuffer pixels = readAll(output);
    QCOMPARE(pixels.value(0, 0, 0), 100.0f);
    QCOMPARE(pixels.value(0, 55, 55), 167.0f);
    QCOMPARE(pixels.value(0, 30, 70), 160.0f);
    double sum = 0.0;
    for (float v : pixels.values)
        sum += v;
    QVERIFY(std::abs(sum / double(pixels.pixelCount()) - 128.87046505965424) < 1e-9);
}

void TestDemProcessor::slopeOptionsReachGdal()
{
    const QString dem = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    // python3-gdal: slopeFormat='percent' gives (0,0) 8.07522201538086 and (55,55) 15.921860694885254;
    // scale=0.5 (what a z factor of 2 amounts to) gives (0,0) 9.174304008483887, (55,55) 17.663410186767578.
    DemDerivativeOptions percent;
    percent.slopeInPercent = true;
    DemProcessor::compute(dem, DemDerivative::Slope, m_dir.filePath(QStringLiteral("slope-pct.tif")),
                          percent);
    const RasterBuffer a = readAll(m_dir.filePath(QStringLiteral("slope-pct.tif")));
    QCOMPARE(double(a.value(0, 0, 0)), 8.07522201538086);
    QCOMPARE(double(a.value(0, 55, 55)), 15.921860694885254);

    DemDerivativeOptions exaggerated;
    exaggerated.zFactor = 2;
    DemProcessor::compute(dem, DemDerivative::Slope, m_dir.filePath(QStringLiteral("slope-z2.tif")),
                          exaggerated);
    const RasterBuffer b = readAll(m_dir.filePath(QStringLiteral("slope-z2.tif")));
    QCOMPARE(double(b.value(0, 0, 0)), 9.174304008483887);
    QCOMPARE(double(b.value(0, 55, 55)), 17.663410186767578);
}

void TestDemProcessor::outputKeepsTheDemGrid()
{
    const QString demPath = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    const QString output = m_dir.filePath(QStringLiteral("grid.tif"));
    DemProcessor::compute(demPath, DemDerivative::Slope, output);
    const RasterDataset dem = RasterDataset::open(demPath);
    const RasterDataset result = RasterDataset::open(output);
    QCOMPARE(result.width(), 111);
    QCOMPARE(result.height(), 111);
    QCOMPARE(result.info().geoTransform, dem.info().geoTransform);
    QVERIFY(result.info().crs.isSameAs(dem.info().crs));
    QVERIFY(RasterGrid::of(result.info()).isAlignedWith(RasterGrid::of(dem.info())));
    QCOMPARE(result.bandCount(), 1);

    // Tiled and compressed, as the API promises.
    QCOMPARE(result.info().bands.at(0).blockWidth, 256);
    QCOMPARE(result.info().bands.at(0).blockHeight, 256);
    GDALDatasetH raw = GDALOpen(output.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(raw);
    QCOMPARE(QString::fromLatin1(GDALGetMetadataItem(raw, "COMPRESSION", "IMAGE_STRUCTURE")),
             QStringLiteral("DEFLATE"));
    GDALClose(raw);

    // The output gets the permissions of any new file there, not those of a private temporary file.
    QFile reference(m_dir.filePath(QStringLiteral("reference.txt")));
    QVERIFY(reference.open(QIODevice::WriteOnly));
    reference.close();
    QCOMPARE(QFileInfo(output).permissions(), reference.permissions());

    // No temporary file is left beside the output, nothing beside the sample.
    const QStringList leftovers
        = QDir(m_dir.path()).entryList({ QStringLiteral("*.part") }, QDir::Files | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    const QStringList samples = QDir(QFileInfo(demPath).absolutePath()).entryList(QDir::Files | QDir::Hidden);
    QVERIFY(!samples.contains(QStringLiteral("olinda_dem_utm25s.tif.aux.xml")));
}

void TestDemProcessor::noDataHoleStaysNoData_data()
{
    QTest::addColumn<DemDerivative>("derivative");
    QTest::addColumn<double>("at33"); // value at (3, 3), next to the hole
    QTest::addColumn<double>("at54"); // value at (5, 4)
    // python3-gdal: gdal.DEMProcessing(..., m, computeEdges=True) on the hole fixture (holeDem):
    // only (4, 3) is NoData; its neighbours are computed from the valid pixels around them.
    QTest::newRow("hillshade") << DemDerivative::Hillshade << 208.0 << 208.0;
    QTest::newRow("slope") << DemDerivative::Slope << 9.851486206054688 << 9.898628234863281;
    QTest::newRow("aspect") << DemDerivative::Aspect << 329.7435607910156 << 326.6893615722656;
    QTest::newRow("roughness") << DemDerivative::Roughness << 16.0 << 15.5;
    QTest::newRow("tri") << DemDerivative::Tri << 13.555441856384277 << 14.05346965789795;
    QTest::newRow("tpi") << DemDerivative::Tpi << 0.4375 << -1.125;
}

void TestDemProcessor::noDataHoleStaysNoData()
{
    QFETCH(DemDerivative, derivative);
    QFETCH(double, at33);
    QFETCH(double, at54);
    const QString dem = fixture(QStringLiteral("hole.tif"), holeDem(-9999));
    QVERIFY(!dem.isEmpty());
    const QString output
        = m_dir.filePath(QStringLiteral("hole-") + DemProcessor::name(derivative) + QStringLiteral(".tif"));
    DemProcessor::compute(dem, derivative, output);
    const RasterBuffer pixels = readAll(output);
    QVERIFY(!pixels.isValid(0, 4, 3));
    QCOMPARE(double(pixels.value(0, 4, 3)), DemProcessor::outputNoData(derivative));
    QCOMPARE(pixels.validCount(0), std::size_t(8 * 7 - 1));
    QCOMPARE(double(pixels.value(0, 3, 3)), at33);
    QCOMPARE(double(pixels.value(0, 5, 4)), at54);
}

void TestDemProcessor::withoutEdgesTheHoleNeighboursAreNoData()
{
    // python3-gdal with computeEdges=False: the border and the 3x3 block around the hole are
    // NoData; (1,1) keeps slope 8.159 (8.159014701843262 as float32).
    const QString dem = fixture(QStringLiteral("hole-noedges.tif"), holeDem(-9999));
    const QString output = m_dir.filePath(QStringLiteral("slope-noedges.tif"));
    DemDerivativeOptions options;
    options.computeEdges = false;
    DemProcessor::compute(dem, DemDerivative::Slope, output, options);
    const RasterBuffer pixels = readAll(output);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 8; ++x) {
            const bool border = x == 0 || y == 0 || x == 7 || y == 6;
            const bool nearHole = std::abs(x - 4) <= 1 && std::abs(y - 3) <= 1;
            QCOMPARE(pixels.isValid(0, x, y), !(border || nearHole));
        }
    QVERIFY(std::abs(pixels.value(0, 1, 1) - 8.159) < 1e-3);
}

void TestDemProcessor::nanWithoutNoDataValueIsNoData()
{
    // A float DEM declaring no NoData, with a NaN hole: GDAL alone would spread NaN over the 3x3
    // block (and roughness would silently skip it); treated as NoData, the results equal those of
    // the -9999 hole (python3-gdal: the same numbers with noData='nan' set on a VRT).
    const QString dem = fixture(QStringLiteral("nanhole.tif"), holeDem(std::nan("")), false);
    for (DemDerivative derivative : { DemDerivative::Slope, DemDerivative::Roughness, DemDerivative::Tpi }) {
        const QString output = m_dir.filePath(QStringLiteral("nan-") + DemProcessor::name(derivative)
                                              + QStringLiteral(".tif"));
        DemProcessor::compute(dem, derivative, output);
        const RasterBuffer pixels = readAll(output);
        QCOMPARE(pixels.validCount(0), std::size_t(8 * 7 - 1));
        QVERIFY(!pixels.isValid(0, 4, 3));
        QCOMPARE(double(pixels.value(0, 4, 3)), -9999.0);
        for (float v : pixels.values)
            QVERIFY(!std::isnan(v));
    }
    const RasterBuffer roughness = readAll(m_dir.filePath(QStringLiteral("nan-roughness.tif")));
    QCOMPARE(double(roughness.value(0, 3, 3)), 16.0); // as with the -9999 hole
    QCOMPARE(double(roughness.value(0, 5, 4)), 15.5);
}

void TestDemProcessor::flatAspectIsZeroAndTheHoleStaysNoData()
{
    const QString dem = fixture(QStringLiteral("plateau.tif"), plateauDem());
    // gdaldem's default: flat pixels (x <= 2) are NoData like the hole.
    const QString plain = m_dir.filePath(QStringLiteral("aspect-plain.tif"));
    DemProcessor::compute(dem, DemDerivative::Aspect, plain);
    const RasterBuffer a = readAll(plain);
    QVERIFY(!a.isValid(0, 1, 1));
    QVERIFY(!a.isValid(0, 6, 3));
    QCOMPARE(a.value(0, 3, 0), 270.0f);

    // zeroForFlat: python3-gdal's zeroForFlat=True gives 0 at x <= 2 and 270 at x >= 3, except
    // 261.8699 at (5,2) and 278.1301 at (5,4) next to the hole; GDAL 3.6 also writes 0 into the hole
    // and drops the NoData value, which DemProcessor puts back.
    const QString zero = m_dir.filePath(QStringLiteral("aspect-zero.tif"));
    DemDerivativeOptions options;
    options.zeroForFlat = true;
    DemProcessor::compute(dem, DemDerivative::Aspect, zero, options);
    const RasterDataset result = RasterDataset::open(zero);
    QCOMPARE(result.info().bands.at(0).noData, std::optional<double>(-9999.0));
    const RasterBuffer b = result.readWindow({});
    QCOMPARE(b.validCount(0), std::size_t(8 * 7 - 1));
    QVERIFY(!b.isValid(0, 6, 3));
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 3; ++x)
            QCOMPARE(b.value(0, x, y), 0.0f);
        QCOMPARE(b.value(0, 3, y), 270.0f);
    }
    QVERIFY(std::abs(b.value(0, 5, 2) - 261.8699) < 1e-3);
    QVERIFY(std::abs(b.value(0, 5, 4) - 278.1301) < 1e-3);
}

void TestDemProcessor::flatAspectWithoutEdges()
{
    // python3-gdal computeEdges=False (without zeroForFlat): NoData on the border, on x = 1..2
    // (flat) and on x = 5..6, y = 2..4 (around the hole); 270 elsewhere. With zeroForFlat only the
    // flat pixels change, to 0.
    const QString dem = fixture(QStringLiteral("plateau-noedges.tif"), plateauDem());
    const QString output = m_dir.filePath(QStringLiteral("aspect-zero-noedges.tif"));
    DemDerivativeOptions options;
    options.zeroForFlat = true;
    options.computeEdges = false;
    DemProcessor::compute(dem, DemDerivative::Aspect, output, options);
    const RasterBuffer pixels = readAll(output);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 8; ++x) {
            const bool border = x == 0 || y == 0 || x == 7 || y == 6;
            const bool nearHole = std::abs(x - 6) <= 1 && std::abs(y - 3) <= 1;
            QCOMPARE(pixels.isValid(0, x, y), !(border || nearHole));
            if (!pixels.isValid(0, x, y))
                QCOMPARE(pixels.value(0, x, y), -9999.0f);
            else
                QCOMPARE(pixels.value(0, x, y), x <= 2 ? 0.0f : 270.0f);
        }
}

void TestDemProcessor::geographicDemIsScaledToMetres()
{
    // EPSG:4326 fixture, 0.001 degree pixels, z = 10 + 3x + 2y (the python fixture was 6x5, the
    // centre pixel (2,2) has the same window here). python3-gdal at (2,2): slope with scale=111120
    // 1.8584450483322144, with scale=1 89.9841079711914 (degrees taken for metres).
    std::vector<double> values;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 8; ++x)
            values.push_back(10 + 3 * x + 2 * y);
    const QString dem
        = fixture(QStringLiteral("geographic.tif"), values, false, QStringLiteral("EPSG:4326"), 0.001);
    QVERIFY(!dem.isEmpty());
    const QString automatic = m_dir.filePath(QStringLiteral("geo-auto.tif"));
    DemProcessor::compute(dem, DemDerivative::Slope, automatic);
    QCOMPARE(double(readAll(automatic).value(0, 2, 2)), 1.8584450483322144);

    DemDerivativeOptions unscaled;
    unscaled.horizontalScale = 1.0;
    const QString raw = m_dir.filePath(QStringLiteral("geo-raw.tif"));
    DemProcessor::compute(dem, DemDerivative::Slope, raw, unscaled);
    QCOMPARE(double(readAll(raw).value(0, 2, 2)), 89.9841079711914);
}

void TestDemProcessor::multiBandDemUsesBandOne()
{
    // Band 1 is the hole fixture, band 2 all zeros: the slope must be band 1's (9.8515 at (3,3)).
    std::vector<double> values = holeDem(-9999);
    values.resize(values.size() * 2, 0.0);
    const QString dem
        = fixture(QStringLiteral("twobands.tif"), values, true, QStringLiteral("EPSG:32725"), 30.0, 2);
    QVERIFY(!dem.isEmpty());
    Feedback feedback;
    QStringList messages;
    connect(&feedback, &Feedback::messageLogged, this,
            [&](Feedback::Level, const QString &text) { messages.append(text); });
    const QString output = m_dir.filePath(QStringLiteral("twobands-slope.tif"));
    DemProcessor::compute(dem, DemDerivative::Slope, output, {}, &feedback);
    QCOMPARE(double(readAll(output).value(0, 3, 3)), 9.851486206054688);
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.constFirst().contains(QStringLiteral("band 1")));
    QCOMPARE(feedback.progress(), 100.0);
}

void TestDemProcessor::missingDemIsADataError()
{
    const QString dem = m_dir.filePath(QStringLiteral("nowhere.tif"));
    const QString output = m_dir.filePath(QStringLiteral("never.tif"));
    try {
        DemProcessor::compute(dem, DemDerivative::Slope, output);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), dem);
        QCOMPARE(e.cause(), QStringLiteral("file not found"));
    }
    QVERIFY(!QFile::exists(output));
}

void TestDemProcessor::unwritableOutputNamesTheOutput_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("causePart");
    // The tests run as root on CI: permission bits would not stop a write, these do.
    QTest::newRow("missing folder") << QStringLiteral("missing/sub/out.tif")
                                    << QStringLiteral("does not exist");
    QTest::newRow("file as folder") << QStringLiteral("afile.txt/out.tif") << QStringLiteral("not a folder");
    QTest::newRow("folder as output") << QStringLiteral("adir") << QStringLiteral("folder has that name");
    QTest::newRow("read-only file system")
        << QStringLiteral("/proc/deepterra-slope.tif") << QStringLiteral("cannot write in the output folder");
}

void TestDemProcessor::unwritableOutputNamesTheOutput()
{
    QFETCH(QString, output);
    QFETCH(QString, causePart);
    QFile file(m_dir.filePath(QStringLiteral("afile.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QDir(m_dir.path()).mkpath(QStringLiteral("adir"));
    const QString path = QDir::isAbsolutePath(output) ? output : m_dir.filePath(output);
    try {
        DemProcessor::compute(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")),
                              DemDerivative::Slope, path);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().contains(causePart), qPrintable(e.cause()));
    }
}

void TestDemProcessor::outputOverTheDemIsRefused()
{
    const QString dem = fixture(QStringLiteral("self.tif"), holeDem(-9999));
    try {
        DemProcessor::compute(dem, DemDerivative::Slope, dem);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), dem);
        QVERIFY(e.cause().contains(QStringLiteral("overwrite the DEM")));
    }
    QCOMPARE(RasterDataset::open(dem).readWindow({}).value(0, 1, 1), 15.5f); // 10 + 2 + 3 + 0.5, untouched
}

void TestDemProcessor::cancelLeavesNoFileAndKeepsThePreviousOne()
{
    const QString dem = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    QTemporaryDir dir;
    const QString output = dir.filePath(QStringLiteral("tpi.tif"));
    QFile previous(output);
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write("previous result");
    previous.close();

    Feedback feedback;
    double lastProgress = 0.0;
    connect(&feedback, &Feedback::progressChanged, this, [&](double percent) {
        lastProgress = percent;
        if (percent > 30.0)
            feedback.cancel();
    });
    QVERIFY_THROWS_EXCEPTION(JobCanceled,
                             DemProcessor::compute(dem, DemDerivative::Tpi, output, {}, &feedback));
    QVERIFY(lastProgress > 30.0 && lastProgress < 100.0);
    QVERIFY(previous.open(QIODevice::ReadOnly));
    QCOMPARE(previous.readAll(), QByteArray("previous result"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList { QStringLiteral("tpi.tif") });
}

QTEST_GUILESS_MAIN(TestDemProcessor)
#include "testdemprocessor.moc"
