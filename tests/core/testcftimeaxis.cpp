#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "series/cftimeaxis.h"

#include <QtTest>

#include <limits>

using namespace deepterra;

class TestCfTimeAxis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void datesWithoutGregorianEquivalentAreInvalid();
    void badUnitsAndCalendars_data();
    void badUnitsAndCalendars();
};

namespace {
QDateTime utc(int y, int m, int d, int h = 0, int min = 0, int s = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, min, s));
}
} // namespace

void TestCfTimeAxis::decodes_data()
{
    QTest::addColumn<QString>("units");
    QTest::addColumn<QString>("calendar");
    QTest::addColumn<double>("value");
    QTest::addColumn<QDateTime>("expected");
    // Fixed units checked with python3 datetime: datetime(2001,12,31,23) + timedelta(hours=146396)
    // = 2018-09-13 19:00, datetime(1900,1,1) + timedelta(days=43830.5) = 2020-01-02 12:00,
    // datetime(1950,1,1) + timedelta(hours=438300) = 2000-01-01 12:00,
    // datetime(1970,1,1) + timedelta(seconds=1e9) = 2001-09-09 01:46:40.
    QTest::newRow("stageiv singular capitalised")
        << "Hour since 2001-12-31T23:00:00Z"
        << "proleptic_gregorian" << 146396.0 << utc(2018, 9, 13, 19);
    QTest::newRow("stageiv first hour") << "Hour since 2001-12-31T23:00:00Z"
                                        << "" << 1.0 << utc(2002, 1, 1);
    QTest::newRow("days since date") << "days since 1900-01-01"
                                     << "standard" << 43830.5 << utc(2020, 1, 2, 12);
    QTest::newRow("hours since date time") << "hours since 1950-01-01 00:00:00"
                                           << "gregorian" << 438300.0 << utc(2000, 1, 1, 12);
    QTest::newRow("seconds epoch") << "seconds since 1970-01-01T00:00:00Z"
                                   << "" << 1e9 << utc(2001, 9, 9, 1, 46, 40);
    QTest::newRow("short fields") << "minutes since 2000-1-1 0:0:0"
                                  << "" << 90.0 << utc(2000, 1, 1, 1, 30);
    QTest::newRow("weeks") << "weeks since 2000-01-01"
                           << "" << 2.0 << utc(2000, 1, 15);
    QTest::newRow("negative") << "days since 2000-01-01"
                              << "" << -1.0 << utc(1999, 12, 31);
    // By hand: 00:00 at +05:00 is 19:00 UTC the day before.
    QTest::newRow("offset") << "hours since 2000-01-01 00:00:00 +05:00"
                            << "" << 0.0 << utc(1999, 12, 31, 19);
    QTest::newRow("UTC suffix") << "days since 2000-01-01 00:00:00 UTC"
                                << "" << 1.0 << utc(2000, 1, 2);
    QTest::newRow("proleptic before 1582") << "days since 1500-01-01"
                                           << "proleptic_gregorian" << 1.0 << utc(1500, 1, 2);
    // Calendar months and years, by hand: Jan 31 + 1 month clamps to Feb 29 (2000 is leap);
    // half of January (31 days) is 15.5 days; half of 2000 (366 days) is 183 days -> July 2.
    QTest::newRow("months") << "months since 1999-12-01"
                            << "" << 13.0 << utc(2001, 1, 1);
    QTest::newRow("month end clamps") << "months since 2000-01-31"
                                      << "" << 1.0 << utc(2000, 2, 29);
    QTest::newRow("half month") << "months since 2000-01-01"
                                << "" << 0.5 << utc(2000, 1, 16, 12);
    QTest::newRow("years") << "years since 2000-01-01"
                           << "" << 1.0 << utc(2001, 1, 1);
    QTest::newRow("half year") << "years since 2000-01-01"
                               << "" << 0.5 << utc(2000, 7, 2);
    // noleap by hand: 31 + 28 days after Jan 1 is Mar 1 even in 2000; 365 days later is
    // 2001-01-01 (the Gregorian calendar would give 2000-12-31); one day before Mar 1 is Feb 28.
    QTest::newRow("noleap") << "days since 2000-01-01"
                            << "noleap" << 59.0 << utc(2000, 3, 1);
    QTest::newRow("365_day year") << "days since 2000-01-01"
                                  << "365_day" << 365.0 << utc(2001, 1, 1);
    QTest::newRow("noleap backwards") << "days since 2000-03-01"
                                      << "NoLeap" << -1.0 << utc(2000, 2, 28);
    // 360_day by hand: months of 30 days, so day 30 is Feb 1 and day 360 the next year.
    QTest::newRow("360_day") << "days since 2000-01-01"
                             << "360_day" << 30.0 << utc(2000, 2, 1);
    QTest::newRow("360_day year") << "days since 2000-01-01"
                                  << "360_day" << 360.0 << utc(2001, 1, 1);
    QTest::newRow("360_day month") << "months since 2000-01-15"
                                   << "360_day" << 1.0 << utc(2000, 2, 15);
}

void TestCfTimeAxis::decodes()
{
    QFETCH(QString, units);
    QFETCH(QString, calendar);
    QFETCH(double, value);
    QFETCH(QDateTime, expected);
    const CfTimeAxis axis = CfTimeAxis::parse(units, calendar);
    QVERIFY(axis.isValid());
    QCOMPARE(axis.toDateTime(value), expected);
}

void TestCfTimeAxis::datesWithoutGregorianEquivalentAreInvalid()
{
    // 360_day: day 59 after Jan 1 is Feb 30.
    QVERIFY(!CfTimeAxis::parse(QStringLiteral("days since 2000-01-01"), QStringLiteral("360_day"))
                 .toDateTime(59)
                 .isValid());
    // Feb 29 of a common year.
    QVERIFY(!CfTimeAxis::parse(QStringLiteral("days since 2001-01-01"), QStringLiteral("360_day"))
                 .toDateTime(58)
                 .isValid());
    const CfTimeAxis standard = CfTimeAxis::parse(QStringLiteral("days since 1600-01-01"));
    QVERIFY(!standard.toDateTime(std::numeric_limits<double>::quiet_NaN()).isValid());
    QVERIFY(!standard.toDateTime(std::numeric_limits<double>::infinity()).isValid());
    // Before 1582-10-15 the mixed calendar is Julian, which is not implemented.
    QVERIFY(!standard.toDateTime(-365 * 20).isValid());
    QVERIFY(!CfTimeAxis().isValid());
}

void TestCfTimeAxis::badUnitsAndCalendars_data()
{
    QTest::addColumn<QString>("units");
    QTest::addColumn<QString>("calendar");
    QTest::addColumn<QString>("cause");
    QTest::newRow("no since") << "hours"
                              << ""
                              << "time units 'hours' are not of the form '<unit> since <date>'";
    QTest::newRow("after") << "hours after 2000-01-01"
                           << ""
                           << "time units 'hours after 2000-01-01' are not of the form '<unit> since <date>'";
    QTest::newRow("unknown unit") << "fortnights since 2000-01-01"
                                  << ""
                                  << "unknown time unit 'fortnights' in 'fortnights since 2000-01-01'";
    QTest::newRow("bad month")
        << "days since 2000-13-01"
        << ""
        << "the reference date in time units 'days since 2000-13-01' is not a valid date";
    QTest::newRow("Feb 30 in noleap")
        << "days since 2001-02-30"
        << "noleap"
        << "the reference date in time units 'days since 2001-02-30' is not a valid date";
    QTest::newRow("julian")
        << "days since 2000-01-01"
        << "julian"
        << "unsupported calendar 'julian' (supported: standard, gregorian, proleptic_gregorian, "
           "noleap, 365_day, 360_day)";
    QTest::newRow("all_leap") << "days since 2000-01-01"
                              << "all_leap"
                              << "unsupported calendar 'all_leap' (supported: standard, gregorian, "
                                 "proleptic_gregorian, noleap, 365_day, 360_day)";
    QTest::newRow("mixed before 1582")
        << "days since 1500-01-01"
        << "standard"
        << "reference dates before 1582-10-15 in the mixed Julian/Gregorian calendar "
           "are not supported ('days since 1500-01-01')";
}

void TestCfTimeAxis::badUnitsAndCalendars()
{
    QFETCH(QString, units);
    QFETCH(QString, calendar);
    QFETCH(QString, cause);
    try {
        CfTimeAxis::parse(units, calendar);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QVERIFY(error.path().isEmpty());
        QCOMPARE(error.cause(), cause);
    }
}

QTEST_GUILESS_MAIN(TestCfTimeAxis)
#include "testcftimeaxis.moc"
