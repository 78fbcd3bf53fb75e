#include "common/qtcompat.h"
#include "series/dateparser.h"

#include <QtTest>

using namespace deepterra;

class TestDateParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEachFormat_data();
    void parsesEachFormat();
    void rejectsInvalidText_data();
    void rejectsInvalidText();
    void detectsTheFormatOfAColumn();
};

namespace {
QDateTime utc(int y, int m, int d, int h = 0, int min = 0, int s = 0, int ms = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, min, s, ms));
}
} // namespace

void TestDateParser::parsesEachFormat_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<DateFormat>("format");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("iso date") << "2001-12-31" << DateFormat::Iso << utc(2001, 12, 31);
    QTest::newRow("iso short fields") << "2001-2-3" << DateFormat::Iso << utc(2001, 2, 3);
    QTest::newRow("iso Z") << "2001-12-31T23:00:00Z" << DateFormat::Iso << utc(2001, 12, 31, 23);
    QTest::newRow("iso space, minutes")
        << " 2001-12-31 06:30 " << DateFormat::Iso << utc(2001, 12, 31, 6, 30);
    QTest::newRow("iso millis") << "2020-05-01T10:11:12.25" << DateFormat::Iso
                                << utc(2020, 5, 1, 10, 11, 12, 250);
    // 01:30 at +02:00 is 23:30 UTC the day before.
    QTest::newRow("iso offset") << "2020-01-01T01:30:00+02:00" << DateFormat::Iso
                                << utc(2019, 12, 31, 23, 30);
    QTest::newRow("iso negative offset")
        << "2020-01-01T22:00-0300" << DateFormat::Iso << utc(2020, 1, 2, 1, 0);
    QTest::newRow("compact") << "19580329" << DateFormat::YearMonthDayCompact << utc(1958, 3, 29);
    QTest::newRow("year") << "1950" << DateFormat::Year << utc(1950, 1, 1);
    QTest::newRow("year-month") << "1950-07" << DateFormat::YearMonth << utc(1950, 7, 1);
    QTest::newRow("year/month") << "1950/7" << DateFormat::YearMonth << utc(1950, 7, 1);
    QTest::newRow("yyyymm") << "195012" << DateFormat::YearMonth << utc(1950, 12, 1);
    QTest::newRow("auto compact") << "20011229" << DateFormat::Auto << utc(2001, 12, 29);
    QTest::newRow("auto iso") << "2001-12-29T12:00" << DateFormat::Auto << utc(2001, 12, 29, 12);
    QTest::newRow("auto year-month") << "2001-12" << DateFormat::Auto << utc(2001, 12, 1);
    QTest::newRow("auto year") << "2001" << DateFormat::Auto << utc(2001, 1, 1);
}

void TestDateParser::parsesEachFormat()
{
    QFETCH(QString, text);
    QFETCH(DateFormat, format);
    QFETCH(QDateTime, expected);
    const auto parsed = DateParser::parse(text, format);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, expected);
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
}

void TestDateParser::rejectsInvalidText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<DateFormat>("format");
    QTest::newRow("Feb 30") << "2001-02-30" << DateFormat::Iso;
    QTest::newRow("compact month 13") << "20011301" << DateFormat::YearMonthDayCompact;
    QTest::newRow("compact in iso") << "20011229" << DateFormat::Iso;
    QTest::newRow("iso in compact") << "2001-12-29" << DateFormat::YearMonthDayCompact;
    QTest::newRow("month 0") << "2001-00" << DateFormat::YearMonth;
    QTest::newRow("two-digit year") << "01" << DateFormat::Year;
    QTest::newRow("hour 25") << "2001-01-01T25:00" << DateFormat::Iso;
    QTest::newRow("a number") << "316.1" << DateFormat::Auto;
    QTest::newRow("text") << "yesterday" << DateFormat::Auto;
    QTest::newRow("empty") << "" << DateFormat::Auto;
}

void TestDateParser::rejectsInvalidText()
{
    QFETCH(QString, text);
    QFETCH(DateFormat, format);
    QVERIFY(!DateParser::parse(text, format).has_value());
}

void TestDateParser::detectsTheFormatOfAColumn()
{
    QCOMPARE(DateParser::detect({ "19580329", "19580405", "" }), DateFormat::YearMonthDayCompact);
    QCOMPARE(DateParser::detect({ "2001-01-01", "2001-01-02T06:00" }), DateFormat::Iso);
    QCOMPARE(DateParser::detect({ "1950", "1951" }), DateFormat::Year);
    QCOMPARE(DateParser::detect({ "1950-01", "1950-02" }), DateFormat::YearMonth);
    // One value that fits no format spoils the column.
    QCOMPARE(DateParser::detect({ "2001-01-01", "n/a" }), DateFormat::Auto);
    QCOMPARE(DateParser::detect({ "316.1", "317.3" }), DateFormat::Auto);
    QCOMPARE(DateParser::detect({ "", " " }), DateFormat::Auto);
    QCOMPARE(DateParser::detect({}), DateFormat::Auto);
}

QTEST_GUILESS_MAIN(TestDateParser)
#include "testdateparser.moc"
