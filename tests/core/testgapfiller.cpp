#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "series/csvseriesreader.h"
#include "series/gapfiller.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

class TestGapFiller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noneInsertsMissingTimestamps();
    void linearInterpolatesInTime();
    void edgesStayMissing();
    void co2LinearFill();
    void monthEndSeriesKeepsMonthEnds();
    void irregularSeriesIsAnError();
};

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QDateTime utc(int y, int m, int d, int h = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, 0));
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

TimeSeries dailyWithGap()
{
    TimeSeries series;
    series.source = QStringLiteral("daily.csv");
    // Jan 3 and Jan 4 are missing; Jan 6 holds no value.
    series.times = { utc(2020, 1, 1), utc(2020, 1, 2), utc(2020, 1, 5), utc(2020, 1, 6), utc(2020, 1, 7) };
    series.columns = { { QStringLiteral("v"), { 10, 20, 50, NaN, 90 } } };
    return series;
}
} // namespace

void TestGapFiller::noneInsertsMissingTimestamps()
{
    const TimeSeries filled = GapFiller::fill(dailyWithGap(), GapFillMethod::None);
    QCOMPARE(filled.source, QStringLiteral("daily.csv"));
    QCOMPARE(filled.rowCount(), 7);
    for (int d = 0; d < 7; ++d)
        QCOMPARE(filled.times.at(std::size_t(d)), utc(2020, 1, 1 + d));
    const std::vector<double> &v = filled.columns.front().values;
    QCOMPARE(v.at(1), 20.0);
    QVERIFY(std::isnan(v.at(2)));
    QVERIFY(std::isnan(v.at(3)));
    QCOMPARE(v.at(4), 50.0);
    QVERIFY(std::isnan(v.at(5)));
    QCOMPARE(v.at(6), 90.0);
}

void TestGapFiller::linearInterpolatesInTime()
{
    const TimeSeries filled = GapFiller::fill(dailyWithGap(), GapFillMethod::Linear);
    const std::vector<double> &v = filled.columns.front().values;
    // By hand: Jan 2 = 20 and Jan 5 = 50, so Jan 3 = 30, Jan 4 = 40; Jan 6 is halfway between
    // 50 and 90 = 70.
    QCOMPARE(filled.rowCount(), 7);
    QVERIFY(near(v.at(2), 30.0));
    QVERIFY(near(v.at(3), 40.0));
    QVERIFY(near(v.at(5), 70.0));
    QCOMPARE(v.at(4), 50.0);

    // Interpolation weighs by time, not by row: 0 at 00:00, 30 at 03:00 with 01:00 missing and
    // the 02:00 value missing -> 10 and 20.
    TimeSeries hourly;
    hourly.times = { utc(2020, 1, 1, 0), utc(2020, 1, 1, 2), utc(2020, 1, 1, 3) };
    hourly.columns = { { QStringLiteral("v"), { 0, NaN, 30 } } };
    const TimeSeries h = GapFiller::fill(hourly, GapFillMethod::Linear);
    QCOMPARE(h.rowCount(), 4);
    QVERIFY(near(h.columns.front().values.at(1), 10.0));
    QVERIFY(near(h.columns.front().values.at(2), 20.0));
}

void TestGapFiller::edgesStayMissing()
{
    TimeSeries series;
    series.times = { utc(2020, 1, 1), utc(2020, 1, 2), utc(2020, 1, 3), utc(2020, 1, 4) };
    series.columns = { { QStringLiteral("v"), { NaN, 1, 2, NaN } },
                       { QStringLiteral("empty"), { NaN, NaN, NaN, NaN } } };
    const TimeSeries filled = GapFiller::fill(series, GapFillMethod::Linear);
    QVERIFY(std::isnan(filled.columns[0].values.front()));
    QVERIFY(std::isnan(filled.columns[0].values.back()));
    QCOMPARE(filled.columns[1].missingCount(), 4);
}

void TestGapFiller::co2LinearFill()
{
    const TimeSeries co2 = CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    const TimeSeries filled = GapFiller::fill(co2, GapFillMethod::Linear);
    // No timestamps are missing (see TestGapReport), first and last values exist: every value
    // gets filled.
    QCOMPARE(filled.rowCount(), 2284);
    QCOMPARE(filled.columns.front().missingCount(), 0);
    // By hand from co2.csv: 19580503 = 316.9, 19580510 empty, 19580517 = 317.5 -> 317.2.
    QCOMPARE(filled.times.at(6), utc(1958, 5, 10));
    QVERIFY(std::abs(filled.columns.front().values.at(6) - 317.2) < 1e-9);
    // The longest run: 18 empty weeks between 19640118 = 319.8 and 19640530 = 322.0 (133 days);
    // 19640125 is 7/133 of the way: 319.8 + 2.2 * 7 / 133 = 319.9157894...
    const auto it = std::find(filled.times.begin(), filled.times.end(), utc(1964, 1, 25));
    QVERIFY(it != filled.times.end());
    QVERIFY(std::isnan(co2.columns.front().values.at(std::size_t(it - filled.times.begin()))));
    QVERIFY(
        std::abs(filled.columns.front().values.at(std::size_t(it - filled.times.begin())) - 319.9157894737)
        < 1e-9);
}

void TestGapFiller::monthEndSeriesKeepsMonthEnds()
{
    TimeSeries series;
    series.times = { utc(1999, 1, 31), utc(1999, 2, 28), utc(1999, 5, 31) };
    series.columns = { { QStringLiteral("v"), { 1, 2, 5 } } };
    const TimeSeries filled = GapFiller::fill(series, GapFillMethod::None);
    QCOMPARE(filled.times,
             (std::vector<QDateTime> { utc(1999, 1, 31), utc(1999, 2, 28), utc(1999, 3, 31), utc(1999, 4, 30),
                                       utc(1999, 5, 31) }));
}

void TestGapFiller::irregularSeriesIsAnError()
{
    TimeSeries series;
    series.source = QStringLiteral("irregular.csv");
    series.times = { utc(2020, 1, 1), utc(2020, 1, 1, 7), utc(2020, 1, 2, 10), utc(2020, 2, 11, 5) };
    series.columns = { { QStringLiteral("v"), { 1, 2, 3, 4 } } };
    try {
        GapFiller::fill(series, GapFillMethod::Linear);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.path(), QStringLiteral("irregular.csv"));
        QVERIFY(error.cause().contains(QLatin1String("irregular")));
    }
}

QTEST_GUILESS_MAIN(TestGapFiller)
#include "testgapfiller.moc"
