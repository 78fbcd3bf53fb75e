#include "common/qtcompat.h"
#include "series/csvseriesreader.h"
#include "series/seriesfrequency.h"
#include "testdata.h"

#include <QtTest>

using namespace deepterra;

class TestSeriesFrequency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samplesAreWeeklyAndMonthly();
    void detectsFixedSteps_data();
    void detectsFixedSteps();
    void monthEndsAreMonthly();
    void gapsDoNotHideTheStep();
    void irregularTimes();
    void advanceFollowsTheCalendar();
    void stepsBetween();
};

namespace {
using Unit = SeriesFrequency::Unit;

QDateTime utc(int y, int m, int d, int h = 0, int min = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, min));
}

std::vector<QDateTime> everySeconds(const QDateTime &start, qint64 seconds, int count)
{
    std::vector<QDateTime> times;
    for (int i = 0; i < count; ++i)
        times.push_back(start.addSecs(seconds * i));
    return times;
}
} // namespace

void TestSeriesFrequency::samplesAreWeeklyAndMonthly()
{
    // python3: all 2283 date differences in co2.csv are 7 days.
    const SeriesFrequency co2 = SeriesFrequency::detect(
        CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/co2/co2.csv"))).times);
    QCOMPARE(co2, (SeriesFrequency { Unit::Week, 1 }));
    QCOMPARE(co2.label(), QStringLiteral("weekly"));

    const SeriesFrequency elnino = SeriesFrequency::detect(
        CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/elnino/elnino.csv"))).times);
    QCOMPARE(elnino, (SeriesFrequency { Unit::Month, 1 }));
    QCOMPARE(elnino.label(), QStringLiteral("monthly"));
}

void TestSeriesFrequency::detectsFixedSteps_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<int>("unit");
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("label");
    QTest::newRow("seconds") << qint64(1) << int(Unit::Second) << 1 << "every second";
    QTest::newRow("15 minutes") << qint64(900) << int(Unit::Minute) << 15 << "every 15 minutes";
    QTest::newRow("hourly") << qint64(3600) << int(Unit::Hour) << 1 << "hourly";
    QTest::newRow("6 hours") << qint64(6 * 3600) << int(Unit::Hour) << 6 << "every 6 hours";
    QTest::newRow("daily") << qint64(86400) << int(Unit::Day) << 1 << "daily";
    QTest::newRow("3 days") << qint64(3 * 86400) << int(Unit::Day) << 3 << "every 3 days";
    QTest::newRow("2 weeks") << qint64(14 * 86400) << int(Unit::Week) << 2 << "every 2 weeks";
}

void TestSeriesFrequency::detectsFixedSteps()
{
    QFETCH(qint64, seconds);
    QFETCH(int, unit);
    QFETCH(int, step);
    QFETCH(QString, label);
    const SeriesFrequency f = SeriesFrequency::detect(everySeconds(utc(2020, 2, 27), seconds, 10));
    QCOMPARE(int(f.unit), unit);
    QCOMPARE(f.step, step);
    QCOMPARE(f.label(), label);
    QVERIFY(f.isRegular());
}

void TestSeriesFrequency::monthEndsAreMonthly()
{
    // The month-end dates of bcsd_obs_1999.nc (days since 1950-01-01: 17927, 17955, ...).
    std::vector<QDateTime> times;
    for (int m = 1; m <= 12; ++m)
        times.push_back(utc(1999, m, QDate(1999, m, 1).daysInMonth()));
    QCOMPARE(SeriesFrequency::detect(times), (SeriesFrequency { Unit::Month, 1 }));

    const std::vector<QDateTime> quarters { utc(2000, 1, 15), utc(2000, 4, 15), utc(2000, 7, 15),
                                            utc(2000, 10, 15) };
    QCOMPARE(SeriesFrequency::detect(quarters).label(), QStringLiteral("quarterly"));
    const std::vector<QDateTime> years { utc(1990, 1, 1), utc(1991, 1, 1), utc(1992, 1, 1) };
    QCOMPARE(SeriesFrequency::detect(years), (SeriesFrequency { Unit::Year, 1 }));
    QCOMPARE(SeriesFrequency::detect(years).label(), QStringLiteral("yearly"));
}

void TestSeriesFrequency::gapsDoNotHideTheStep()
{
    // Daily with two gaps (of 2 and 5 days): the mode is still one day.
    const std::vector<QDateTime> times { utc(2020, 1, 1), utc(2020, 1, 2),  utc(2020, 1, 4),
                                         utc(2020, 1, 5), utc(2020, 1, 10), utc(2020, 1, 11) };
    QCOMPARE(SeriesFrequency::detect(times), (SeriesFrequency { Unit::Day, 1 }));
}

void TestSeriesFrequency::irregularTimes()
{
    QVERIFY(!SeriesFrequency::detect({}).isRegular());
    QVERIFY(!SeriesFrequency::detect({ utc(2020, 1, 1) }).isRegular());
    // Every interval different, and 3 of 4 are no multiple of the most common one.
    const std::vector<QDateTime> times { utc(2020, 1, 1), utc(2020, 1, 1, 7), utc(2020, 1, 2, 1, 13),
                                         utc(2020, 1, 5), utc(2020, 2, 1, 0, 1) };
    const SeriesFrequency f = SeriesFrequency::detect(times);
    QCOMPARE(f.unit, Unit::Irregular);
    QCOMPARE(f.label(), QStringLiteral("irregular"));
    QCOMPARE(f.advance(utc(2020, 1, 1), 3), utc(2020, 1, 1));
}

void TestSeriesFrequency::advanceFollowsTheCalendar()
{
    const SeriesFrequency monthly { Unit::Month, 1 };
    QCOMPARE(monthly.advance(utc(2000, 1, 15, 12), 1), utc(2000, 2, 15, 12));
    QCOMPARE(monthly.advance(utc(2000, 1, 31), 1), utc(2000, 2, 29)); // month end, leap year
    QCOMPARE(monthly.advance(utc(2000, 2, 29), 1), utc(2000, 3, 31)); // stays on month ends
    QCOMPARE(monthly.advance(utc(2000, 3, 31), -1), utc(2000, 2, 29));
    QCOMPARE(monthly.advance(utc(2000, 11, 1), 3), utc(2001, 2, 1));
    QCOMPARE((SeriesFrequency { Unit::Year, 1 }).advance(utc(2000, 2, 29), 1), utc(2001, 2, 28));
    QCOMPARE((SeriesFrequency { Unit::Week, 1 }).advance(utc(2001, 12, 29), 1), utc(2002, 1, 5));
    QCOMPARE((SeriesFrequency { Unit::Hour, 6 }).advance(utc(2001, 12, 31, 18), 2), utc(2002, 1, 1, 6));
}

void TestSeriesFrequency::stepsBetween()
{
    const SeriesFrequency weekly { Unit::Week, 1 };
    QCOMPARE(weekly.stepsBetween(utc(2020, 1, 1), utc(2020, 1, 22)), std::optional<int>(3));
    QCOMPARE(weekly.stepsBetween(utc(2020, 1, 1), utc(2020, 1, 23)), std::nullopt);
    QCOMPARE(weekly.stepsBetween(utc(2020, 1, 8), utc(2020, 1, 1)), std::nullopt);
    const SeriesFrequency monthly { Unit::Month, 1 };
    QCOMPARE(monthly.stepsBetween(utc(1999, 1, 31), utc(1999, 4, 30)), std::optional<int>(3));
    QCOMPARE(monthly.stepsBetween(utc(1999, 1, 31), utc(1999, 4, 29)), std::nullopt);
    QCOMPARE(monthly.stepsBetween(utc(1950, 1, 1), utc(2010, 12, 1)), std::optional<int>(731));
}

QTEST_GUILESS_MAIN(TestSeriesFrequency)
#include "testseriesfrequency.moc"
