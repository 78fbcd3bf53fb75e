#include "metrics/areaadjustedaccuracy.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace deepterra;

namespace {

// Olofsson et al. 2014 (Remote Sensing of Environment 148, 42-57), section 5, Table 8: 640
// reference points in four strata (deforestation, forest gain, stable forest, stable non-forest),
// rows the map, columns the reference; mapped areas in 30 m pixels (0.09 ha each).
const std::vector<std::vector<qint64>> kCounts {
    { 66, 0, 5, 4 },
    { 0, 55, 8, 12 },
    { 1, 0, 153, 11 },
    { 2, 1, 9, 313 },
};
const std::vector<double> kPixels { 200000, 150000, 3200000, 6450000 };
constexpr double kHectaresPerPixel = 0.09;

std::vector<double> hectares()
{
    std::vector<double> areas;
    for (double pixels : kPixels)
        areas.push_back(pixels * kHectaresPerPixel);
    return areas;
}

// Equal when rounded to `decimals` places, as the paper prints them.
bool printedAs(double value, double printed, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) == std::round(printed * scale);
}

} // namespace

class TestAreaAdjustedAccuracy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void areaProportionsAreTable9();
    void accuraciesAreSection521();
    void areasAreSection522();
    void areasScaleWithTheUnit();
    void kappaIsTheEstimatedMatrixs();
    void singlePointStratumHasNoInterval();
    void classMappedNowhereEstimatesAsZero();
    void inconsistentInputIsRefused_data();
    void inconsistentInputIsRefused();
    void jsonHoldsEveryFigure();
};

void TestAreaAdjustedAccuracy::areaProportionsAreTable9()
{
    const AreaAdjustedAccuracy estimate(kCounts, kPixels);
    const double table9[4][4] = {
        { 0.0176, 0, 0.0013, 0.0011 },
        { 0, 0.0110, 0.0016, 0.0024 },
        { 0.0019, 0, 0.2967, 0.0213 },
        { 0.0040, 0.0020, 0.0179, 0.6212 },
    };
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            QVERIFY2(
                printedAs(estimate.proportion(i, j), table9[i][j], 4),
                qPrintable(QStringLiteral("p(%1,%2) = %3").arg(i).arg(j).arg(estimate.proportion(i, j))));
    // Table 9's column totals.
    const double columns[4] = { 0.0235, 0.0130, 0.3175, 0.6460 };
    for (int j = 0; j < 4; ++j)
        QVERIFY(printedAs(estimate.areaProportion(j), columns[j], 4));
    QCOMPARE(estimate.weight(0), 0.02);
    QCOMPARE(estimate.sampleSize(), qint64(640));
}

void TestAreaAdjustedAccuracy::accuraciesAreSection521()
{
    const AreaAdjustedAccuracy estimate(kCounts, kPixels);
    const double users[4] = { 0.88, 0.73, 0.93, 0.96 };
    const double usersHalf[4] = { 0.07, 0.10, 0.04, 0.02 };
    const double producers[4] = { 0.75, 0.85, 0.93, 0.96 };
    // The paper prints 0.23 and 0.01 for forest gain and stable non-forest; its own eq. 7 gives
    // 0.254 and 0.018, which the R packages mapaccuracy and mapac reproduce too.
    const double producersHalf[4] = { 0.21, 0.25, 0.03, 0.02 };
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(printedAs(estimate.usersAccuracy(i), users[i], 2), qPrintable(QString::number(i)));
        QVERIFY2(printedAs(estimate.usersHalfWidth(i), usersHalf[i], 2), qPrintable(QString::number(i)));
        QVERIFY2(printedAs(estimate.producersAccuracy(i), producers[i], 2), qPrintable(QString::number(i)));
        QVERIFY2(printedAs(estimate.producersHalfWidth(i), producersHalf[i], 2),
                 qPrintable(QStringLiteral("%1: %2").arg(i).arg(estimate.producersHalfWidth(i))));
    }
    QVERIFY(printedAs(estimate.overallAccuracy(), 0.95, 2));
    QVERIFY(printedAs(estimate.overallHalfWidth(), 0.02, 2));
    // More digits, from the equations evaluated independently (numpy).
    QVERIFY(std::abs(estimate.overallAccuracy() - 0.9465118881) < 1e-9);
    QVERIFY(std::abs(estimate.producersAccuracy(0) - 0.7486614) < 1e-7);
    QVERIFY(std::abs(estimate.producersHalfWidth(1) - 0.25440836) < 1e-7);
}

void TestAreaAdjustedAccuracy::areasAreSection522()
{
    const AreaAdjustedAccuracy estimate(kCounts, hectares());
    const double areas[4] = { 21158, 11686, 285770, 581386 };
    const double halfWidths[4] = { 6158, 3756, 15510, 16282 };
    for (int j = 0; j < 4; ++j) {
        QVERIFY2(printedAs(estimate.area(j), areas[j], 0), qPrintable(QString::number(estimate.area(j))));
        QVERIFY2(printedAs(estimate.areaHalfWidth(j), halfWidths[j], 0),
                 qPrintable(QString::number(estimate.areaHalfWidth(j))));
    }
    QCOMPARE(estimate.totalArea(), 900000.0);
    // Pixel counting would have said 18,000 ha of deforestation: the map misses a sixth of it.
    QCOMPARE(estimate.mappedArea(0), 18000.0);
}

void TestAreaAdjustedAccuracy::areasScaleWithTheUnit()
{
    const AreaAdjustedAccuracy pixels(kCounts, kPixels);
    const AreaAdjustedAccuracy ha(kCounts, hectares());
    for (int j = 0; j < 4; ++j) {
        QVERIFY(std::abs(pixels.area(j) * kHectaresPerPixel - ha.area(j)) < 1e-6);
        QVERIFY(std::abs(pixels.areaProportionStandardError(j) - ha.areaProportionStandardError(j)) < 1e-15);
        QVERIFY(std::abs(pixels.producersAccuracy(j) - ha.producersAccuracy(j)) < 1e-15);
    }
}

void TestAreaAdjustedAccuracy::kappaIsTheEstimatedMatrixs()
{
    const AreaAdjustedAccuracy estimate(kCounts, kPixels);
    double chance = 0.0;
    for (int i = 0; i < 4; ++i)
        chance += estimate.weight(i) * estimate.areaProportion(i);
    const double expected = (estimate.overallAccuracy() - chance) / (1.0 - chance);
    QVERIFY(std::abs(estimate.kappa() - expected) < 1e-12);
    QVERIFY(estimate.kappa() > 0.88 && estimate.kappa() < 0.90);
}

void TestAreaAdjustedAccuracy::singlePointStratumHasNoInterval()
{
    // Stratum 1 has one point: its variance cannot be estimated, so neither can any interval that
    // sums over it; the point estimates stand.
    const AreaAdjustedAccuracy estimate({ { 40, 2 }, { 0, 1 } }, { 900.0, 100.0 });
    QCOMPARE(estimate.usersAccuracy(1), 1.0);
    QVERIFY(std::isnan(estimate.usersHalfWidth(1)));
    QVERIFY(std::isnan(estimate.overallHalfWidth()));
    QVERIFY(std::isnan(estimate.areaHalfWidth(0)));
    QVERIFY(!std::isnan(estimate.usersHalfWidth(0)));
    const QJsonObject json = estimate.toJson();
    QVERIFY(json.value(QStringLiteral("overallHalfWidth95")).isNull());
}

void TestAreaAdjustedAccuracy::classMappedNowhereEstimatesAsZero()
{
    // Class 2 is in the legend but the map never predicts it; the reference finds some of it.
    const AreaAdjustedAccuracy estimate({ { 45, 3, 2 }, { 4, 46, 0 }, { 0, 0, 0 } }, { 600.0, 400.0, 0.0 });
    QCOMPARE(estimate.weight(2), 0.0);
    QVERIFY(std::isnan(estimate.usersAccuracy(2)));
    QVERIFY(estimate.area(2) > 0.0);
    QCOMPARE(estimate.producersAccuracy(2), 0.0);
    QVERIFY(std::isfinite(estimate.producersHalfWidth(2)));
    QVERIFY(std::abs(estimate.area(0) + estimate.area(1) + estimate.area(2) - 1000.0) < 1e-9);
}

void TestAreaAdjustedAccuracy::inconsistentInputIsRefused_data()
{
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("kind");
    QTest::newRow("not square") << "not square" << 0;
    QTest::newRow("mapped class without points") << "class 1 is mapped but has no sample point" << 1;
    QTest::newRow("points in an unmapped class") << "class 1 has sample points but is mapped nowhere" << 2;
    QTest::newRow("negative area") << "mapped area of class 0" << 3;
    QTest::newRow("sizes differ") << "the sample has 2 classes but the map 3" << 4;
}

void TestAreaAdjustedAccuracy::inconsistentInputIsRefused()
{
    QFETCH(QString, fragment);
    QFETCH(int, kind);
    const std::vector<std::vector<std::vector<qint64>>> counts {
        { { 1, 2 }, { 3 } },    { { 5, 1 }, { 0, 0 } }, { { 5, 1 }, { 1, 4 } },
        { { 5, 1 }, { 1, 4 } }, { { 5, 1 }, { 1, 4 } },
    };
    const std::vector<std::vector<double>> areas {
        { 1, 1 }, { 1, 1 }, { 1, 0 }, { -1, 1 }, { 1, 1, 1 },
    };
    try {
        AreaAdjustedAccuracy(counts[std::size_t(kind)], areas[std::size_t(kind)]);
        QFAIL("accepted");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
    }
}

void TestAreaAdjustedAccuracy::jsonHoldsEveryFigure()
{
    const AreaAdjustedAccuracy estimate(kCounts, hectares());
    const QJsonObject json = estimate.toJson();
    QCOMPARE(json.value(QStringLiteral("sampleSize")).toInteger(), qint64(640));
    QCOMPARE(json.value(QStringLiteral("overallAccuracy")).toDouble(), estimate.overallAccuracy());
    const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    QCOMPARE(classes.size(), 4);
    const QJsonObject gain = classes.at(1).toObject();
    QCOMPARE(gain.value(QStringLiteral("area")).toDouble(), estimate.area(1));
    QCOMPARE(gain.value(QStringLiteral("producersHalfWidth95")).toDouble(), estimate.producersHalfWidth(1));
    QCOMPARE(gain.value(QStringLiteral("samples")).toInteger(), qint64(75));
    QCOMPARE(json.value(QStringLiteral("proportions")).toArray().at(3).toArray().at(3).toDouble(),
             estimate.proportion(3, 3));
}

QTEST_APPLESS_MAIN(TestAreaAdjustedAccuracy)
#include "testareaadjustedaccuracy.moc"
