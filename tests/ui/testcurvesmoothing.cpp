#include "training/curvesmoothing.h"
#include "training/dashboardbatchseries.h"

#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestCurveSmoothing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstValueIsTheRawValue();
    void matchesTheDebiasedAverage();
    void constantSeriesStaysConstant();
    void zeroBetaIsNoSmoothing();
    void nonFiniteValuesDoNotPoisonTheCurve();
    void seriesThinsOldSamplesOnly();
    void seriesResmoothsWithNewBeta();
};

void TestCurveSmoothing::firstValueIsTheRawValue()
{
    // Without the bias correction the first smoothed value would be (1 - beta) * x = 2.0.
    CurveSmoothing smoothing(0.6);
    QCOMPARE(smoothing.add(5.0), 5.0);
}

void TestCurveSmoothing::matchesTheDebiasedAverage()
{
    const QVector<double> values { 4.0, 2.0, 3.0, 1.0 };
    const double beta = 0.6;
    const QVector<double> smoothed = CurveSmoothing::smooth(values, beta);
    double biased = 0.0;
    for (int t = 0; t < values.size(); ++t) {
        biased = beta * biased + (1.0 - beta) * values[t];
        QVERIFY(std::abs(smoothed[t] - biased / (1.0 - std::pow(beta, t + 1))) < 1e-12);
    }
    // By hand: s2 = (0.6 * 1.6 + 0.4 * 2) / (1 - 0.36) = 1.76 / 0.64 = 2.75.
    QVERIFY(std::abs(smoothed[1] - 2.75) < 1e-12);
}

void TestCurveSmoothing::constantSeriesStaysConstant()
{
    for (double v : CurveSmoothing::smooth(QVector<double>(50, 0.7), 0.99))
        QVERIFY(std::abs(v - 0.7) < 1e-12);
}

void TestCurveSmoothing::zeroBetaIsNoSmoothing()
{
    const QVector<double> values { 3.0, 1.0, 4.0 };
    QCOMPARE(CurveSmoothing::smooth(values, 0.0), values);
}

void TestCurveSmoothing::nonFiniteValuesDoNotPoisonTheCurve()
{
    const QVector<double> smoothed = CurveSmoothing::smooth({ 1.0, std::nan(""), 1.0 }, 0.5);
    QCOMPARE(smoothed[0], 1.0);
    QVERIFY(std::isnan(smoothed[1]));
    QCOMPARE(smoothed[2], 1.0);
}

void TestCurveSmoothing::seriesThinsOldSamplesOnly()
{
    DashboardBatchSeries series;
    for (int i = 0; i < 10000; ++i) {
        DashboardBatchSample sample;
        sample.step = i + 1;
        sample.loss = 1.0;
        series.add(sample);
    }
    const std::vector<int> indices = series.plottedIndices(1000, 500);
    QVERIFY(indices.size() <= 1500);
    QVERIFY(indices.size() >= 1400);
    // The latest 1000 are all there, in order; the first sample too.
    QCOMPARE(indices.front(), 0);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(indices[indices.size() - 1000 + std::size_t(i)], 9000 + i);
    QVERIFY(std::is_sorted(indices.begin(), indices.end()));

    // The store itself never grows past its cap.
    DashboardBatchSeries big;
    for (int i = 0; i < DashboardBatchSeries::kMaxStored + 10; ++i)
        big.add(DashboardBatchSample {});
    QVERIFY(big.size() <= DashboardBatchSeries::kMaxStored);
}

void TestCurveSmoothing::seriesResmoothsWithNewBeta()
{
    DashboardBatchSeries series;
    series.setBeta(0.0);
    for (double loss : { 4.0, 2.0 }) {
        DashboardBatchSample sample;
        sample.loss = loss;
        series.add(sample);
    }
    QCOMPARE(series.samples()[1].smoothedLoss, 2.0);
    series.setBeta(0.6);
    QVERIFY(std::abs(series.samples()[1].smoothedLoss - CurveSmoothing::smooth({ 4.0, 2.0 }, 0.6)[1])
            < 1e-12);
}

QTEST_GUILESS_MAIN(TestCurveSmoothing)
#include "testcurvesmoothing.moc"
