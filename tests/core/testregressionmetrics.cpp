#include "metrics/regressionmetrics.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}
} // namespace

class TestRegressionMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesNumpyAndSkipsNaN();
    void nseSeesWhatR2Forgives();
    void largeOffsetDoesNotCancel();
    void emptyAndConstantInputsGiveNaN();
    void mismatchedLengthsThrow();
    void jsonWritesNullForNaN();
};

void TestRegressionMetrics::matchesNumpyAndSkipsNaN()
{
    const std::vector<double> observed = { 1.0, 2.5, kNaN, 4.0, 3.2, 5.5, 6.1, 2.2 };
    const std::vector<double> predicted = { 1.3, 2.0, 3.0, 4.4, kNaN, 5.0, 6.6, 2.9 };
    const RegressionMetrics m = RegressionMetrics::compute(observed, predicted);
    // python3 -c "import numpy as np; o=np.array([1.0,2.5,np.nan,4.0,3.2,5.5,6.1,2.2]);
    //   p=np.array([1.3,2.0,3.0,4.4,np.nan,5.0,6.6,2.9]); k=~np.isnan(o)&~np.isnan(p); o=o[k]; p=p[k]; e=p-o;
    //   print(k.sum(), np.sqrt(np.mean(e**2)), np.mean(np.abs(e)), np.corrcoef(o,p)[0,1]**2,
    //   1-np.sum(e**2)/np.sum((o-o.mean())**2), np.mean(e))"
    // -> 6 0.4983305462575351 0.48333333333333334 0.9330951851061217 0.9252570855279659 0.15000000000000002
    QCOMPARE(m.count, qint64(6));
    QVERIFY(near(m.rmse, 0.4983305462575351));
    QVERIFY(near(m.mse, 0.4983305462575351 * 0.4983305462575351));
    QVERIFY(near(m.mae, 0.48333333333333334));
    QVERIFY(near(m.r2, 0.9330951851061217));
    QVERIFY(near(m.nse, 0.9252570855279659));
    QVERIFY(near(m.bias, 0.15));
}

void TestRegressionMetrics::nseSeesWhatR2Forgives()
{
    // Predictions 2x + 10 correlate perfectly (r2 = 1) but are far off: by hand, errors 11, 12, 13,
    // SSE = 434, SST about the mean 2 = 1 + 0 + 1 = 2, NSE = 1 - 434/2 = -216, RMSE = sqrt(434/3).
    const RegressionMetrics m = RegressionMetrics::compute({ 1.0, 2.0, 3.0 }, { 12.0, 14.0, 16.0 });
    QVERIFY(near(m.r2, 1.0));
    QVERIFY(near(m.nse, -216.0));
    QVERIFY(near(m.rmse, std::sqrt(434.0 / 3.0)));
    QVERIFY(near(m.mae, 12.0));
    QVERIFY(near(m.bias, 12.0));
}

void TestRegressionMetrics::largeOffsetDoesNotCancel()
{
    // The same series as nseSeesWhatR2Forgives() shifted by 1e9 (e.g. a large constant offset):
    // deviations about the mean must not drown in the offset. Exact in double: every value is an
    // integer below 2^53.
    const RegressionMetrics m = RegressionMetrics::compute({ 1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0 },
                                                           { 1e9 + 12.0, 1e9 + 14.0, 1e9 + 16.0 });
    QVERIFY(near(m.r2, 1.0));
    QVERIFY(near(m.nse, -216.0));
}

void TestRegressionMetrics::emptyAndConstantInputsGiveNaN()
{
    const RegressionMetrics empty = RegressionMetrics::compute({}, {});
    QCOMPARE(empty.count, qint64(0));
    QVERIFY(std::isnan(empty.rmse));
    QVERIFY(std::isnan(empty.mae));
    QVERIFY(std::isnan(empty.r2));
    QVERIFY(std::isnan(empty.nse));
    QVERIFY(std::isnan(empty.bias));

    const RegressionMetrics allGaps = RegressionMetrics::compute({ kNaN, 1.0 }, { 2.0, kNaN });
    QCOMPARE(allGaps.count, qint64(0));
    QVERIFY(std::isnan(allGaps.rmse));

    // Constant observations: SST = 0, so NSE and r2 are undefined, the errors are not.
    const RegressionMetrics constant = RegressionMetrics::compute({ 2.0, 2.0, 2.0 }, { 1.0, 2.0, 3.0 });
    QCOMPARE(constant.count, qint64(3));
    QVERIFY(near(constant.rmse, std::sqrt(2.0 / 3.0)));
    QVERIFY(std::isnan(constant.nse));
    QVERIFY(std::isnan(constant.r2));

    // Constant predictions: r2 undefined, NSE defined (here 1 - 2/2 = 0: no better than the mean).
    const RegressionMetrics flat = RegressionMetrics::compute({ 1.0, 2.0, 3.0 }, { 2.0, 2.0, 2.0 });
    QVERIFY(std::isnan(flat.r2));
    QVERIFY(near(flat.nse, 0.0));
}

void TestRegressionMetrics::mismatchedLengthsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RegressionMetrics::compute({ 1.0, 2.0 }, { 1.0 }));
}

void TestRegressionMetrics::jsonWritesNullForNaN()
{
    const QJsonObject json = RegressionMetrics::compute({ 2.0, 2.0 }, { 1.0, 3.0 }).toJson();
    QCOMPARE(json.value(QStringLiteral("rmse")).toDouble(), 1.0);
    QCOMPARE(json.value(QStringLiteral("count")).toInteger(), qint64(2));
    QVERIFY(json.value(QStringLiteral("nse")).isNull());
    QVERIFY(json.value(QStringLiteral("r2")).isNull());
    const QJsonObject empty = RegressionMetrics().toJson();
    for (const char *key : { "rmse", "mae", "r2", "nse", "bias", "mse" })
        QVERIFY2(empty.value(QLatin1String(key)).isNull(), key);
    QCOMPARE(empty.value(QStringLiteral("count")).toInteger(), qint64(0));
}

QTEST_GUILESS_MAIN(TestRegressionMetrics)
#include "testregressionmetrics.moc"
