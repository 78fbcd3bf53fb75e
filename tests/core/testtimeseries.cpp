#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "series/timeseries.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

class TestTimeSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsAreFoundByName();
    void unknownColumnNamesTheSource();
    void missingCountCountsNaNOnly();
};

namespace {
TimeSeries twoColumns()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    TimeSeries series;
    series.source = QStringLiteral("/data/station.csv");
    series.times
        = { utcDateTime(QDate(2020, 1, 1), QTime(0, 0)), utcDateTime(QDate(2020, 1, 2), QTime(0, 0)) };
    series.columns = { { QStringLiteral("rain"), { 1.5, nan } }, { QStringLiteral("temp"), { 20.0, 21.0 } } };
    return series;
}
} // namespace

void TestTimeSeries::columnsAreFoundByName()
{
    const TimeSeries series = twoColumns();
    QCOMPARE(series.rowCount(), 2);
    QCOMPARE(series.columnIndex(QStringLiteral("temp")), 1);
    QCOMPARE(series.columnIndex(QStringLiteral("wind")), -1);
    QCOMPARE(series.column(QStringLiteral("temp")).values.at(1), 21.0);
}

void TestTimeSeries::unknownColumnNamesTheSource()
{
    const TimeSeries series = twoColumns();
    try {
        series.column(QStringLiteral("wind"));
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.path(), QStringLiteral("/data/station.csv"));
        QCOMPARE(error.cause(), QStringLiteral("no column named wind (columns: rain, temp)"));
    }
}

void TestTimeSeries::missingCountCountsNaNOnly()
{
    const TimeSeries series = twoColumns();
    QCOMPARE(series.column(QStringLiteral("rain")).missingCount(), 1);
    QCOMPARE(series.column(QStringLiteral("temp")).missingCount(), 0);
    const TimeSeriesColumn zeros { QStringLiteral("zeros"), { 0.0, -999.0 } };
    QCOMPARE(zeros.missingCount(), 0);
}

QTEST_GUILESS_MAIN(TestTimeSeries)
#include "testtimeseries.moc"
