// Permutation importance on runs whose answer is known by construction (importancerunfixture.h):
// the band that decides the class, and the variable the target follows one step later, must rank
// first with a clearly bigger drop than the noise beside them.

#include "common/dataerror.h"
#include "importancerunfixture.h"
#include "inference/permutationimportancejob.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

namespace {

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString describe(const std::vector<InputImportance> &entries)
{
    QStringList parts;
    for (const InputImportance &e : entries)
        parts << QStringLiteral("%1 %2 ±%3").arg(e.name).arg(e.drop).arg(e.spread);
    return parts.join(QStringLiteral(", "));
}

} // namespace

class TestPermutationImportanceJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signalBandRanksFirst();
    void blockIsWrittenBesideTheOtherMetrics();
    void sameSeedSameImportances();
    void forecasterRanksTheSignalVariableAndItsLag();
    void cancelLeavesMetricsUntouched();
    void notARunIsAClearError();

private:
    PermutationImportance run(const QString &runFolder, int repeats, bool write);

    QTemporaryDir m_dir;
    QString m_classRun;
    QString m_forecastRun;
    QStringList m_classChannels;
};

PermutationImportance TestPermutationImportanceJob::run(const QString &runFolder, int repeats, bool write)
{
    PermutationImportanceRequest request;
    request.runFolder = runFolder;
    request.repeats = repeats;
    request.writeToMetrics = write;
    PermutationImportanceJob job(request);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (!result.succeeded())
        qWarning("%s", qPrintable(result.error));
    return job.result();
}

void TestPermutationImportanceJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_classRun = test::trainSignalNoiseClassRun(m_dir.path(), &error);
    QVERIFY2(!m_classRun.isEmpty(), qPrintable(error));
    const QJsonArray channels = readJson(QDir(m_classRun).filePath(QStringLiteral("config.json")))
                                    .value(QStringLiteral("inputChannels"))
                                    .toArray();
    for (const QJsonValue &c : channels)
        m_classChannels << c.toString();
    QCOMPARE(m_classChannels.size(), 2);
}

void TestPermutationImportanceJob::signalBandRanksFirst()
{
    const PermutationImportance result = run(m_classRun, 5, false);
    qInfo("baseline %g: %s", result.baseline, qPrintable(describe(result.inputs)));
    QCOMPARE(result.metric, QStringLiteral("val_accuracy"));
    QCOMPARE(result.repeats, 5);
    QVERIFY2(result.baseline > 0.8, qPrintable(QStringLiteral("baseline accuracy %1").arg(result.baseline)));
    QCOMPARE(int(result.inputs.size()), 2);
    QVERIFY(result.lags.empty());
    const InputImportance &first = result.inputs.at(0);
    const InputImportance &second = result.inputs.at(1);
    QVERIFY2(first.name == m_classChannels.at(0), qPrintable(describe(result.inputs)));
    QCOMPARE(second.name, m_classChannels.at(1));
    // Shuffling the signal band between patches leaves about chance (0.5) accuracy; the noise band
    // costs next to nothing.
    QVERIFY2(first.drop > 0.2, qPrintable(describe(result.inputs)));
    QVERIFY2(first.drop > second.drop + 0.15, qPrintable(describe(result.inputs)));
    QVERIFY2(std::abs(second.drop) < 0.1, qPrintable(describe(result.inputs)));
    QVERIFY(first.spread >= 0.0 && std::isfinite(first.spread));
}

void TestPermutationImportanceJob::blockIsWrittenBesideTheOtherMetrics()
{
    const QString path = QDir(m_classRun).filePath(QStringLiteral("metrics.json"));
    const QJsonObject before = readJson(path);
    QVERIFY(!before.isEmpty());
    const PermutationImportance result = run(m_classRun, 3, true);
    const QJsonObject after = readJson(path);
    for (auto it = before.begin(); it != before.end(); ++it)
        if (it.key() != QLatin1String(PermutationImportance::kMetricsKey))
            QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key()));
    const QJsonObject block = after.value(QStringLiteral("permutation_importance")).toObject();
    QCOMPARE(block.value(QStringLiteral("metric")).toString(), QStringLiteral("val_accuracy"));
    QCOMPARE(block.value(QStringLiteral("repeats")).toInt(), 3);
    QCOMPARE(block.value(QStringLiteral("baseline")).toDouble(), result.baseline);
    const QJsonArray inputs = block.value(QStringLiteral("inputs")).toArray();
    QCOMPARE(inputs.size(), 2);
    QCOMPARE(inputs.at(0).toObject().value(QStringLiteral("name")).toString(), m_classChannels.at(0));
    QCOMPARE(inputs.at(0).toObject().value(QStringLiteral("drop")).toDouble(), result.inputs.at(0).drop);
    QCOMPARE(inputs.at(0).toObject().value(QStringLiteral("std")).toDouble(), result.inputs.at(0).spread);

    // Read back as the app reads it; a second run replaces the block instead of adding one.
    const std::optional<PermutationImportance> read = PermutationImportance::readFromRun(m_classRun);
    QVERIFY(read.has_value());
    QCOMPARE(read->inputs.at(0).name, m_classChannels.at(0));
    run(m_classRun, 2, true);
    QCOMPARE(readJson(path)
                 .value(QStringLiteral("permutation_importance"))
                 .toObject()
                 .value(QStringLiteral("repeats"))
                 .toInt(),
             2);
    QCOMPARE(readJson(path).keys(), after.keys());
}

void TestPermutationImportanceJob::sameSeedSameImportances()
{
    const PermutationImportance a = run(m_classRun, 2, false);
    const PermutationImportance b = run(m_classRun, 2, false);
    QCOMPARE(int(a.inputs.size()), int(b.inputs.size()));
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
        QCOMPARE(a.inputs[i].name, b.inputs[i].name);
        QCOMPARE(a.inputs[i].drop, b.inputs[i].drop);
    }
}

void TestPermutationImportanceJob::forecasterRanksTheSignalVariableAndItsLag()
{
    QString error;
    m_forecastRun = test::trainSignalNoiseForecastRun(m_dir.path(), &error);
    QVERIFY2(!m_forecastRun.isEmpty(), qPrintable(error));
    const PermutationImportance result = run(m_forecastRun, 3, true);
    qInfo("baseline %g: %s; %s", result.baseline, qPrintable(describe(result.inputs)),
          qPrintable(describe(result.lags)));
    QCOMPARE(result.metric, QStringLiteral("val_rmse"));
    QCOMPARE(int(result.inputs.size()), 2);
    QVERIFY2(result.inputs.at(0).name == QLatin1String("signal"), qPrintable(describe(result.inputs)));
    // RMSE rises (drop = permuted - baseline) by about the signal's spread (1) when it is shuffled.
    QVERIFY2(result.inputs.at(0).drop > 0.3, qPrintable(describe(result.inputs)));
    QVERIFY2(result.inputs.at(0).drop > result.inputs.at(1).drop + 0.2, qPrintable(describe(result.inputs)));
    // y(t+1) = signal(t): the window's last step, lag 1, carries it.
    QCOMPARE(int(result.lags.size()), 4);
    QVERIFY2(result.lags.at(0).name == QLatin1String("lag 1"), qPrintable(describe(result.lags)));
    QVERIFY2(result.lags.at(0).drop > result.lags.at(1).drop + 0.2, qPrintable(describe(result.lags)));
    const QJsonObject block = readJson(QDir(m_forecastRun).filePath(QStringLiteral("metrics.json")))
                                  .value(QStringLiteral("permutation_importance"))
                                  .toObject();
    QCOMPARE(block.value(QStringLiteral("lags")).toArray().size(), 4);
}

void TestPermutationImportanceJob::cancelLeavesMetricsUntouched()
{
    const QString path = QDir(m_classRun).filePath(QStringLiteral("metrics.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    PermutationImportanceRequest request;
    request.runFolder = m_classRun;
    request.repeats = 50;
    PermutationImportanceJob job(request);
    Feedback feedback;
    // Cancel as soon as the first evaluation is reported: the job stops within one batch.
    connect(
        &feedback, &Feedback::progressChanged, &feedback, [&feedback] { feedback.cancel(); },
        Qt::DirectConnection);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QCOMPARE(result.status, JobResult::Status::Canceled);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestPermutationImportanceJob::notARunIsAClearError()
{
    PermutationImportanceRequest request;
    request.runFolder = m_dir.filePath(QStringLiteral("nothing-here"));
    PermutationImportanceJob job(request);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QCOMPARE(result.status, JobResult::Status::Failed);
    QVERIFY2(result.error.contains(QStringLiteral("nothing-here")), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestPermutationImportanceJob)
#include "testpermutationimportancejob.moc"
