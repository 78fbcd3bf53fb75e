#include "common/qtcompat.h"
#include "series/csvseriesreader.h"
#include "series/gapreport.h"
#include "testdata.h"

#include <QtTest>

#include <limits>

using namespace deepterra;

class TestGapReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void co2HasMissingValuesButNoMissingWeeks();
    void gapsAreListedWithTheirLength();
    void offGridTimesAreNotGaps();
    void irregularSeriesHasNoGaps();
    void emptySeries();
};

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QDateTime utc(int y, int m, int d, int h = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, 0));
}
} // namespace

void TestGapReport::co2HasMissingValuesButNoMissingWeeks()
{
    const GapReport report
        = GapReport::analyse(CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/co2/co2.csv"))));
    // python3 csv + datetime: 2284 rows, every interval 7 days ((2001-12-29 - 1958-03-29) / 7 + 1
    // = 2284), 59 empty co2 fields.
    QCOMPARE(report.frequency, (SeriesFrequency { SeriesFrequency::Unit::Week, 1 }));
    QCOMPARE(report.rows, 2284);
    QCOMPARE(report.expectedRows, 2284);
    QCOMPARE(report.missingTimestamps, 0);
    QVERIFY(report.gaps.empty());
    QCOMPARE(report.offGridIntervals, 0);
    QCOMPARE(report.missingValuesPerColumn, std::vector<int> { 59 });
    QCOMPARE(report.first, utc(1958, 3, 29));
    QCOMPARE(report.last, utc(2001, 12, 29));
}

void TestGapReport::gapsAreListedWithTheirLength()
{
    TimeSeries series;
    series.source = QStringLiteral("hourly.csv");
    // Hourly from 00:00 to 10:00 without 03:00, 04:00 and 08:00.
    series.times = { utc(2020, 1, 1, 0), utc(2020, 1, 1, 1), utc(2020, 1, 1, 2), utc(2020, 1, 1, 5),
                     utc(2020, 1, 1, 6), utc(2020, 1, 1, 7), utc(2020, 1, 1, 9), utc(2020, 1, 1, 10) };
    series.columns = { { QStringLiteral("a"), { 1, NaN, 3, 4, 5, 6, 7, 8 } },
                       { QStringLiteral("b"), { NaN, NaN, 1, 1, 1, 1, 1, NaN } } };
    const GapReport report = GapReport::analyse(series);
    QCOMPARE(report.frequency.label(), QStringLiteral("hourly"));
    QCOMPARE(report.rows, 8);
    QCOMPARE(report.missingTimestamps, 3);
    QCOMPARE(report.expectedRows, 11);
    QCOMPARE(int(report.gaps.size()), 2);
    QCOMPARE(report.gaps[0].after, utc(2020, 1, 1, 2));
    QCOMPARE(report.gaps[0].before, utc(2020, 1, 1, 5));
    QCOMPARE(report.gaps[0].missingSteps, 2);
    QCOMPARE(report.gaps[1].after, utc(2020, 1, 1, 7));
    QCOMPARE(report.gaps[1].missingSteps, 1);
    QCOMPARE(report.missingValuesPerColumn, (std::vector<int> { 1, 3 }));
}

void TestGapReport::offGridTimesAreNotGaps()
{
    TimeSeries series;
    // Daily, one reading taken at noon instead of midnight.
    series.times
        = { utc(2020, 1, 1), utc(2020, 1, 2), utc(2020, 1, 3, 12), utc(2020, 1, 4), utc(2020, 1, 5) };
    series.columns = { { QStringLiteral("v"), { 1, 2, 3, 4, 5 } } };
    const GapReport report = GapReport::analyse(series);
    QCOMPARE(report.frequency.label(), QStringLiteral("daily"));
    QCOMPARE(report.offGridIntervals, 2);
    QCOMPARE(report.missingTimestamps, 0);
    QVERIFY(report.gaps.empty());
}

void TestGapReport::irregularSeriesHasNoGaps()
{
    TimeSeries series;
    series.times = { utc(2020, 1, 1), utc(2020, 1, 1, 7), utc(2020, 1, 2, 10), utc(2020, 2, 11, 5) };
    series.columns = { { QStringLiteral("v"), { 1, NaN, 3, 4 } } };
    const GapReport report = GapReport::analyse(series);
    QVERIFY(!report.frequency.isRegular());
    QCOMPARE(report.expectedRows, 4);
    QCOMPARE(report.missingTimestamps, 0);
    QCOMPARE(report.missingValuesPerColumn, std::vector<int> { 1 });
}

void TestGapReport::emptySeries()
{
    const GapReport report = GapReport::analyse(TimeSeries());
    QCOMPARE(report.rows, 0);
    QVERIFY(!report.first.isValid());
    QVERIFY(!report.frequency.isRegular());
}

QTEST_GUILESS_MAIN(TestGapReport)
#include "testgapreport.moc"
