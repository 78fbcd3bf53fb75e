#include "metrics/reconstructionerrors.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}

// A skewed error distribution, many small errors and a long tail, that Python rebuilds exactly:
// python3: e = np.array([((i*37%101)/7.0)*((i*37%101)/7.0) for i in range(200)])
std::vector<double> skewedErrors()
{
    std::vector<double> errors;
    for (int i = 0; i < 200; ++i) {
        const double x = double(i * 37 % 101) / 7.0;
        errors.push_back(x * x);
    }
    return errors;
}
} // namespace

class TestReconstructionErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesNumpy();
    void skipsNonFiniteErrors();
    void constantErrorsGetNumpysHistogram();
    void binsAgreeWithNumpyNextToEdges();
    void emptyInputGivesNaN();
    void badArgumentsThrow();
};

void TestReconstructionErrors::matchesNumpy()
{
    std::vector<double> errors = skewedErrors();
    errors.insert(errors.begin() + 17, kNaN); // masked pixels
    const ReconstructionErrors s = ReconstructionErrors::summarize(errors, 95.0);
    QCOMPARE(s.count, qint64(200));
    QCOMPARE(s.skipped, qint64(1));
    // print(e.mean(), e.std(), e.min(), e.max())
    // -> 68.55867346938776 61.66977400960094 0.0 204.08163265306123
    QVERIFY(near(s.mean, 68.55867346938776));
    QVERIFY(near(s.stdDev, 61.66977400960094));
    QCOMPARE(s.minimum, 0.0);
    QCOMPARE(s.maximum, 204.08163265306123);
    // print([np.percentile(e,q) for q in (50,90,95,99)])
    // -> 51.02040816326531 165.67551020408163 184.37857142857135 200.06102040816322
    const double expected[][2] = { { 50.0, 51.02040816326531 },
                                   { 90.0, 165.67551020408163 },
                                   { 95.0, 184.37857142857135 },
                                   { 99.0, 200.06102040816322 } };
    QCOMPARE(int(s.percentiles.size()), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(s.percentiles[std::size_t(i)].first, expected[i][0]);
        QVERIFY2(near(s.percentiles[std::size_t(i)].second, expected[i][1]), qPrintable(QString::number(i)));
    }
    // th=np.percentile(e,95); print(th, np.mean(e>th)) -> 184.37857142857135 0.05
    QCOMPARE(s.thresholdPercentile, 95.0);
    QVERIFY(near(s.threshold, 184.37857142857135));
    QCOMPARE(s.anomalyFraction, 0.05);
    QVERIFY(s.isAnomaly(190.0));
    QVERIFY(!s.isAnomaly(s.threshold));

    // c, ed = np.histogram(e, bins=50); print(c.tolist(), ed[1], ed[17], ed[-1])
    const std::vector<qint64> counts
        = { 30, 10, 10, 7, 6, 6, 6, 4, 6, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 4, 1, 4, 2, 4, 2,
            4,  2,  2,  4, 2, 2, 2, 4, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4 };
    QCOMPARE(s.histogramCounts, counts);
    QCOMPARE(int(s.histogramEdges.size()), 51);
    QCOMPARE(s.histogramEdges.front(), 0.0);
    QCOMPARE(s.histogramEdges[1], 4.081632653061225);
    QCOMPARE(s.histogramEdges[17], 69.38775510204081);
    QCOMPARE(s.histogramEdges.back(), 204.08163265306123);

    const QJsonObject json = s.toJson();
    QCOMPARE(json.value(QStringLiteral("count")).toInteger(), qint64(200));
    QVERIFY(near(json.value(QStringLiteral("threshold")).toDouble(), 184.37857142857135));
    const QJsonArray percentiles = json.value(QStringLiteral("percentiles")).toArray();
    QCOMPARE(percentiles.size(), 4);
    QCOMPARE(percentiles.at(3).toObject().value(QStringLiteral("percent")).toDouble(), 99.0);
    const QJsonObject histogram = json.value(QStringLiteral("histogram")).toObject();
    QCOMPARE(histogram.value(QStringLiteral("counts")).toArray().size(), 50);
    QCOMPARE(histogram.value(QStringLiteral("counts")).toArray().at(0).toInteger(), qint64(30));
    QCOMPARE(histogram.value(QStringLiteral("edges")).toArray().size(), 51);
}

void TestReconstructionErrors::skipsNonFiniteErrors()
{
    // By hand: [1, 2, 3, 4]: median 2.5 (= threshold at 50), p90 at position 2.7 -> 3 + 0.7 = 3.7,
    // two of four above 2.5, mean 2.5, population std sqrt(1.25).
    const ReconstructionErrors s
        = ReconstructionErrors::summarize({ 4.0, kNaN, 1.0, kInf, 3.0, 2.0 }, 50.0, 3);
    QCOMPARE(s.count, qint64(4));
    QCOMPARE(s.skipped, qint64(2));
    QCOMPARE(s.percentiles[0].second, 2.5);
    QVERIFY(near(s.percentiles[1].second, 3.7));
    QCOMPARE(s.threshold, 2.5);
    QCOMPARE(s.anomalyFraction, 0.5);
    QCOMPARE(s.mean, 2.5);
    QVERIFY(near(s.stdDev, std::sqrt(1.25)));
    // np.histogram([1,2,3,4], bins=3) -> [1, 1, 2], edges [1, 2, 3, 4]
    QCOMPARE(s.histogramCounts, (std::vector<qint64> { 1, 1, 2 }));
    QCOMPARE(s.histogramEdges, (std::vector<double> { 1.0, 2.0, 3.0, 4.0 }));
}

void TestReconstructionErrors::constantErrorsGetNumpysHistogram()
{
    // np.histogram([2.0, 2.0], bins=4) -> counts [0, 0, 2, 0], edges [1.5, 1.75, 2, 2.25, 2.5]
    const ReconstructionErrors s = ReconstructionErrors::summarize({ 2.0, 2.0 }, 99.0, 4);
    QCOMPARE(s.histogramCounts, (std::vector<qint64> { 0, 0, 2, 0 }));
    QCOMPARE(s.histogramEdges, (std::vector<double> { 1.5, 1.75, 2.0, 2.25, 2.5 }));
    QCOMPARE(s.threshold, 2.0);
    QCOMPARE(s.anomalyFraction, 0.0);
    QCOMPARE(s.stdDev, 0.0);
}

void TestReconstructionErrors::binsAgreeWithNumpyNextToEdges()
{
    // (x - first) * bins / range puts these values one bin off; numpy corrects against the edges.
    // np.linspace(0,1,11)[3] -> 0.30000000000000004, so 0.3 lies below it, in bin 2:
    // np.histogram([0.0,0.3,1.0], bins=10)[0] -> [1, 0, 1, 0, 0, 0, 0, 0, 0, 1]
    QCOMPARE(ReconstructionErrors::summarize({ 0.0, 0.3, 1.0 }, 99.0, 10).histogramCounts,
             (std::vector<qint64> { 1, 0, 1, 0, 0, 0, 0, 0, 0, 1 }));
    // (0.3 - 0.1) * (3 / 0.6) = 0.9999999999999999, yet 0.3 is the edge of bin 1:
    // np.histogram([0.1,0.3,0.7], bins=3)[0] -> [1, 1, 1]
    QCOMPARE(ReconstructionErrors::summarize({ 0.1, 0.3, 0.7 }, 99.0, 3).histogramCounts,
             (std::vector<qint64> { 1, 1, 1 }));
}

void TestReconstructionErrors::emptyInputGivesNaN()
{
    for (const std::vector<double> &errors : { std::vector<double> {}, std::vector<double> { kNaN, kNaN } }) {
        const ReconstructionErrors s = ReconstructionErrors::summarize(errors);
        QCOMPARE(s.count, qint64(0));
        QCOMPARE(s.skipped, qint64(errors.size()));
        QVERIFY(std::isnan(s.mean));
        QVERIFY(std::isnan(s.stdDev));
        QVERIFY(std::isnan(s.minimum));
        QVERIFY(std::isnan(s.threshold));
        QVERIFY(std::isnan(s.anomalyFraction));
        QCOMPARE(int(s.percentiles.size()), 4);
        QVERIFY(std::isnan(s.percentiles[0].second));
        QVERIFY(s.histogramCounts.empty());
        QVERIFY(!s.isAnomaly(1e30));
        const QJsonObject json = s.toJson();
        QVERIFY(json.value(QStringLiteral("threshold")).isNull());
        QVERIFY(json.value(QStringLiteral("mean")).isNull());
        QVERIFY(json.value(QStringLiteral("percentiles"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("value"))
                    .isNull());
        QCOMPARE(json.value(QStringLiteral("thresholdPercentile")).toDouble(), 99.0);
    }
}

void TestReconstructionErrors::badArgumentsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ReconstructionErrors::summarize({ 1.0 }, 101.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ReconstructionErrors::summarize({ 1.0 }, kNaN));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ReconstructionErrors::summarize({ 1.0 }, 99.0, 0));
}

QTEST_GUILESS_MAIN(TestReconstructionErrors)
#include "testreconstructionerrors.moc"
