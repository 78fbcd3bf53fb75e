#include "clirun.h"
#include "seriesanomalyfixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// deepterra-cli anomalies on a series-autoencoder run of a seasonal series with a level shift over
// known dates (seriesanomalyfixture.h): the printed periods include one over the shift and the CSV
// holds one score per step.
class TestCliAnomalies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsThePeriodOfTheShiftAndWritesTheScores();
    void missingColumnIsOneClearLine();
    void badUsageIsOneClearLine();

private:
    QTemporaryDir m_dir;
    QString m_run;
};

void TestCliAnomalies::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_run = test::trainSeriesAnomalyRun(m_dir.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
}

void TestCliAnomalies::printsThePeriodOfTheShiftAndWritesTheScores()
{
    const QString output = m_dir.filePath(QStringLiteral("scores.csv"));
    const test::CliResult result = test::runCli(
        m_dir.path(), { QStringLiteral("anomalies"), m_run, QStringLiteral("--output"), output });
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(QStringLiteral("start,end,steps,windows,peak_error")),
             qPrintable(result.out));
    bool overShift = false;
    for (const QString &line : result.out.split(QLatin1Char('\n'))) {
        const QStringList fields = line.split(QLatin1Char(','));
        if (fields.size() != 5 || fields.at(0) == QLatin1String("start"))
            continue;
        const QDate start = QDateTime::fromString(fields.at(0), Qt::ISODate).date();
        const QDate end = QDateTime::fromString(fields.at(1), Qt::ISODate).date();
        QVERIFY2(start.isValid() && end.isValid(), qPrintable(line));
        overShift = overShift
            || (end >= test::anomalySeriesDate(test::kAnomalyFirstRow)
                && start <= test::anomalySeriesDate(test::kAnomalyLastRow));
    }
    QVERIFY2(overShift, qPrintable(result.out));
    QFile csv(output);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), test::kAnomalySeriesRows + 1);
    QCOMPARE(lines.front(), QStringLiteral("time,value,score,anomalous"));
    QCOMPARE(lines.at(test::kAnomalyFirstRow + 10).split(QLatin1Char(',')).at(3), QStringLiteral("1"));
}

void TestCliAnomalies::missingColumnIsOneClearLine()
{
    const QString other = m_dir.filePath(QStringLiteral("other.csv"));
    QFile csv(other);
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Text));
    csv.write("date,discharge\n2000-01-01,1\n2000-01-02,2\n");
    csv.close();
    const test::CliResult result = test::runCli(
        m_dir.path(), { QStringLiteral("anomalies"), m_run, QStringLiteral("--series"), other });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(other) && result.err.contains(QStringLiteral("\"level\"")),
             qPrintable(result.err));
}

void TestCliAnomalies::badUsageIsOneClearLine()
{
    const test::CliResult result = test::runCli(m_dir.path(), { QStringLiteral("anomalies") });
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.startsWith(QStringLiteral("deepterra-cli anomalies: expected RUN")));
}

QTEST_GUILESS_MAIN(TestCliAnomalies)
#include "testclianomalies.moc"
