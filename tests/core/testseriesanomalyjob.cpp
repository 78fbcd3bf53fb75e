#include "common/dataerror.h"
#include "inference/seriesanomalyjob.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "seriesanomalyfixture.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

// The anomalous periods of a small dense autoencoder trained here on a seasonal series with a level
// shift over known dates (tests/support/seriesanomalyfixture.h).
class TestSeriesAnomalyJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsTheInjectedShiftAndLittleElse();
    void errorsAreInTheThresholdsUnits();
    void scoresEveryStepAndWritesTheCsv();
    void anotherSeriesWithoutTheShiftHasNoPeriodThere();
    void missingColumnNamesTheFile();
    void runOfAnotherTaskIsRefused();

private:
    SeriesAnomalies detect(const QString &series = QString(), const QString &output = QString());

    QTemporaryDir m_dir;
    QString m_run;
    SeriesAnomalies m_result;
};

SeriesAnomalies TestSeriesAnomalyJob::detect(const QString &series, const QString &output)
{
    SeriesAnomalyJob job({ m_run, series, QString(), output });
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (!result.succeeded())
        throw DataError(m_run, result.error);
    return job.result();
}

void TestSeriesAnomalyJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_run = test::trainSeriesAnomalyRun(m_dir.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
    m_result = detect();
}

void TestSeriesAnomalyJob::findsTheInjectedShiftAndLittleElse()
{
    const SeriesAnomalies &r = m_result;
    QString periods;
    for (const SeriesAnomalyPeriod &p : r.periods)
        periods += QStringLiteral("%1..%2 (peak %3, %4 windows) ")
                       .arg(p.firstRow)
                       .arg(p.lastRow)
                       .arg(p.peakError)
                       .arg(p.windows);
    qInfo("threshold %g, periods: %s", r.threshold, qPrintable(periods));
    // One period overlaps the shift, dated as the series is.
    const SeriesAnomalyPeriod *hit = nullptr;
    for (const SeriesAnomalyPeriod &p : r.periods)
        if (p.lastRow >= test::kAnomalyFirstRow && p.firstRow <= test::kAnomalyLastRow)
            hit = &p;
    QVERIFY2(hit, qPrintable(periods));
    QCOMPARE(hit->start.date(), test::anomalySeriesDate(hit->firstRow));
    QCOMPARE(hit->end.date(), test::anomalySeriesDate(hit->lastRow));
    QVERIFY(hit->peakError > r.threshold);
    QVERIFY(hit->windows >= 1);
    // Most of the shift is flagged, and most flagged steps lie within it.
    int inside = 0;
    int flagged = 0;
    for (int row = 0; row < int(r.times.size()); ++row) {
        if (!r.isAnomalous(row))
            continue;
        ++flagged;
        inside += row >= test::kAnomalyFirstRow && row <= test::kAnomalyLastRow ? 1 : 0;
    }
    const int shiftRows = test::kAnomalyLastRow - test::kAnomalyFirstRow + 1;
    QVERIFY2(inside >= shiftRows / 2,
             qPrintable(QStringLiteral("%1 of %2 shifted steps").arg(inside).arg(shiftRows)));
    QVERIFY2(inside >= 0.8 * flagged,
             qPrintable(QStringLiteral("%1 of %2 flagged steps inside").arg(inside).arg(flagged)));
    QCOMPARE(flagged, r.anomalousSteps());
}

void TestSeriesAnomalyJob::errorsAreInTheThresholdsUnits()
{
    // The windows validation scored are the last fifth: at the 99th percentile of their errors, at
    // most a few of them lie above the run's threshold, as metrics.json counted.
    const SeriesAnomalies &r = m_result;
    QFile file(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject reconstruction = QJsonDocument::fromJson(file.readAll())
                                           .object()
                                           .value(QStringLiteral("details"))
                                           .toObject()
                                           .value(QStringLiteral("reconstruction"))
                                           .toObject();
    QCOMPARE(r.threshold, reconstruction.value(QStringLiteral("threshold")).toDouble());
    const int validation = int(reconstruction.value(QStringLiteral("count")).toDouble());
    QVERIFY(validation > 50);
    std::vector<double> last(r.windowErrors.end() - validation, r.windowErrors.end());
    double mean = 0.0;
    int above = 0;
    for (double e : last) {
        mean += e / double(validation);
        above += e > r.threshold ? 1 : 0;
    }
    QVERIFY2(std::abs(mean - reconstruction.value(QStringLiteral("mean")).toDouble()) < 1e-5 * (1.0 + mean),
             qPrintable(QStringLiteral("%1 vs %2")
                            .arg(mean)
                            .arg(reconstruction.value(QStringLiteral("mean")).toDouble())));
    QCOMPARE(
        above,
        int(std::llround(reconstruction.value(QStringLiteral("anomalyFraction")).toDouble() * validation)));
}

void TestSeriesAnomalyJob::scoresEveryStepAndWritesTheCsv()
{
    const QString output = m_dir.filePath(QStringLiteral("scores.csv"));
    const SeriesAnomalies r = detect(QString(), output);
    QCOMPARE(int(r.times.size()), test::kAnomalySeriesRows);
    QCOMPARE(int(r.windowErrors.size()), test::kAnomalySeriesRows - test::kAnomalyLookback + 1);
    for (double score : r.scores)
        QVERIFY(std::isfinite(score) && score >= 0.0);
    QFile csv(output);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), test::kAnomalySeriesRows + 1);
    QCOMPARE(lines.front(), QStringLiteral("time,value,score,anomalous"));
    const int row = (test::kAnomalyFirstRow + test::kAnomalyLastRow) / 2;
    const QStringList fields = lines.at(row + 1).split(QLatin1Char(','));
    QCOMPARE(fields.size(), 4);
    QCOMPARE(QDateTime::fromString(fields.at(0), Qt::ISODate).date(), test::anomalySeriesDate(row));
    QVERIFY(std::abs(fields.at(2).toDouble() - r.scores[std::size_t(row)])
            < 1e-6 * r.scores[std::size_t(row)]);
    QCOMPARE(fields.at(3), r.isAnomalous(row) ? QStringLiteral("1") : QStringLiteral("0"));
}

void TestSeriesAnomalyJob::anotherSeriesWithoutTheShiftHasNoPeriodThere()
{
    const QString clean = m_dir.filePath(QStringLiteral("clean.csv"));
    QVERIFY(test::writeAnomalySeries(clean, 0.0));
    const SeriesAnomalies r = detect(clean);
    QCOMPARE(r.source, clean);
    for (int row = test::kAnomalyFirstRow; row <= test::kAnomalyLastRow; ++row)
        QVERIFY2(!r.isAnomalous(row), qPrintable(QString::number(row)));
    QVERIFY(r.anomalousSteps() < test::kAnomalySeriesRows / 20);
}

void TestSeriesAnomalyJob::missingColumnNamesTheFile()
{
    const QString other = m_dir.filePath(QStringLiteral("other.csv"));
    QFile csv(other);
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Text));
    csv.write("date,discharge\n2000-01-01,1\n2000-01-02,2\n");
    csv.close();
    try {
        detect(other);
        QFAIL("a series without the run's column was scored");
    } catch (const DataError &e) {
        QVERIFY2(e.message().contains(other) && e.message().contains(QStringLiteral("\"level\"")),
                 qPrintable(e.message()));
    }
}

void TestSeriesAnomalyJob::runOfAnotherTaskIsRefused()
{
    QString error;
    const QString forecaster = test::trainSignalNoiseForecastRun(m_dir.path(), &error);
    QVERIFY2(!forecaster.isEmpty(), qPrintable(error));
    SeriesAnomalyJob job({ forecaster, QString(), QString(), QString() });
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QCOMPARE(result.status, JobResult::Status::Failed);
    QVERIFY2(result.error.contains(forecaster) && result.error.contains(QStringLiteral("forecasting run")),
             qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestSeriesAnomalyJob)
#include "testseriesanomalyjob.moc"
