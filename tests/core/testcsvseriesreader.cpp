#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "series/csvseriesreader.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>

using namespace deepterra;

class TestCsvSeriesReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void co2Facts();
    void elninoFacts();
    void longFormWithSeveralColumns();
    void dateForms_data();
    void dateForms();
    void semicolonDelimiterAndDecimalComma();
    void tabDelimiterAndExplicitDateColumn();
    void missingMarkersAreConfigurable();
    void textColumnsAreSkipped();
    void rowsAreSortedByTime();
    void wideTableWithMonthNumbersAndFullNames();
    void badInput_data();
    void badInput();
    void missingFileNamesTheFile();

private:
    QString write(const QString &name, const QByteArray &content);
    QTemporaryDir m_dir;
};

namespace {
QDateTime utc(int y, int m, int d, int h = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, 0));
}
} // namespace

QString TestCsvSeriesReader::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

void TestCsvSeriesReader::co2Facts()
{
    const QString path = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    const TimeSeries series = CsvSeriesReader::read(path);
    // Expected values from python3's csv module: len(rows) == 2284; first/last row
    // 19580329,316.1 and 20011229,371.5; 59 rows with an empty co2 field; the 2225 values sum
    // to 756816.5.
    QCOMPARE(series.source, path);
    QCOMPARE(series.rowCount(), 2284);
    QCOMPARE(int(series.columns.size()), 1);
    const TimeSeriesColumn &co2 = series.column(QStringLiteral("co2"));
    QCOMPARE(co2.missingCount(), 59);
    QCOMPARE(series.times.front(), utc(1958, 3, 29));
    QCOMPARE(series.times.back(), utc(2001, 12, 29));
    QCOMPARE(co2.values.front(), 316.1);
    QCOMPARE(co2.values.back(), 371.5);
    // Row 6 (19580510) is the first empty field.
    QCOMPARE(series.times.at(6), utc(1958, 5, 10));
    QVERIFY(std::isnan(co2.values.at(6)));
    double sum = 0;
    for (double v : co2.values)
        if (!std::isnan(v))
            sum += v;
    QVERIFY(std::abs(sum - 756816.5) < 1e-6);
}

void TestCsvSeriesReader::elninoFacts()
{
    const TimeSeries series
        = CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/elnino/elnino.csv")));
    // python3 csv: 61 data rows (1950..2010) x 12 months, no missing cells; the 732 values sum
    // to 16903.8; 1950 JAN = 23.110, 1997 DEC = 27.080, 2010 DEC = 22.070.
    QCOMPARE(series.rowCount(), 61 * 12);
    QCOMPARE(int(series.columns.size()), 1);
    const TimeSeriesColumn &column = series.columns.front();
    QCOMPARE(column.name, QStringLiteral("elnino"));
    QCOMPARE(column.missingCount(), 0);
    QCOMPARE(series.times.front(), utc(1950, 1, 1));
    QCOMPARE(series.times.at(1), utc(1950, 2, 1));
    QCOMPARE(series.times.back(), utc(2010, 12, 1));
    QCOMPARE(column.values.front(), 23.11);
    QCOMPARE(column.values.back(), 22.07);
    QCOMPARE(column.values.at((1997 - 1950) * 12 + 11), 27.08);
    const double sum = std::accumulate(column.values.begin(), column.values.end(), 0.0);
    QVERIFY(std::abs(sum - 16903.8) < 1e-6);
}

void TestCsvSeriesReader::longFormWithSeveralColumns()
{
    const QString path = write(QStringLiteral("station.csv"),
                               "date,rain,temp\n"
                               "2020-01-01,1.5,20.25\n"
                               "2020-01-02,,21\n"
                               "2020-01-03,0,NA\n");
    const TimeSeries series = CsvSeriesReader::read(path);
    QCOMPARE(series.rowCount(), 3);
    QCOMPARE(series.columnIndex(QStringLiteral("rain")), 0);
    QCOMPARE(series.columnIndex(QStringLiteral("temp")), 1);
    QCOMPARE(series.times.at(2), utc(2020, 1, 3));
    QCOMPARE(series.column(QStringLiteral("rain")).values.at(0), 1.5);
    QVERIFY(std::isnan(series.column(QStringLiteral("rain")).values.at(1)));
    QCOMPARE(series.column(QStringLiteral("rain")).values.at(2), 0.0);
    QCOMPARE(series.column(QStringLiteral("temp")).values.at(1), 21.0);
    QVERIFY(std::isnan(series.column(QStringLiteral("temp")).values.at(2)));
}

void TestCsvSeriesReader::dateForms_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QDateTime>("second");
    QTest::newRow("iso with time") << QByteArray("time,v\n2020-03-01T00:00:00Z,1\n2020-03-01T06:00:00Z,2\n")
                                   << utc(2020, 3, 1, 6);
    QTest::newRow("yyyymmdd") << QByteArray("day,v\n20200301,1\n20200302,2\n") << utc(2020, 3, 2);
    QTest::newRow("year") << QByteArray("year,v\n1990,1\n1991,2\n") << utc(1991, 1, 1);
    QTest::newRow("year-month") << QByteArray("month,v\n1990-11,1\n1990-12,2\n") << utc(1990, 12, 1);
    QTest::newRow("quoted headers") << QByteArray(
        "\"Date\",\"Value\"\n\"2020-03-01\",\"1\"\n\"2020-03-08\",\"2\"\n")
                                    << utc(2020, 3, 8);
    QTest::newRow("comment lines and CRLF")
        << QByteArray("# exported 2020\r\nperiod,v\r\n2020-03-01,1\r\n\r\n2020-04-01,2\r\n")
        << utc(2020, 4, 1);
}

void TestCsvSeriesReader::dateForms()
{
    QFETCH(QByteArray, content);
    QFETCH(QDateTime, second);
    const TimeSeries series = CsvSeriesReader::read(write(QStringLiteral("form.csv"), content));
    QCOMPARE(series.rowCount(), 2);
    QCOMPARE(series.times.at(1), second);
    QCOMPARE(series.columns.front().values.at(1), 2.0);
}

void TestCsvSeriesReader::semicolonDelimiterAndDecimalComma()
{
    const TimeSeries series = CsvSeriesReader::read(
        write(QStringLiteral("semicolon.csv"),
              "Datum;Temperatur;Niederschlag\n2020-01-01;3,5;0\n2020-01-02;-1,25;2,0\n"));
    QCOMPARE(series.columnNames(), (QStringList { "Temperatur", "Niederschlag" }));
    QCOMPARE(series.column(QStringLiteral("Temperatur")).values, (std::vector<double> { 3.5, -1.25 }));
    QCOMPARE(series.column(QStringLiteral("Niederschlag")).values, (std::vector<double> { 0.0, 2.0 }));
}

void TestCsvSeriesReader::tabDelimiterAndExplicitDateColumn()
{
    // Both columns hold 4-digit numbers that parse as years: the option decides.
    const QString path = write(QStringLiteral("tab.tsv"), "count\tobserved\n1990\t2001\n1995\t2002\n");
    CsvSeriesOptions options;
    options.dateColumn = QStringLiteral("OBSERVED"); // case-insensitive
    options.dateFormat = DateFormat::Year;
    const TimeSeries series = CsvSeriesReader::read(path, options);
    QCOMPARE(series.times, (std::vector<QDateTime> { utc(2001, 1, 1), utc(2002, 1, 1) }));
    QCOMPARE(series.column(QStringLiteral("count")).values, (std::vector<double> { 1990, 1995 }));
}

void TestCsvSeriesReader::missingMarkersAreConfigurable()
{
    const QString path
        = write(QStringLiteral("markers.csv"),
                "date,v\n2020-01-01,-999\n2020-01-02,-999.0\n2020-01-03,NaN\n2020-01-04,x\n2020-01-05,4\n");
    CsvSeriesOptions options;
    options.missingMarkers = { QStringLiteral("x"), QStringLiteral("-999") };
    const std::vector<double> values = CsvSeriesReader::read(path, options).columns.front().values;
    // -999 matches as text, -999.0 numerically, NaN is never a value, x is the custom marker.
    QCOMPARE(int(values.size()), 5);
    for (int i = 0; i < 4; ++i)
        QVERIFY2(std::isnan(values[std::size_t(i)]), qPrintable(QString::number(i)));
    QCOMPARE(values[4], 4.0);

    // With the default markers "x" is not missing but garbage.
    QVERIFY_THROWS_EXCEPTION(DataError, CsvSeriesReader::read(path));
    // Without -999 among the markers it is a value.
    options.missingMarkers = { QStringLiteral("x") };
    QCOMPARE(CsvSeriesReader::read(path, options).columns.front().values.at(0), -999.0);
}

void TestCsvSeriesReader::textColumnsAreSkipped()
{
    const TimeSeries series = CsvSeriesReader::read(
        write(QStringLiteral("text.csv"), "station,date,level\nA7,2020-01-01,1.0\nA7,2020-01-02,2.0\n"));
    QCOMPARE(series.columnNames(), QStringList { "level" });
    QCOMPARE(series.rowCount(), 2);
}

void TestCsvSeriesReader::rowsAreSortedByTime()
{
    const TimeSeries series = CsvSeriesReader::read(
        write(QStringLiteral("unsorted.csv"), "date,v\n2020-01-03,3\n2020-01-01,1\n2020-01-02,2\n"));
    QCOMPARE(series.times, (std::vector<QDateTime> { utc(2020, 1, 1), utc(2020, 1, 2), utc(2020, 1, 3) }));
    QCOMPARE(series.columns.front().values, (std::vector<double> { 1, 2, 3 }));
}

void TestCsvSeriesReader::wideTableWithMonthNumbersAndFullNames()
{
    const TimeSeries numbered
        = CsvSeriesReader::read(write(QStringLiteral("rain.2.csv"),
                                      "yr,1,2,3,4,5,6,7,8,9,10,11,12\n2001,1,2,3,4,5,6,7,8,9,10,11,12\n2000,-"
                                      "1,-2,-3,-4,-5,-6,-7,-8,-9,-10,-11,NA\n"));
    QCOMPARE(numbered.columns.front().name, QStringLiteral("rain.2"));
    QCOMPARE(numbered.rowCount(), 24);
    QCOMPARE(numbered.times.front(), utc(2000, 1, 1)); // years sorted
    QCOMPARE(numbered.columns.front().values.front(), -1.0);
    QVERIFY(std::isnan(numbered.columns.front().values.at(11)));
    QCOMPARE(numbered.times.at(12 + 6), utc(2001, 7, 1));
    QCOMPARE(numbered.columns.front().values.at(12 + 6), 7.0);

    // Month columns in a shuffled order, full names, mixed case, an extra annual column ignored.
    const TimeSeries named
        = CsvSeriesReader::read(write(QStringLiteral("named.csv"),
                                      "Year,DECEMBER,january,February,March,April,May,June,July,August,"
                                      "September,October,November,Annual\n"
                                      "1999,12,1,2,3,4,5,6,7,8,9,10,11,78\n"));
    QCOMPARE(named.rowCount(), 12);
    for (int m = 0; m < 12; ++m) {
        QCOMPARE(named.times.at(std::size_t(m)), utc(1999, m + 1, 1));
        QCOMPARE(named.columns.front().values.at(std::size_t(m)), double(m + 1));
    }
}

void TestCsvSeriesReader::badInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("cause");
    QTest::newRow("no date column") << QByteArray("a,b\n1.5,2\n3,4\n")
                                    << "no column holds parsable dates (looked at: a, b)";
    QTest::newRow("garbled") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                             << "the file is binary, not delimited text";
    QTest::newRow("garbled text") << QByteArray("%%$$\n@@!!\n")
                                  << "no column holds parsable dates (looked at: %%$$)";
    QTest::newRow("empty") << QByteArray("\n \n") << "the file is empty";
    QTest::newRow("header only") << QByteArray("date,v\n") << "the file has a header but no data rows";
    QTest::newRow("bad date in a date column")
        << QByteArray("date,v\n2020-01-01,1\n2020-01-02,1\n2020-13-01,2\n")
        << "line 4: '2020-13-01' in column date is not a date in the format ISO (YYYY-MM-DD)";
    QTest::newRow("repeated date") << QByteArray("date,v\n2020-01-01,1\n2020-01-01,2\n")
                                   << "line 3 repeats the date 2020-01-01T00:00:00Z of line 2";
    QTest::newRow("field count") << QByteArray("date,v\n2020-01-01,1\n2020-01-02,2,3\n")
                                 << "line 3 has 3 fields, but the header has 2";
    QTest::newRow("garbage value") << QByteArray("date,v\n2020-01-01,1\n2020-01-02,abc\n")
                                   << "line 3, column v: 'abc' is neither a number nor a missing marker";
    QTest::newRow("unclosed quote") << QByteArray("date,v\n\"2020-01-01,1\n")
                                    << "line 2 opens a quote that is never closed";
    QTest::newRow("only text columns") << QByteArray("date,name\n2020-01-01,a\n2020-01-02,b\n")
                                       << "no numeric value column besides the date column date";
    QTest::newRow("bad year in wide table") << QByteArray(
        "YEAR,JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC\n19x0,1,2,3,4,5,6,7,8,9,10,11,12\n")
                                            << "line 2: '19x0' in column YEAR is not a year";
}

void TestCsvSeriesReader::badInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, cause);
    const QString path = write(QStringLiteral("bad.csv"), content);
    try {
        CsvSeriesReader::read(path);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.path(), path);
        QCOMPARE(error.cause(), cause);
    }
}

void TestCsvSeriesReader::missingFileNamesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.csv"));
    try {
        CsvSeriesReader::read(path);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.path(), path);
        QCOMPARE(error.cause(), QStringLiteral("file not found"));
    }

    // An explicit date column that does not exist or holds no dates.
    const QString file = write(QStringLiteral("explicit.csv"), "date,v\n2020-01-01,1\n");
    CsvSeriesOptions options;
    options.dateColumn = QStringLiteral("when");
    QVERIFY_THROWS_EXCEPTION(DataError, CsvSeriesReader::read(file, options));
    options.dateColumn = QStringLiteral("v");
    try {
        CsvSeriesReader::read(file, options);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.cause(), QStringLiteral("column v holds no parsable dates"));
    }
    options.dateColumn = QStringLiteral("date");
    options.dateFormat = DateFormat::YearMonthDayCompact;
    try {
        CsvSeriesReader::read(file, options);
        QFAIL("expected a DataError");
    } catch (const DataError &error) {
        QCOMPARE(error.cause(),
                 QStringLiteral("line 2: '2020-01-01' in column date is not a date in the format YYYYMMDD"));
    }
}

QTEST_GUILESS_MAIN(TestCsvSeriesReader)
#include "testcsvseriesreader.moc"
