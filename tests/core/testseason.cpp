#include "common/qtcompat.h"
#include "metrics/season.h"

#include <QtTest>

using namespace deepterra;

class TestSeason : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysFollowTheCalendar();
    void dayKeyIgnoresLeapYears();
    void invalidTimeHasNoKey();
    void namesRoundTrip();
};

namespace {
QDateTime utc(int year, int month, int day, int hour = 0)
{
    return utcDateTime(QDate(year, month, day), QTime(hour, 0));
}
} // namespace

void TestSeason::keysFollowTheCalendar()
{
    const QDateTime t = utc(2021, 3, 17, 14);
    QCOMPARE(seasonKey(t, Season::None), 0);
    QCOMPARE(seasonKey(t, Season::MonthOfYear), 3);
    // python3 -c "import datetime; print(datetime.date(2021,3,17).isocalendar()[1])" -> 11
    QCOMPARE(seasonKey(t, Season::WeekOfYear), 11);
    QCOMPARE(seasonKey(t, Season::HourOfDay), 14);
    QCOMPARE(seasonKey(t, Season::DayOfYear), 317);
    // ISO week: 2021-01-01 belongs to week 53 of 2020, 2020-12-31 too.
    QCOMPARE(seasonKey(utc(2021, 1, 1), Season::WeekOfYear), 53);
    QCOMPARE(seasonKey(utc(2020, 12, 31), Season::WeekOfYear), 53);
}

void TestSeason::dayKeyIgnoresLeapYears()
{
    // March 1 is day 60 in 2021 and 61 in 2020, but it is the same day of the season.
    QCOMPARE(seasonKey(utc(2020, 3, 1), Season::DayOfYear), seasonKey(utc(2021, 3, 1), Season::DayOfYear));
    QCOMPARE(seasonKey(utc(2020, 2, 29), Season::DayOfYear), seasonKey(utc(2021, 2, 28), Season::DayOfYear));
}

void TestSeason::invalidTimeHasNoKey()
{
    QVERIFY(!seasonKey(QDateTime(), Season::MonthOfYear));
    QVERIFY(!seasonKey(QDateTime(), Season::None));
}

void TestSeason::namesRoundTrip()
{
    for (Season s :
         { Season::None, Season::MonthOfYear, Season::WeekOfYear, Season::DayOfYear, Season::HourOfDay })
        QCOMPARE(seasonFromName(seasonName(s)), s);
    QCOMPARE(seasonName(Season::MonthOfYear), QStringLiteral("month"));
    QCOMPARE(seasonFromName(QStringLiteral(" Month ")), Season::MonthOfYear);
    QVERIFY(!seasonFromName(QStringLiteral("fortnight")));
}

QTEST_GUILESS_MAIN(TestSeason)
#include "testseason.moc"
