#include "metrics/seasonalnaive.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SeriesFrequency every(int step, SeriesFrequency::Unit unit)
{
    SeriesFrequency frequency;
    frequency.unit = unit;
    frequency.step = step;
    return frequency;
}

// Value i at index i: a forecast names the index it was taken from.
std::vector<double> indices(int count)
{
    std::vector<double> values(std::size_t(count), 0.0);
    std::iota(values.begin(), values.end(), 0.0);
    return values;
}
} // namespace

class TestSeasonalNaive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seasonLengthFromTheFrequency();
    void leftOutWithoutAWholeSeasonOfTraining();
    void valueOneSeasonEarlier();
    void horizonBeyondTheSeasonGoesBackFurther();
    void gapsGoBackAnotherSeason();
    void emptyForecastsNaN();
};

void TestSeasonalNaive::seasonLengthFromTheFrequency()
{
    using Unit = SeriesFrequency::Unit;
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(1, Unit::Month)), 12);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(3, Unit::Month)), 4); // quarterly
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(5, Unit::Month)), 0); // does not divide a year
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(1, Unit::Week)), 52);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(2, Unit::Week)), 0);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(1, Unit::Day)), 365); // the year, not the week
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(5, Unit::Day)), 73); // pentads
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(1, Unit::Hour)), 24);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(3, Unit::Hour)), 8);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(10, Unit::Minute)), 144);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(30, Unit::Second)), 2880);
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(1, Unit::Year)), 0);
    QCOMPARE(SeasonalNaive::seasonLengthFor(SeriesFrequency()), 0); // irregular
}

void TestSeasonalNaive::leftOutWithoutAWholeSeasonOfTraining()
{
    using Unit = SeriesFrequency::Unit;
    QVERIFY(SeasonalNaive::forSeries(every(1, Unit::Month), 11).isEmpty());
    QCOMPARE(SeasonalNaive::forSeries(every(1, Unit::Month), 12).seasonLength(), 12);
    QVERIFY(SeasonalNaive::forSeries(every(1, Unit::Year), 500).isEmpty());
    QCOMPARE(SeasonalNaive::forSeries(every(12, Unit::Hour), 500).seasonLength(), 2);
    // A day of 24-hour steps is one step: that would be persistence again.
    QCOMPARE(SeasonalNaive::seasonLengthFor(every(24, Unit::Hour)), 1);
    QVERIFY(SeasonalNaive::forSeries(every(24, Unit::Hour), 500).isEmpty());
}

void TestSeasonalNaive::valueOneSeasonEarlier()
{
    const SeasonalNaive naive(12);
    const std::vector<double> y = indices(30);
    // From origin 20: step 1 forecasts index 21 with index 9, step 12 index 32 with index 20 (the
    // origin itself).
    QCOMPARE(naive.forecast(y, 20, 1), 9.0);
    QCOMPARE(naive.forecast(y, 20, 5), 13.0);
    QCOMPARE(naive.forecast(y, 20, 12), 20.0);
    // No season back from index 13 lies in the series: nothing to repeat.
    QVERIFY(std::isnan(naive.forecast(y, 0, 1)));
    QCOMPARE(naive.forecast(y, 11, 1), 0.0);
}

void TestSeasonalNaive::horizonBeyondTheSeasonGoesBackFurther()
{
    const SeasonalNaive naive(12);
    const std::vector<double> y = indices(30);
    // Index 33 one season back is 21, after the origin 20: two seasons back, 9.
    QCOMPARE(naive.forecast(y, 20, 13), 9.0);
    QCOMPARE(naive.forecast(y, 20, 24), 20.0);
    QCOMPARE(naive.forecast(y, 20, 25), 9.0); // index 45: three seasons back
}

void TestSeasonalNaive::gapsGoBackAnotherSeason()
{
    const SeasonalNaive naive(12);
    std::vector<double> y = indices(30);
    y[16] = kNaN;
    QCOMPARE(naive.forecast(y, 27, 1), 4.0); // index 28: 16 is missing, 4 is not
    y[4] = kNaN;
    QVERIFY(std::isnan(naive.forecast(y, 27, 1)));
}

void TestSeasonalNaive::emptyForecastsNaN()
{
    const std::vector<double> y = indices(30);
    QVERIFY(SeasonalNaive().isEmpty());
    QVERIFY(std::isnan(SeasonalNaive().forecast(y, 20, 1)));
    QVERIFY(std::isnan(SeasonalNaive(12).forecast(y, 20, 0)));
    QVERIFY(std::isnan(SeasonalNaive(12).forecast(y, 30, 1))); // origin past the end
}

QTEST_GUILESS_MAIN(TestSeasonalNaive)
#include "testseasonalnaive.moc"
