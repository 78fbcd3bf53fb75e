#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "statistics/rasterstatistics.h"
#include "testdata.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

namespace {

const std::vector<double> kPercents { 0, 2, 10, 25, 33.3, 50, 75, 90, 98, 100 };

struct Expected
{
    qint64 validCount;
    double minimum;
    double maximum;
    double mean;
    double stdDev;
    std::vector<double> percentiles; // at kPercents, or the default 2, 25, 50, 75, 98 when so stated
};

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

QString describe(double actual, double expected)
{
    return QStringLiteral("got %1, expected %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17);
}

void compareMoments(const BandStatistics &s, const Expected &e)
{
    QCOMPARE(s.validCount, e.validCount);
    QCOMPARE(s.minimum, e.minimum);
    QCOMPARE(s.maximum, e.maximum);
    QVERIFY2(near(s.mean, e.mean, 1e-9 * std::max(1.0, std::abs(e.mean))),
             qPrintable(describe(s.mean, e.mean)));
    QVERIFY2(near(s.stdDev, e.stdDev, 1e-9 * std::max(1.0, e.stdDev)),
             qPrintable(describe(s.stdDev, e.stdDev)));
}

} // namespace

class TestRasterStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landsatMatchesNumpy_data();
    void landsatMatchesNumpy();
    void stripsGiveTheSameResult();
    void demMatchesNumpy();
    void integerPercentilesInterpolateLikeNumpy();
    void noDataNanAndInfinityAreSkipped();
    void bandWithoutValidPixelGivesNaN();
    void wideIntegerRangeStaysWithinTheBinBound();
    void approximateIsCloseToExact();
    void approximateOnSmallRasterIsExact();
    void cancelStopsTheScan();
    void unknownBandIsADataError();
    void percentOutsideRangeIsRejected();
    void percentileLookup();
    void samplesFolderStaysClean();

private:
    QString writeFixture(const QString &name, const test::RasterSpec &spec,
                         const std::vector<double> &values);
    QTemporaryDir m_dir;
};

QString TestRasterStatistics::writeFixture(const QString &name, const test::RasterSpec &spec,
                                           const std::vector<double> &values)
{
    return test::writeRaster(m_dir.filePath(name), spec, values);
}

void TestRasterStatistics::landsatMatchesNumpy_data()
{
    QTest::addColumn<int>("band");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("stdDev");
    QTest::addColumn<double>("minimum");
    QTest::addColumn<std::vector<double>>("percentiles"); // 0, 2, 25, 50, 75, 98, 100, 33.3
    // From /usr/bin/python3 with python3-gdal 3.6.2 and numpy 1.24.2:
    //   a = gdal.Open('tif/L7_ETMs.tif').GetRasterBand(b).ReadAsArray().astype(np.float64).ravel()
    //   a.mean(), a.std(), a.min(), [np.percentile(a, p) for p in (0, 2, 25, 50, 75, 98, 100, 33.3)]
    // Every band has maximum 255 and 122848 pixels.
    QTest::newRow("band 1") << 1 << 79.14771913258662 << 14.694064257216084 << 47.0
                            << std::vector<double> { 47, 58, 67, 78, 89, 108, 255, 71 };
    QTest::newRow("band 2") << 2 << 67.57464508986715 << 16.392784318315414 << 32.0
                            << std::vector<double> { 32, 42, 55, 66, 79, 100, 255, 59 };
    QTest::newRow("band 3") << 3 << 64.35885810106798 << 21.58710266803929 << 21.0
                            << std::vector<double> { 21, 30, 49, 63, 77, 113, 255, 54 };
    QTest::newRow("band 4") << 4 << 59.23541286793436 << 23.02118042461991 << 9.0
                            << std::vector<double> { 9, 12, 52, 63, 75, 95, 255, 57 };
    QTest::newRow("band 5") << 5 << 83.182664756447 << 38.492124507301234 << 1.0
                            << std::vector<double> { 1, 12, 63, 89, 112, 144, 255, 73 };
    QTest::newRow("band 6") << 6 << 59.975205131544676 << 33.3800130934345 << 1.0
                            << std::vector<double> { 1, 11, 32, 60, 88, 121, 255, 39 };
}

void TestRasterStatistics::landsatMatchesNumpy()
{
    QFETCH(int, band);
    QFETCH(double, mean);
    QFETCH(double, stdDev);
    QFETCH(double, minimum);
    QFETCH(std::vector<double>, percentiles);
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    StatisticsOptions options;
    options.percentiles = { 0, 2, 25, 50, 75, 98, 100, 33.3 };
    const std::vector<BandStatistics> stats = RasterStatistics::compute(ds, { band }, options);
    QCOMPARE(stats.size(), std::size_t(1));
    const BandStatistics &s = stats.front();
    QCOMPARE(s.band, band);
    QCOMPARE(s.pixelCount, qint64(122848));
    QVERIFY(!s.approximate);
    compareMoments(s, { 122848, minimum, 255.0, mean, stdDev, {} });
    QCOMPARE(s.percentiles.size(), percentiles.size());
    for (std::size_t i = 0; i < percentiles.size(); ++i) {
        QCOMPARE(s.percentiles[i].first, options.percentiles[i]);
        // Byte data: one histogram bin per value, so the percentiles are exact.
        QCOMPARE(s.percentiles[i].second, percentiles[i]);
    }
}

void TestRasterStatistics::stripsGiveTheSameResult()
{
    // All six bands at once, read in strips of a few rows (the merge of per-strip moments and the
    // histogram accumulation across strips), must give what one strip gives.
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    StatisticsOptions whole;
    StatisticsOptions strips;
    strips.stripPixelBudget = 349 * 6 * 3; // three rows of six bands
    const std::vector<BandStatistics> a = RasterStatistics::compute(ds, {}, whole);
    const std::vector<BandStatistics> b = RasterStatistics::compute(ds, {}, strips);
    QCOMPARE(a.size(), std::size_t(6));
    QCOMPARE(b.size(), std::size_t(6));
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].band, int(i) + 1);
        QCOMPARE(b[i].validCount, a[i].validCount);
        QCOMPARE(b[i].minimum, a[i].minimum);
        QCOMPARE(b[i].maximum, a[i].maximum);
        QVERIFY(near(b[i].mean, a[i].mean, 1e-9));
        QVERIFY(near(b[i].stdDev, a[i].stdDev, 1e-9));
        QCOMPARE(b[i].percentiles, a[i].percentiles);
    }
    // Band 3's numpy figures, as in landsatMatchesNumpy.
    QVERIFY(near(b[2].mean, 64.35885810106798, 1e-9));
    QCOMPARE(b[2].percentile(50), 63.0);
}

void TestRasterStatistics::demMatchesNumpy()
{
    // /usr/bin/python3: a = gdal.Open('tif/olinda_dem_utm25s.tif').GetRasterBand(1).ReadAsArray()
    //   .astype(np.float64).ravel(); size 12321, min -1, max 88, mean 21.665205746286826,
    //   std 20.974640760797598; np.percentile at 0, 2, 25, 50, 75, 98, 100, 33.3:
    //   -1, 0, 6, 12, 35, 71, 88, 8 (all values are whole metres, 88 distinct ones).
    const RasterDataset ds
        = RasterDataset::open(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    StatisticsOptions options;
    options.percentiles = { 0, 2, 25, 50, 75, 98, 100, 33.3 };
    const BandStatistics s = RasterStatistics::compute(ds, {}, options).at(0);
    QCOMPARE(s.pixelCount, qint64(12321));
    compareMoments(s, { 12321, -1.0, 88.0, 21.665205746286826, 20.974640760797598, {} });
    const std::vector<double> expected { -1, 0, 6, 12, 35, 71, 88, 8 };
    // Float32 band: histogram bins of (88 - -1) / 65536; the stated bound is one bin width. Every
    // bin here holds a single distinct value, which the per-bin extremes then give exactly.
    const double bound = 89.0 / options.histogramBins;
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(near(s.percentiles[i].second, expected[i], bound),
                 qPrintable(describe(s.percentiles[i].second, expected[i])));
    QCOMPARE(s.percentile(50), 12.0);
}

void TestRasterStatistics::integerPercentilesInterpolateLikeNumpy()
{
    // Int16 with NoData -32768 (three pixels). numpy on the 17 valid values
    //   v = [12,-3,7,7,100,45,0,3,8,8,8,21,64,5,17,2,9]
    // gives min -3, max 100, mean 18.41176470588235, std 26.17825506144907 and np.percentile at
    // 0, 2, 10, 25, 33.3, 50, 75, 90, 98, 100 = -3, -2.04, 1.2, 5, 7, 8, 17, 52.6, 88.48, 100.
    test::RasterSpec spec;
    spec.width = 5;
    spec.height = 4;
    spec.dataType = QStringLiteral("Int16");
    spec.hasNoData = true;
    spec.noData = -32768;
    const QString path
        = writeFixture(QStringLiteral("int16.tif"), spec,
                       { 12, -3, 7, 7, -32768, 100, 45, -32768, 0, 3, 8, 8, 8, 21, 64, -32768, 5, 17, 2, 9 });
    QVERIFY(!path.isEmpty());
    StatisticsOptions options;
    options.percentiles = kPercents;
    const BandStatistics s = RasterStatistics::compute(RasterDataset::open(path), {}, options).at(0);
    QCOMPARE(s.pixelCount, qint64(20));
    compareMoments(s, { 17, -3, 100, 18.41176470588235, 26.17825506144907, {} });
    const std::vector<double> expected {
        -3, -2.04, 1.2000000000000002, 5, 7, 8, 17, 52.60000000000001, 88.47999999999999, 100
    };
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(near(s.percentiles[i].second, expected[i], 1e-12),
                 qPrintable(describe(s.percentiles[i].second, expected[i])));
}

void TestRasterStatistics::noDataNanAndInfinityAreSkipped()
{
    // Float32 with NoData -9999 (2 pixels), NaN (2 pixels) and +inf (1 pixel): 11 valid values.
    // numpy on v = [1.5, 2.25, 3.125, 10, 0.001, -4.75, 7.5, 2.25, 100.5, 6, 0.5] as float32 -> float64:
    // min -4.75, max 100.5, mean 11.716000000004318, std 28.32849819527853, np.percentile at
    // kPercents = -4.75, -3.7997999999905003, 0.0010000000474974513, 1, 1.7475, 2.25, 6.75, 10,
    // 82.40000000000006, 100.5.
    test::RasterSpec spec;
    spec.width = 4;
    spec.height = 4;
    spec.hasNoData = true;
    spec.noData = -9999;
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();
    const QString path = writeFixture(
        QStringLiteral("float.tif"), spec,
        { 1.5, 2.25, -9999, 3.125, nan, 10.0, 0.001, -4.75, 7.5, nan, 2.25, 100.5, inf, -9999, 6.0, 0.5 });
    QVERIFY(!path.isEmpty());
    StatisticsOptions options;
    options.percentiles = kPercents;
    const BandStatistics s = RasterStatistics::compute(RasterDataset::open(path), {}, options).at(0);
    QCOMPARE(s.pixelCount, qint64(16));
    compareMoments(s, { 11, -4.75, 100.5, 11.716000000004318, 28.32849819527853, {} });
    const std::vector<double> expected { -4.75,
                                         -3.7997999999905003,
                                         0.0010000000474974513,
                                         1,
                                         1.7474999999999996,
                                         2.25,
                                         6.75,
                                         10,
                                         82.40000000000006,
                                         100.5 };
    const double bound = (100.5 + 4.75) / options.histogramBins;
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(near(s.percentiles[i].second, expected[i], bound),
                 qPrintable(describe(s.percentiles[i].second, expected[i])));

    // With 4 bins the NoData and NaN pixels must still be skipped, and the error stays under a bin.
    options.histogramBins = 4;
    const BandStatistics coarse = RasterStatistics::compute(RasterDataset::open(path), {}, options).at(0);
    QCOMPARE(coarse.validCount, qint64(11));
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(near(coarse.percentiles[i].second, expected[i], (100.5 + 4.75) / 4),
                 qPrintable(describe(coarse.percentiles[i].second, expected[i])));
    // The extremes come from the bins' own extremes: exact whatever the bin count.
    QCOMPARE(coarse.percentile(0), -4.75);
    QCOMPARE(coarse.percentile(100), 100.5);
}

void TestRasterStatistics::bandWithoutValidPixelGivesNaN()
{
    // Two bands: band 1 holds values, band 2 only NoData (writeRaster's band 2 gets the -9999s).
    test::RasterSpec spec;
    spec.width = 2;
    spec.height = 2;
    spec.bands = 2;
    spec.hasNoData = true;
    spec.noData = -9999;
    const QString path
        = writeFixture(QStringLiteral("empty.tif"), spec, { 1, 2, 3, 4, -9999, -9999, -9999, -9999 });
    QVERIFY(!path.isEmpty());
    const std::vector<BandStatistics> stats = RasterStatistics::compute(RasterDataset::open(path));
    QCOMPARE(stats.size(), std::size_t(2));
    QCOMPARE(stats[0].validCount, qint64(4));
    QCOMPARE(stats[0].mean, 2.5);
    QCOMPARE(stats[0].percentile(50), 2.5); // np.percentile([1,2,3,4], 50)
    const BandStatistics &empty = stats[1];
    QCOMPARE(empty.band, 2);
    QCOMPARE(empty.validCount, qint64(0));
    QCOMPARE(empty.pixelCount, qint64(4));
    QVERIFY(std::isnan(empty.minimum));
    QVERIFY(std::isnan(empty.maximum));
    QVERIFY(std::isnan(empty.mean));
    QVERIFY(std::isnan(empty.stdDev));
    QCOMPARE(empty.percentiles.size(), std::size_t(5));
    for (const auto &[percent, value] : empty.percentiles)
        QVERIFY(std::isnan(value));
}

void TestRasterStatistics::wideIntegerRangeStaysWithinTheBinBound()
{
    // Int32 values (i*i*127) % 5000003 for i in 0..299: range 0..4978908 is too wide for one bin per
    // integer. numpy: mean 1790969.9666666666, std 1493640.6297106517, np.percentile at kPercents =
    // 0, 4544.06, 91909.9, 453421.75, 725248.359, 1386903.5, 2979988.25, 4125545.2, 4815347.2, 4978908.
    test::RasterSpec spec;
    spec.width = 20;
    spec.height = 15;
    spec.dataType = QStringLiteral("Int32");
    std::vector<double> values;
    for (qint64 i = 0; i < 300; ++i)
        values.push_back(double((i * i * 127) % 5000003));
    const QString path = writeFixture(QStringLiteral("int32.tif"), spec, values);
    QVERIFY(!path.isEmpty());
    const std::vector<double> expected { 0,          4544.06,           91909.90000000001,
                                         453421.75,  725248.3589999998, 1386903.5,
                                         2979988.25, 4125545.200000001, 4815347.2,
                                         4978908 };
    for (int bins : { 1 << 16, 16 }) {
        StatisticsOptions options;
        options.percentiles = kPercents;
        options.histogramBins = bins;
        const BandStatistics s = RasterStatistics::compute(RasterDataset::open(path), {}, options).at(0);
        compareMoments(s, { 300, 0, 4978908, 1790969.9666666666, 1493640.6297106517, {} });
        const double bound = 4978908.0 / bins;
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(near(s.percentiles[i].second, expected[i], bound),
                     qPrintable(describe(s.percentiles[i].second, expected[i])
                                + QStringLiteral(" with %1 bins").arg(bins)));
    }
}

void TestRasterStatistics::approximateIsCloseToExact()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    StatisticsOptions options;
    const std::vector<BandStatistics> exact = RasterStatistics::compute(ds, {}, options);
    options.approximate = true;
    options.approximatePixelBudget = 10000; // about a twelfth of the 122848 pixels: GDAL reads an overview
    const std::vector<BandStatistics> approx = RasterStatistics::compute(ds, {}, options);
    // The sample itself, from python3-gdal's decimated read of the same size (nearest):
    //   gdal.Open('tif/L7_ETMs.tif').GetRasterBand(b).ReadAsArray(buf_xsize=100, buf_ysize=100).mean()
    const std::vector<double> sampleMeans { 78.919, 67.3279, 64.2705, 59.4897, 83.7148, 60.4022 };
    QCOMPARE(approx.size(), std::size_t(6));
    for (std::size_t i = 0; i < approx.size(); ++i) {
        const BandStatistics &a = approx[i];
        const BandStatistics &e = exact[i];
        QVERIFY(a.approximate);
        QVERIFY(!e.approximate);
        // 349x352 scaled by sqrt(10000 / 122848): 100x100.
        QCOMPARE(a.pixelCount, qint64(100 * 100));
        QCOMPARE(a.validCount, a.pixelCount);
        QVERIFY2(near(a.mean, sampleMeans[i], 1e-9), qPrintable(describe(a.mean, sampleMeans[i])));
        // Against the exact figures, numpy on that sample differs by at most 0.53 in the mean, 1.7%
        // in the standard deviation and 2 in the 2..98 percentiles; the tolerances leave some room.
        QVERIFY2(near(a.mean, e.mean, 1.0), qPrintable(describe(a.mean, e.mean)));
        QVERIFY2(near(a.stdDev, e.stdDev, 0.05 * e.stdDev), qPrintable(describe(a.stdDev, e.stdDev)));
        QVERIFY(a.minimum >= e.minimum);
        QVERIFY(a.maximum <= e.maximum);
        for (std::size_t p = 0; p < a.percentiles.size(); ++p)
            QVERIFY2(near(a.percentiles[p].second, e.percentiles[p].second, 3.0),
                     qPrintable(describe(a.percentiles[p].second, e.percentiles[p].second)));
    }
}

void TestRasterStatistics::approximateOnSmallRasterIsExact()
{
    // The DEM (12321 pixels) fits the default budget: approximate mode reads it whole.
    const RasterDataset ds
        = RasterDataset::open(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    StatisticsOptions options;
    options.approximate = true;
    const BandStatistics s = RasterStatistics::compute(ds, {}, options).at(0);
    QVERIFY(!s.approximate);
    QCOMPARE(s.validCount, qint64(12321));
    QVERIFY(near(s.mean, 21.665205746286826, 1e-9)); // numpy, as in demMatchesNumpy
}

void TestRasterStatistics::cancelStopsTheScan()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    StatisticsOptions options;
    options.stripPixelBudget = 349 * 6 * 8; // many strips, so that the cancel lands mid-way
    Feedback feedback;
    double lastProgress = 0.0;
    connect(&feedback, &Feedback::progressChanged, this, [&](double percent) {
        lastProgress = percent;
        if (percent > 20.0)
            feedback.cancel();
    });
    QVERIFY_THROWS_EXCEPTION(JobCanceled, RasterStatistics::compute(ds, {}, options, &feedback));
    QVERIFY(lastProgress > 20.0);
    QVERIFY(lastProgress < 50.0); // stopped in the first pass, not at its end

    // Approximate mode checks between bands.
    Feedback canceled;
    canceled.cancel();
    options.approximate = true;
    options.approximatePixelBudget = 10000;
    QVERIFY_THROWS_EXCEPTION(JobCanceled, RasterStatistics::compute(ds, {}, options, &canceled));
}

void TestRasterStatistics::unknownBandIsADataError()
{
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const RasterDataset ds = RasterDataset::open(path);
    try {
        RasterStatistics::compute(ds, { 1, 7 });
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY(e.cause().contains(QStringLiteral("band 7")));
    }
}

void TestRasterStatistics::percentOutsideRangeIsRejected()
{
    const RasterDataset ds
        = RasterDataset::open(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    StatisticsOptions options;
    options.percentiles = { 50, 101 };
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RasterStatistics::compute(ds, {}, options));
}

void TestRasterStatistics::percentileLookup()
{
    BandStatistics s;
    s.percentiles = { { 25, 1.0 }, { 33.3, 2.0 } };
    QCOMPARE(s.percentile(33.3), 2.0);
    QCOMPARE(s.percentile(25), 1.0);
    QVERIFY(std::isnan(s.percentile(50)));
}

void TestRasterStatistics::samplesFolderStaysClean()
{
    // Unlike GDALComputeRasterStatistics, nothing may be written beside the samples (.aux.xml).
    const QDir tif(QFileInfo(test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))).absolutePath());
    const QStringList before = tif.entryList(QDir::Files | QDir::Hidden);
    for (const QString &name :
         { QStringLiteral("tif/L7_ETMs.tif"), QStringLiteral("tif/olinda_dem_utm25s.tif") }) {
        StatisticsOptions options;
        RasterStatistics::compute(RasterDataset::open(test::samplePath(name)), {}, options);
        options.approximate = true;
        options.approximatePixelBudget = 1000;
        RasterStatistics::compute(RasterDataset::open(test::samplePath(name)), {}, options);
    }
    QCOMPARE(tif.entryList(QDir::Files | QDir::Hidden), before);
}

QTEST_GUILESS_MAIN(TestRasterStatistics)
#include "testrasterstatistics.moc"
