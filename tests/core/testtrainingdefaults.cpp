#include "common/dataerror.h"
#include "models/modelpresets.h"
#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"

#include <QtTest>

using namespace deepterra;

class TestTrainingDefaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsThroughTheProjectFormat_data();
    void roundTripsThroughTheProjectFormat();
    void monitoredMetricIsReported();
    void defaultsMatchTheCommandLine();
    void aFileThatOmitsAKeyReadsTheTaskDefault_data();
    void aFileThatOmitsAKeyReadsTheTaskDefault();
    void memoryLimitIsWrittenOnlyWhenChanged();
    void processesAreWrittenOnlyWhenSeveral();
    void presetsFitTheirTask();
};

namespace {
const TaskKind kAllTasks[] = { TaskKind::Segmentation, TaskKind::PatchClassification, TaskKind::Forecasting,
                               TaskKind::RasterAutoencoder, TaskKind::SeriesAutoencoder };

// Defaults leave the layers to the user; a project names them.
TrainingSetup withLayers(TrainingSetup setup)
{
    setup.task.raster.imageLayer = QStringLiteral("image");
    if (setup.task.kind != TaskKind::RasterAutoencoder)
        setup.task.raster.labelLayer = QStringLiteral("labels");
    setup.task.series.seriesLayer = QStringLiteral("series");
    return setup;
}
} // namespace

void TestTrainingDefaults::roundTripsThroughTheProjectFormat_data()
{
    QTest::addColumn<int>("kind");
    for (TaskKind kind : kAllTasks)
        QTest::newRow(qPrintable(TaskConfig::kindName(kind))) << int(kind);
}

void TestTrainingDefaults::roundTripsThroughTheProjectFormat()
{
    QFETCH(int, kind);
    const TrainingSetup setup = withLayers(TrainingDefaults::forTask(TaskKind(kind)));
    const QJsonObject json = setup.toJson();
    const TrainingSetup read = TrainingSetup::fromJson(json, QStringLiteral("defaults.deepterra"));
    QCOMPARE(read.toJson(), json);
    QCOMPARE(int(read.task.kind), kind);
}

void TestTrainingDefaults::monitoredMetricIsReported()
{
    for (TaskKind kind : kAllTasks) {
        const TrainingSetup setup = TrainingDefaults::forTask(kind);
        const QStringList metrics = TrainingDefaults::metricsFor(kind);
        QCOMPARE(metrics.value(0), QStringLiteral("val_loss"));
        QVERIFY2(metrics.contains(TrainingDefaults::defaultMonitoredMetric(kind)),
                 qPrintable(TaskConfig::kindName(kind)));
        QCOMPARE(setup.training.earlyStoppingMetric, TrainingDefaults::defaultMonitoredMetric(kind));
        QVERIFY(TrainingDefaults::lossesFor(kind).contains(TrainingDefaults::defaultLoss(kind)));
        QCOMPARE(TrainingConfigJson::toJson(setup.training).value(QStringLiteral("loss")).toString(),
                 TrainingDefaults::defaultLoss(kind));
    }
    QCOMPARE(TrainingDefaults::defaultMonitoredMetric(TaskKind::Segmentation),
             QStringLiteral("val_mean_iou"));
    QVERIFY(TrainingDefaults::metricsFor(TaskKind::Forecasting)
                .contains(QStringLiteral("val_skill_persistence")));
    QVERIFY(!TrainingDefaults::metricsFor(TaskKind::Segmentation).contains(QStringLiteral("val_rmse")));
}

void TestTrainingDefaults::defaultsMatchTheCommandLine()
{
    // What 'deepterra-cli init' has always written; it now reads these defaults.
    const TrainingSetup segmentation = TrainingDefaults::forTask(TaskKind::Segmentation);
    QCOMPARE(segmentation.task.raster.patchSize, 64);
    QCOMPARE(segmentation.task.raster.stride, 32);
    QCOMPARE(int(segmentation.task.split.kind), int(SplitKind::SpatialBlocks));
    QCOMPARE(segmentation.training.epochs, 20);
    QCOMPARE(segmentation.training.batchSize, 16);
    QCOMPARE(int(segmentation.training.optimizer), int(OptimizerKind::Adam));
    QCOMPARE(segmentation.training.learningRate, 1e-3);
    QCOMPARE(int(segmentation.training.schedule), int(ScheduleKind::Constant));
    QCOMPARE(segmentation.training.seed, std::uint64_t(42));
    QCOMPARE(segmentation.training.device, QStringLiteral("auto"));
    QCOMPARE(segmentation.model.name(), QStringLiteral("unet-small"));

    const TrainingSetup forecasting = TrainingDefaults::forTask(TaskKind::Forecasting);
    QCOMPARE(int(forecasting.task.split.kind), int(SplitKind::Chronological));
    QCOMPARE(forecasting.task.series.lookback, 24);
    QCOMPARE(forecasting.task.series.horizon, 1);
    QCOMPARE(int(forecasting.training.loss), int(LossKind::Mse));

    const TrainingSetup seriesAutoencoder = TrainingDefaults::forTask(TaskKind::SeriesAutoencoder);
    QCOMPARE(int(seriesAutoencoder.task.series.normalization), int(NormalizationKind::PercentileMinMax));
    QCOMPARE(int(seriesAutoencoder.training.loss), int(LossKind::Bce));
    QCOMPARE(TrainingDefaults::defaultPreset(TaskKind::Forecasting), QStringLiteral("gru-forecaster"));
}

void TestTrainingDefaults::aFileThatOmitsAKeyReadsTheTaskDefault_data()
{
    roundTripsThroughTheProjectFormat_data();
}

void TestTrainingDefaults::aFileThatOmitsAKeyReadsTheTaskDefault()
{
    // A hand-written file that names only the task, its layers and the model trains as the same
    // set-up made in the app.
    QFETCH(int, kind);
    const TrainingSetup defaults = withLayers(TrainingDefaults::forTask(TaskKind(kind)));
    const QJsonObject full = defaults.toJson();
    QJsonObject task { { QStringLiteral("type"), TaskConfig::kindName(TaskKind(kind)) } };
    for (const char *layer : { "image", "labels", "series" })
        if (full.value(QStringLiteral("task")).toObject().contains(QLatin1String(layer)))
            task.insert(QLatin1String(layer),
                        full.value(QStringLiteral("task")).toObject().value(QLatin1String(layer)));
    const QJsonObject sparse { { QStringLiteral("task"), task },
                               { QStringLiteral("model"), full.value(QStringLiteral("model")) } };
    const TrainingSetup read = TrainingSetup::fromJson(sparse, QStringLiteral("sparse.deepterra"));
    QCOMPARE(read.training.earlyStoppingMetric, defaults.training.earlyStoppingMetric);
    QCOMPARE(int(read.training.loss), int(defaults.training.loss));
    QCOMPARE(int(read.task.series.normalization), int(defaults.task.series.normalization));
    QCOMPARE(int(read.task.split.kind), int(defaults.task.split.kind));
    QCOMPARE(read.toJson(), full);

    // Binary cross-entropy needs the default 0..1 scaling: another scaling keeps the MSE loss.
    if (TaskKind(kind) == TaskKind::SeriesAutoencoder) {
        task.insert(QStringLiteral("normalization"), QStringLiteral("mean-std"));
        QJsonObject scaled = sparse;
        scaled.insert(QStringLiteral("task"), task);
        QCOMPARE(int(TrainingSetup::fromJson(scaled, QStringLiteral("scaled.deepterra")).training.loss),
                 int(LossKind::Mse));
    }
}

void TestTrainingDefaults::memoryLimitIsWrittenOnlyWhenChanged()
{
    // The default leaves the file as it was before the setting existed.
    TrainingSetup setup = withLayers(TrainingDefaults::forTask(TaskKind::Segmentation));
    QCOMPARE(setup.task.raster.memoryLimitMiB, 2048);
    QVERIFY(
        !setup.toJson().value(QStringLiteral("task")).toObject().contains(QStringLiteral("memoryLimitMiB")));

    setup.task.raster.memoryLimitMiB = 512;
    const QJsonObject json = setup.toJson();
    QCOMPARE(json.value(QStringLiteral("task")).toObject().value(QStringLiteral("memoryLimitMiB")).toInt(),
             512);
    const TrainingSetup read = TrainingSetup::fromJson(json, QStringLiteral("limit.deepterra"));
    QCOMPARE(read.task.raster.memoryLimitMiB, 512);
    QCOMPARE(read.toJson(), json);

    // Out of range, or not a whole number, the file is refused and names the key.
    for (const QJsonValue &bad : { QJsonValue(10), QJsonValue(2097152), QJsonValue(100.5) }) {
        QJsonObject task = json.value(QStringLiteral("task")).toObject();
        task.insert(QStringLiteral("memoryLimitMiB"), bad);
        QJsonObject wrong = json;
        wrong.insert(QStringLiteral("task"), task);
        try {
            (void)TrainingSetup::fromJson(wrong, QStringLiteral("limit.deepterra"));
            QFAIL(qPrintable(QStringLiteral("accepted %1").arg(bad.toDouble())));
        } catch (const DataError &e) {
            QVERIFY2(e.cause().startsWith(QLatin1String("task.memoryLimitMiB")), qPrintable(e.cause()));
        }
    }
}

void TestTrainingDefaults::processesAreWrittenOnlyWhenSeveral()
{
    TrainingSetup setup = withLayers(TrainingDefaults::forTask(TaskKind::Segmentation));
    QCOMPARE(setup.training.processes, 1);
    QVERIFY(
        !setup.toJson().value(QStringLiteral("training")).toObject().contains(QStringLiteral("processes")));
    setup.training.processes = 2;
    const QJsonObject json = setup.toJson();
    QCOMPARE(json.value(QStringLiteral("training")).toObject().value(QStringLiteral("processes")).toInt(), 2);
    const TrainingSetup read = TrainingSetup::fromJson(json, QStringLiteral("processes.deepterra"));
    QCOMPARE(read.training.processes, 2);
    QCOMPARE(read.toJson(), json);
    QJsonObject training = json.value(QStringLiteral("training")).toObject();
    training.insert(QStringLiteral("processes"), 0);
    QJsonObject wrong = json;
    wrong.insert(QStringLiteral("training"), training);
    try {
        (void)TrainingSetup::fromJson(wrong, QStringLiteral("processes.deepterra"));
        QFAIL("accepted 0 processes");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().startsWith(QLatin1String("training.processes")), qPrintable(e.cause()));
    }
}

void TestTrainingDefaults::presetsFitTheirTask()
{
    const std::pair<TaskKind, ModelKind> fits[]
        = { { TaskKind::Segmentation, ModelKind::UNet },
            { TaskKind::PatchClassification, ModelKind::Cnn },
            { TaskKind::Forecasting, ModelKind::Recurrent },
            { TaskKind::RasterAutoencoder, ModelKind::ConvAutoencoder },
            { TaskKind::SeriesAutoencoder, ModelKind::DenseAutoencoder } };
    for (const auto &[task, model] : fits) {
        QVERIFY(ModelPresets::find(TrainingDefaults::defaultPreset(task)));
        QCOMPARE(int(TrainingDefaults::forTask(task).model.kind()), int(model));
        QCOMPARE(int(TrainingDefaults::modelKindsFor(task).value(0)), int(model));
    }
    QVERIFY(TrainingDefaults::modelKindsFor(TaskKind::Segmentation).contains(ModelKind::ResUNet));
    QVERIFY(!TrainingDefaults::modelKindsFor(TaskKind::PatchClassification).contains(ModelKind::ResUNet));
    // Every preset fits at least one task.
    for (const QString &name : ModelPresets::names()) {
        bool fitsATask = false;
        for (const TaskKind task :
             { TaskKind::Segmentation, TaskKind::PatchClassification, TaskKind::Forecasting,
               TaskKind::RasterAutoencoder, TaskKind::SeriesAutoencoder })
            fitsATask = fitsATask
                || TrainingDefaults::modelKindsFor(task).contains(ModelPresets::find(name)->kind());
        QVERIFY2(fitsATask, qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(TestTrainingDefaults)
#include "testtrainingdefaults.moc"
