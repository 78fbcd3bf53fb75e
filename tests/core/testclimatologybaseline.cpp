#include "common/qtcompat.h"
#include "metrics/climatologybaseline.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QDateTime utc(int year, int month, int day = 1, int hour = 0)
{
    return utcDateTime(QDate(year, month, day), QTime(hour, 0));
}
} // namespace

class TestClimatologyBaseline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void monthlyMeansOfTheTrainingYears();
    void unseenMonthFallsBackToOverallMean();
    void hourlyAndNoSeason();
    void emptyBaselinePredictsNaN();
    void mismatchedLengthsThrow();
};

void TestClimatologyBaseline::monthlyMeansOfTheTrainingYears()
{
    // Two training years: month m is worth m in 2001 and m + 2 in 2002, so the climatology of
    // month m is m + 1. A NaN and an invalid time in between must not count.
    std::vector<QDateTime> times;
    std::vector<double> values;
    for (int year : { 2001, 2002 })
        for (int month = 1; month <= 12; ++month) {
            times.push_back(utc(year, month));
            values.push_back(month + (year == 2002 ? 2.0 : 0.0));
        }
    times.push_back(utc(2002, 5, 15));
    values.push_back(kNaN);
    times.push_back(QDateTime());
    values.push_back(1000.0);

    const ClimatologyBaseline c = ClimatologyBaseline::fit(times, values, Season::MonthOfYear);
    QCOMPARE(c.season(), Season::MonthOfYear);
    QCOMPARE(c.trainingCount(), qint64(24));
    QCOMPARE(c.keyCount(), 12);
    for (int month = 1; month <= 12; ++month)
        QCOMPARE(c.predict(utc(2010, month, 20)), month + 1.0);
    // (1+...+12 + 3+...+14) / 24 = (78 + 102) / 24 = 7.5
    QCOMPARE(c.overallMean(), 7.5);
    QVERIFY(std::isnan(c.predict(QDateTime())));
}

void TestClimatologyBaseline::unseenMonthFallsBackToOverallMean()
{
    // Training covers January (10, 20) and February (40) only: March gets (10 + 20 + 40) / 3.
    const ClimatologyBaseline c = ClimatologyBaseline::fit({ utc(2001, 1), utc(2002, 1), utc(2001, 2) },
                                                           { 10.0, 20.0, 40.0 }, Season::MonthOfYear);
    QCOMPARE(c.predict(utc(2005, 1, 31)), 15.0);
    QCOMPARE(c.predict(utc(2005, 2, 3)), 40.0);
    QCOMPARE(c.predict(utc(2005, 3, 3)), 70.0 / 3.0);
}

void TestClimatologyBaseline::hourlyAndNoSeason()
{
    // Hourly: 06:00 seen as 1 and 3, 18:00 as 10.
    const std::vector<QDateTime> times = { utc(2020, 6, 1, 6), utc(2020, 6, 2, 6), utc(2020, 6, 1, 18) };
    const std::vector<double> values = { 1.0, 3.0, 10.0 };
    const ClimatologyBaseline hourly = ClimatologyBaseline::fit(times, values, Season::HourOfDay);
    QCOMPARE(hourly.predict(utc(2021, 1, 9, 6)), 2.0);
    QCOMPARE(hourly.predict(utc(2021, 1, 9, 18)), 10.0);
    QCOMPARE(hourly.predict(utc(2021, 1, 9, 12)), 14.0 / 3.0);

    const ClimatologyBaseline flat = ClimatologyBaseline::fit(times, values, Season::None);
    QCOMPARE(flat.predict(utc(1999, 12, 31, 23)), 14.0 / 3.0);
    QCOMPARE(flat.keyCount(), 1);
}

void TestClimatologyBaseline::emptyBaselinePredictsNaN()
{
    const ClimatologyBaseline unfitted;
    QVERIFY(unfitted.isEmpty());
    QVERIFY(std::isnan(unfitted.predict(utc(2001, 1))));
    QVERIFY(std::isnan(unfitted.overallMean()));

    const ClimatologyBaseline onlyGaps
        = ClimatologyBaseline::fit({ utc(2001, 1) }, { kNaN }, Season::MonthOfYear);
    QVERIFY(onlyGaps.isEmpty());
    QVERIFY(std::isnan(onlyGaps.predict(utc(2001, 1))));
}

void TestClimatologyBaseline::mismatchedLengthsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             ClimatologyBaseline::fit({ utc(2001, 1) }, { 1.0, 2.0 }, Season::MonthOfYear));
}

QTEST_GUILESS_MAIN(TestClimatologyBaseline)
#include "testclimatologybaseline.moc"
