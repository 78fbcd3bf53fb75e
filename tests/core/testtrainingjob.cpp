#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "project/projectfile.h"
#include "render/classpolygonreader.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <thread>

using namespace deepterra;

// Real, seeded, short runs on the real samples through the same job the CLI and the GUI run.
class TestTrainingJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unetOnTheOlindaDemoBeatsChance();
    void lstmOnCo2BeatsPersistence();
    void testSplitNeverReachesTraining();
    void autoencoderReconstructsElNinoWindows();
    void seedCnnTrainsOnPatches();
    void runFolderHoldsEverything();
    void resumeContinuesTheRun();
    void badProjectsAreClearErrors();

private:
    QString writeProject(const QString &name, const QJsonObject &sections, const QJsonArray &layers);
    TrainingOutcome train(const QString &project, const QString &out, std::optional<int> epochs = {});
    QTemporaryDir m_dir;
};

QString TestTrainingJob::writeProject(const QString &name, const QJsonObject &sections,
                                      const QJsonArray &layers)
{
    QJsonObject json = sections;
    json.insert(QStringLiteral("format"), QStringLiteral("deepterra-project"));
    json.insert(QStringLiteral("version"), 1);
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("layers"), layers);
    const QString path = m_dir.filePath(name + QStringLiteral(".deepterra"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(QJsonDocument(json).toJson());
    return path;
}

TrainingOutcome TestTrainingJob::train(const QString &project, const QString &out, std::optional<int> epochs)
{
    TrainingRequest request;
    request.projectPath = project;
    request.outputFolder = out;
    request.epochs = epochs;
    request.threads = 2;
    TrainingJob job(request);
    // As the app runs it: on a worker thread, with a feedback that hands its reports to this
    // thread's event loop (which does not run until the job is over).
    Feedback feedback;
    feedback.deliverOnOwnerThread();
    JobResult result;
    std::thread worker([&] { result = JobRunner::runBlocking(job, feedback); });
    worker.join();
    if (!result.succeeded())
        qWarning("training failed: %s", qPrintable(result.error));
    return job.outcome();
}

namespace {

QJsonObject layer(const QString &id, const QString &kind, const QString &path, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("id"), id);
    extra.insert(QStringLiteral("kind"), kind);
    extra.insert(QStringLiteral("path"), path);
    return extra;
}

QJsonArray olindaLayers()
{
    return { layer(QStringLiteral("landsat"), QStringLiteral("imagery"),
                   test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))),
             layer(QStringLiteral("training"), QStringLiteral("vector-labels"),
                   QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
                   { { QStringLiteral("classField"), QStringLiteral("landcover") } }) };
}

QJsonObject trainingSection(int epochs, int batch, double lr)
{
    return { { QStringLiteral("epochs"), epochs },
             { QStringLiteral("batchSize"), batch },
             { QStringLiteral("learningRate"), lr },
             { QStringLiteral("seed"), 7 },
             { QStringLiteral("device"), QStringLiteral("cpu") } };
}

} // namespace

void TestTrainingJob::unetOnTheOlindaDemoBeatsChance()
{
    const QJsonObject sections { { QStringLiteral("task"),
                                   QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                                                 { QStringLiteral("image"), QStringLiteral("landsat") },
                                                 { QStringLiteral("labels"), QStringLiteral("training") },
                                                 { QStringLiteral("patchSize"), 32 },
                                                 { QStringLiteral("stride"), 16 } } },
                                 { QStringLiteral("model"),
                                   QJsonObject {
                                       { QStringLiteral("preset"), QStringLiteral("unet-small") } } },
                                 { QStringLiteral("training"), trainingSection(8, 16, 3e-3) } };
    const TrainingOutcome outcome = train(writeProject(QStringLiteral("unet"), sections, olindaLayers()),
                                          m_dir.filePath(QStringLiteral("unet-run")));
    QCOMPARE(outcome.epochsCompleted, 8);
    // Chance for these four classes: about 0.15 mean IoU (always "water") and kappa 0.
    const double iou = outcome.bestMetrics.value(QStringLiteral("val_mean_iou"));
    const double kappa = outcome.bestMetrics.value(QStringLiteral("val_kappa"));
    QVERIFY2(iou > 0.45, qPrintable(QStringLiteral("mean IoU %1").arg(iou)));
    QVERIFY2(kappa > 0.6, qPrintable(QStringLiteral("kappa %1").arg(kappa)));
}

void TestTrainingJob::lstmOnCo2BeatsPersistence()
{
    const QJsonObject sections { { QStringLiteral("task"),
                                   QJsonObject {
                                       { QStringLiteral("type"), QStringLiteral("forecasting") },
                                       { QStringLiteral("series"), QStringLiteral("co2") },
                                       { QStringLiteral("targets"), QJsonArray { QStringLiteral("co2") } },
                                       { QStringLiteral("lookback"), 26 },
                                       { QStringLiteral("horizon"), 4 } } },
                                 { QStringLiteral("model"),
                                   QJsonObject { { QStringLiteral("type"), QStringLiteral("recurrent") },
                                                 { QStringLiteral("cell"), QStringLiteral("lstm") },
                                                 { QStringLiteral("hiddenSize"), 32 },
                                                 { QStringLiteral("layers"), 1 } } },
                                 { QStringLiteral("training"), trainingSection(6, 64, 3e-3) } };
    const QJsonArray layers { layer(QStringLiteral("co2"), QStringLiteral("series"),
                                    test::samplePath(QStringLiteral("datasets/co2/co2.csv"))) };
    const TrainingOutcome outcome = train(writeProject(QStringLiteral("co2"), sections, layers),
                                          m_dir.filePath(QStringLiteral("co2-run")));
    const double rmse = outcome.bestMetrics.value(QStringLiteral("val_rmse"));
    const double persistence = outcome.bestMetrics.value(QStringLiteral("val_persistence_rmse"));
    QVERIFY2(rmse < persistence,
             qPrintable(QStringLiteral("RMSE %1 ppm vs persistence %2 ppm").arg(rmse).arg(persistence)));
    QVERIFY(outcome.bestMetrics.value(QStringLiteral("val_skill_persistence")) > 0.0);
    const QJsonObject forecast = outcome.bestDetails.value(QStringLiteral("forecast")).toObject();
    QVERIFY(forecast.contains(QStringLiteral("co2")));

    // The statistical baselines reach the run's metrics.json: weekly data, so a 52-week seasonal
    // naive forecast, and an AR model fitted on the training years.
    QFile file(m_dir.filePath(QStringLiteral("co2-run/metrics.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject metrics = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject best = metrics.value(QStringLiteral("metrics")).toObject();
    for (const char *key : { "val_skill_seasonal_naive", "val_skill_autoregressive" })
        QVERIFY2(best.value(QLatin1String(key)).isDouble()
                     && std::isfinite(best.value(QLatin1String(key)).toDouble()),
                 key);
    const QJsonObject co2 = metrics.value(QStringLiteral("details"))
                                .toObject()
                                .value(QStringLiteral("forecast"))
                                .toObject()
                                .value(QStringLiteral("co2"))
                                .toObject();
    QCOMPARE(co2.value(QStringLiteral("seasonLength")).toInt(), 52);
    for (const char *key : { "skillVsSeasonalNaive", "skillVsAutoregressive" })
        QVERIFY2(co2.value(QLatin1String(key)).isDouble(), key);
    for (const char *key : { "seasonalNaive", "autoregressive" }) {
        const QJsonObject scores = co2.value(QLatin1String(key)).toObject();
        QVERIFY2(scores.value(QStringLiteral("rmse")).toDouble() > 0.0, key);
        QCOMPARE(scores.value(QStringLiteral("count")).toInteger(),
                 co2.value(QStringLiteral("model")).toObject().value(QStringLiteral("count")).toInteger());
    }
    const QJsonObject ar = co2.value(QStringLiteral("autoregressiveModel")).toObject();
    const int order = ar.value(QStringLiteral("order")).toInt();
    qInfo("co2: AR(%d), skill vs AR %.3f, vs seasonal naive %.3f", order,
          co2.value(QStringLiteral("skillVsAutoregressive")).toDouble(),
          co2.value(QStringLiteral("skillVsSeasonalNaive")).toDouble());
    QVERIFY(order >= 1 && order <= ar.value(QStringLiteral("maxOrder")).toInt());
    QCOMPARE(ar.value(QStringLiteral("coefficients")).toArray().size(), order);
    for (const QJsonValue &phi : ar.value(QStringLiteral("coefficients")).toArray())
        QVERIFY(phi.isDouble() && std::isfinite(phi.toDouble()));
    QVERIFY(ar.value(QStringLiteral("intercept")).isDouble());
}

void TestTrainingJob::testSplitNeverReachesTraining()
{
    // A daily series; the same run twice, the second with every value of the test period changed.
    // If no test value reached training, early stopping or the choice of the best epoch, the two
    // runs are the same bit for bit, and only their test figures differ.
    const auto writeSeries = [this](const QString &name, const QDate &changedFrom) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write("date,level\n");
        const QDate first(2000, 1, 1);
        for (int day = 0; day < 420; ++day) {
            const QDate date = first.addDays(day);
            // A 30-day cycle and a deterministic jitter (a hash of the day), so that no baseline is exact.
            const double jitter = double((day * 2654435761u) % 1000u) / 1000.0 - 0.5;
            double level = 10.0 + 5.0 * std::sin(2.0 * M_PI * day / 30.0) + jitter;
            if (changedFrom.isValid() && date >= changedFrom)
                level += 40.0;
            file.write(
                QStringLiteral("%1,%2\n").arg(date.toString(Qt::ISODate)).arg(level, 0, 'f', 6).toUtf8());
        }
        return path;
    };
    const auto project = [&](const QString &name, const QString &csv) {
        const QJsonObject sections { { QStringLiteral("task"),
                                       QJsonObject {
                                           { QStringLiteral("type"), QStringLiteral("forecasting") },
                                           { QStringLiteral("series"), QStringLiteral("level") },
                                           { QStringLiteral("lookback"), 12 },
                                           { QStringLiteral("horizon"), 2 },
                                           { QStringLiteral("split"),
                                             QJsonObject { { QStringLiteral("validationFraction"), 0.2 },
                                                           { QStringLiteral("testFraction"), 0.2 } } } } },
                                     { QStringLiteral("model"),
                                       QJsonObject { { QStringLiteral("type"), QStringLiteral("recurrent") },
                                                     { QStringLiteral("cell"), QStringLiteral("lstm") },
                                                     { QStringLiteral("hiddenSize"), 8 },
                                                     { QStringLiteral("layers"), 1 } } },
                                     { QStringLiteral("training"), trainingSection(3, 32, 1e-2) } };
        return writeProject(name, sections,
                            { layer(QStringLiteral("level"), QStringLiteral("series"), csv) });
    };
    const QString runA = m_dir.filePath(QStringLiteral("test-split-a"));
    const TrainingOutcome a
        = train(project(QStringLiteral("level-a"), writeSeries(QStringLiteral("level-a.csv"), {})), runA);
    QCOMPARE(a.epochsCompleted, 3);
    QVERIFY(a.testMetrics.contains(QStringLiteral("test_rmse")));
    QVERIFY(!a.bestMetrics.contains(QStringLiteral("test_rmse")));

    QFile metricsFile(runA + QStringLiteral("/metrics.json"));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const QJsonObject metrics = QJsonDocument::fromJson(metricsFile.readAll()).object();
    const QJsonObject test = metrics.value(QStringLiteral("test")).toObject();
    QCOMPARE(test.value(QStringLiteral("evaluatedAtEpoch")).toInt(), a.bestEpoch);
    QVERIFY(test.value(QStringLiteral("examples")).toInt() > 0);
    QCOMPARE(test.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("test_rmse")).toDouble(),
             a.testMetrics.value(QStringLiteral("test_rmse")));
    QVERIFY(test.value(QStringLiteral("details")).toObject().contains(QStringLiteral("forecast")));
    QVERIFY(!metrics.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test_rmse")));

    // The test period's first target day, from the run's data summary.
    QFile configFile(runA + QStringLiteral("/config.json"));
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    const QString configText = QString::fromUtf8(configFile.readAll());
    const QJsonObject data
        = QJsonDocument::fromJson(configText.toUtf8()).object().value(QStringLiteral("data")).toObject();
    const QDate testStart = QDate::fromString(
        data.value(QStringLiteral("testPeriod")).toArray().at(0).toString().left(10), Qt::ISODate);
    QVERIFY2(testStart.isValid(), qPrintable(configText.left(2000)));

    const TrainingOutcome b
        = train(project(QStringLiteral("level-b"), writeSeries(QStringLiteral("level-b.csv"), testStart)),
                m_dir.filePath(QStringLiteral("test-split-b")));
    QCOMPARE(b.finalWeightsDigest, a.finalWeightsDigest);
    QCOMPARE(b.bestEpoch, a.bestEpoch);
    QCOMPARE(b.history.size(), a.history.size());
    // Bit for bit, NaN included (a score without values to define it).
    const auto same = [](const QMap<QString, double> &x, const QMap<QString, double> &y) {
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.cbegin(); it != x.cend(); ++it)
            if (!(it.value() == y.value(it.key())
                  || (std::isnan(it.value()) && std::isnan(y.value(it.key())))))
                return false;
        return true;
    };
    for (std::size_t e = 0; e < a.history.size(); ++e)
        QVERIFY2(same(b.history[e].metrics, a.history[e].metrics), qPrintable(QString::number(e + 1)));
    QVERIFY(same(b.bestMetrics, a.bestMetrics));
    // 40 units off (in inputs and targets alike): the test figures see it.
    const double before = a.testMetrics.value(QStringLiteral("test_rmse"));
    const double after = b.testMetrics.value(QStringLiteral("test_rmse"));
    QVERIFY2(after > 2.0 * before, qPrintable(QStringLiteral("%1 against %2").arg(after).arg(before)));
}

void TestTrainingJob::autoencoderReconstructsElNinoWindows()
{
    const QJsonObject sections {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("series-autoencoder") },
                        { QStringLiteral("series"), QStringLiteral("elnino") },
                        { QStringLiteral("lookback"), 24 } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("dense-autoencoder") },
                        { QStringLiteral("encoderLayers"), QJsonArray { 16 } },
                        { QStringLiteral("latent"), 4 },
                        { QStringLiteral("output"), QStringLiteral("linear") } } },
        { QStringLiteral("training"),
          [] {
              QJsonObject t = trainingSection(40, 16, 3e-3);
              t.insert(QStringLiteral("loss"), QStringLiteral("mse"));
              return t;
          }() }
    };
    const QJsonArray layers { layer(QStringLiteral("elnino"), QStringLiteral("series"),
                                    test::samplePath(QStringLiteral("datasets/elnino/elnino.csv"))) };
    const TrainingOutcome outcome = train(writeProject(QStringLiteral("elnino"), sections, layers),
                                          m_dir.filePath(QStringLiteral("ae-run")));
    QVERIFY(!outcome.history.empty());
    const double first = outcome.history.front().validationLoss;
    const double best = outcome.bestMetrics.value(QStringLiteral("val_loss"));
    // Inputs are standardised (variance 1): a useful reconstruction explains most of it.
    QVERIFY2(best < 0.25 && best < 0.5 * first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(best)));
    const QJsonObject reconstruction = outcome.bestDetails.value(QStringLiteral("reconstruction")).toObject();
    QVERIFY(reconstruction.value(QStringLiteral("threshold")).toDouble() > 0.0);
}

void TestTrainingJob::seedCnnTrainsOnPatches()
{
    const QJsonObject sections {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("patch-classification") },
                        { QStringLiteral("image"), QStringLiteral("landsat") },
                        { QStringLiteral("bands"), QJsonArray { 3, 2, 1 } },
                        { QStringLiteral("labels"), QStringLiteral("training") },
                        { QStringLiteral("patchSize"), 32 },
                        { QStringLiteral("stride"), 16 },
                        // A handful of polygons: spatial blocks would leave whole classes out of
                        // one side; this test is about the CNN learning, not generalising.
                        { QStringLiteral("split"),
                          QJsonObject { { QStringLiteral("method"), QStringLiteral("random") } } } } },
        { QStringLiteral("model"), QJsonObject { { QStringLiteral("preset"), QStringLiteral("seed-cnn") } } },
        { QStringLiteral("training"), trainingSection(6, 16, 1e-3) }
    };
    const TrainingOutcome outcome = train(writeProject(QStringLiteral("cnn"), sections, olindaLayers()),
                                          m_dir.filePath(QStringLiteral("cnn-run")));
    QCOMPARE(outcome.epochsCompleted, 6);
    QCOMPARE(outcome.model.as<CnnSpec>().blocks.size(),
             std::size_t(3)); // seed-cnn's blocks, on 32x32x3 patches
    QVERIFY(outcome.history.back().trainLoss < 0.5 * outcome.history.front().trainLoss);
    QVERIFY2(outcome.bestMetrics.value(QStringLiteral("val_accuracy")) > 0.7,
             qPrintable(QString::number(outcome.bestMetrics.value(QStringLiteral("val_accuracy")))));
}

void TestTrainingJob::runFolderHoldsEverything()
{
    const QString run = m_dir.filePath(QStringLiteral("unet-run"));
    QVERIFY2(QFile::exists(run + QStringLiteral("/config.json")), "run unetOnTheOlindaDemoBeatsChance first");
    QFile history(run + QStringLiteral("/history.csv"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = history.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 9); // header + 8 epochs
    QVERIFY(lines.first().startsWith("epoch,train_loss,val_loss,"));
    QVERIFY(lines.first().contains("val_mean_iou"));

    QFile metricsFile(run + QStringLiteral("/metrics.json"));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const QJsonObject metrics = QJsonDocument::fromJson(metricsFile.readAll()).object();
    QCOMPARE(metrics.value(QStringLiteral("stop")).toString(), QStringLiteral("completed"));
    const QJsonArray classes = metrics.value(QStringLiteral("details"))
                                   .toObject()
                                   .value(QStringLiteral("classification"))
                                   .toObject()
                                   .value(QStringLiteral("classes"))
                                   .toArray();
    QCOMPARE(classes.size(), 4);
    // The calibration of the same epoch counts every validation pixel the confusion matrix does.
    const QJsonObject details = metrics.value(QStringLiteral("details")).toObject();
    qint64 matrixTotal = 0;
    for (const QJsonValue &row : details.value(QStringLiteral("classification"))
                                     .toObject()
                                     .value(QStringLiteral("confusionMatrix"))
                                     .toArray())
        for (const QJsonValue &count : row.toArray())
            matrixTotal += qint64(count.toDouble());
    const QJsonObject calibration = details.value(QStringLiteral("calibration")).toObject();
    qint64 binTotal = 0;
    for (const QJsonValue &bin : calibration.value(QStringLiteral("bins")).toArray())
        binTotal += qint64(bin.toObject().value(QStringLiteral("count")).toDouble());
    QVERIFY(matrixTotal > 0);
    QCOMPARE(binTotal, matrixTotal);
    QCOMPARE(calibration.value(QStringLiteral("bins")).toArray().size(), 15);
    const double ece = calibration.value(QStringLiteral("ece")).toDouble(-1.0);
    QVERIFY2(ece >= 0.0 && ece <= 1.0, qPrintable(QString::number(ece)));

    QFile configFile(run + QStringLiteral("/config.json"));
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
    QCOMPARE(config.value(QStringLiteral("trainedModel"))
                 .toObject()
                 .value(QStringLiteral("inputChannels"))
                 .toInt(),
             6);
    QCOMPARE(config.value(QStringLiteral("classes")).toArray().size(), 4);
    QCOMPARE(config.value(QStringLiteral("normalizer"))
                 .toObject()
                 .value(QStringLiteral("offsets"))
                 .toArray()
                 .size(),
             6);
    QVERIFY(QFile::exists(run + QStringLiteral("/checkpoints/best.pt")));
    QVERIFY(QFile::exists(run + QStringLiteral("/checkpoints/last.pt")));
    // Every line is in the log when the run ends, the last included, though the app's feedback
    // hands its messages to the GUI thread.
    QFile log(run + QStringLiteral("/training.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString logText = QString::fromUtf8(log.readAll());
    QVERIFY2(logText.contains(QStringLiteral("Starting a run in")), qPrintable(logText));
    QVERIFY2(logText.contains(QStringLiteral("Finished after 8 epoch(s)")), qPrintable(logText));

    // Where the split put the patches, as a layer of the training image's CRS.
    const ClassPolygons split = ClassPolygonReader::read(run + QStringLiteral("/split.gpkg"), {},
                                                         QStringLiteral("role"), CrsInfo());
    QStringList roles;
    for (const ClassEntry &entry : split.classes.entries)
        roles << entry.name;
    QVERIFY2(roles.contains(QStringLiteral("training")) && roles.contains(QStringLiteral("validation")),
             qPrintable(roles.join(QLatin1Char(','))));
    QVERIFY(split.polygons.size() >= 2);
    QVERIFY(split.sourceCrs.isValid());
}

void TestTrainingJob::resumeContinuesTheRun()
{
    const QJsonObject sections { { QStringLiteral("task"),
                                   QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                                                 { QStringLiteral("image"), QStringLiteral("landsat") },
                                                 { QStringLiteral("labels"), QStringLiteral("training") },
                                                 { QStringLiteral("patchSize"), 32 },
                                                 { QStringLiteral("stride"), 32 } } },
                                 { QStringLiteral("model"),
                                   QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-small") },
                                                 { QStringLiteral("baseFilters"), 8 } } },
                                 { QStringLiteral("training"), trainingSection(3, 8, 3e-3) } };
    const QString project = writeProject(QStringLiteral("resume"), sections, olindaLayers());
    const TrainingOutcome straight = train(project, m_dir.filePath(QStringLiteral("straight")));

    const QString run = m_dir.filePath(QStringLiteral("interrupted"));
    const TrainingOutcome partial = train(project, run, 2);
    QCOMPARE(partial.epochsCompleted, 2);
    TrainingRequest resume;
    resume.resumeRun = run;
    resume.epochs = 3;
    resume.threads = 2;
    TrainingJob job(resume);
    Feedback feedback;
    QVERIFY(JobRunner::runBlocking(job, feedback).succeeded());
    QCOMPARE(job.outcome().epochsCompleted, 3);
    QCOMPARE(job.outcome().finalWeightsDigest, straight.finalWeightsDigest);
    QFile history(run + QStringLiteral("/history.csv"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QCOMPARE(history.readAll().trimmed().split('\n').size(), 4);
}

void TestTrainingJob::badProjectsAreClearErrors()
{
    // No task section.
    const QString empty = writeProject(QStringLiteral("empty"), {}, olindaLayers());
    TrainingRequest request;
    request.projectPath = empty;
    request.outputFolder = m_dir.filePath(QStringLiteral("never"));
    TrainingJob job(request);
    Feedback feedback;
    JobResult result = JobRunner::runBlocking(job, feedback);
    QCOMPARE(result.status, JobResult::Status::Failed);
    QVERIFY2(result.error.startsWith(empty + QStringLiteral(": the project has no \"task\" section")),
             qPrintable(result.error));

    // A task naming a layer the project does not have.
    const QJsonObject sections { { QStringLiteral("task"),
                                   QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                                                 { QStringLiteral("image"), QStringLiteral("nope") },
                                                 { QStringLiteral("labels"), QStringLiteral("training") } } },
                                 { QStringLiteral("model"),
                                   QJsonObject {
                                       { QStringLiteral("preset"), QStringLiteral("unet-small") } } } };
    request.projectPath = writeProject(QStringLiteral("badlayer"), sections, olindaLayers());
    TrainingJob second(request);
    result = JobRunner::runBlocking(second, feedback);
    QVERIFY2(result.error.contains(QStringLiteral("task.image refers to layer \"nope\"")),
             qPrintable(result.error));

    // A metric segmentation does not measure stops the run before any data is read, not after an
    // epoch; the run folder is not even made.
    QJsonObject training = trainingSection(1, 8, 1e-3);
    training.insert(QStringLiteral("earlyStopping"),
                    QJsonObject { { QStringLiteral("metric"), QStringLiteral("val_rmse") },
                                  { QStringLiteral("patience"), 2 } });
    const QJsonObject wrongMetric {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                        { QStringLiteral("image"), QStringLiteral("landsat") },
                        { QStringLiteral("labels"), QStringLiteral("training") } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-small") } } },
        { QStringLiteral("training"), training }
    };
    request.projectPath = writeProject(QStringLiteral("wrongmetric"), wrongMetric, olindaLayers());
    TrainingJob third(request);
    QSignalSpy progress(&feedback, &Feedback::progressChanged);
    result = JobRunner::runBlocking(third, feedback);
    QCOMPARE(result.status, JobResult::Status::Failed);
    QVERIFY2(
        result.error.startsWith(request.projectPath + QStringLiteral(": the training set-up cannot run")),
        qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("\"val_rmse\" is not measured for segmentation")),
             qPrintable(result.error));
    QVERIFY(progress.isEmpty());
    QVERIFY(!QFileInfo::exists(request.outputFolder));
}

QTEST_GUILESS_MAIN(TestTrainingJob)
#include "testtrainingjob.moc"
