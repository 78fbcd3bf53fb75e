#include "training/trainingdefaults.h"

#include "common/jsonfields.h"
#include "models/modelpresets.h"
#include "training/trainingconfigjson.h"

namespace deepterra {

namespace {

bool isClassification(TaskKind kind)
{
    return kind == TaskKind::Segmentation || kind == TaskKind::PatchClassification;
}

// Through the project-file reader, so that names and enum values cannot drift apart.
LossKind lossNamed(const QString &name)
{
    const QJsonObject json { { QStringLiteral("loss"), name } };
    return TrainingConfigJson::trainingFromFields(JsonFields(json, QString(), QStringLiteral("training")))
        .loss;
}

} // namespace

TrainingSetup TrainingDefaults::forTask(TaskKind kind)
{
    TrainingSetup setup;
    TaskConfig &task = setup.task;
    task.kind = kind;
    task.split.kind = task.isRasterTask() ? SplitKind::SpatialBlocks : SplitKind::Chronological;
    task.raster.patchSize = kPatchSize;
    task.raster.stride = kPatchSize / 2;
    task.series.lookback = kLookback;
    task.series.horizon = kHorizon;
    if (kind == TaskKind::SeriesAutoencoder)
        task.series.normalization = NormalizationKind::PercentileMinMax;

    const QString preset = defaultPreset(kind);
    setup.model = *ModelPresets::find(preset);
    if (setup.model.name().isEmpty())
        setup.model.setName(preset);

    setup.training.loss = lossNamed(defaultLoss(kind));
    setup.training.earlyStoppingMetric = defaultMonitoredMetric(kind);
    return setup;
}

QString TrainingDefaults::defaultPreset(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Segmentation:
        return QStringLiteral("unet-small");
    case TaskKind::PatchClassification:
        return QStringLiteral("patch-cnn");
    case TaskKind::Forecasting:
        return QStringLiteral("gru-forecaster");
    case TaskKind::RasterAutoencoder:
        return QStringLiteral("conv-autoencoder");
    case TaskKind::SeriesAutoencoder:
        break;
    }
    return QStringLiteral("seed-autoencoder");
}

QList<ModelKind> TrainingDefaults::modelKindsFor(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Segmentation:
        return { ModelKind::UNet, ModelKind::ResUNet };
    case TaskKind::PatchClassification:
        return { ModelKind::Cnn };
    case TaskKind::Forecasting:
        return { ModelKind::Recurrent };
    case TaskKind::RasterAutoencoder:
        return { ModelKind::ConvAutoencoder, ModelKind::DenseAutoencoder };
    case TaskKind::SeriesAutoencoder:
        break;
    }
    return { ModelKind::DenseAutoencoder };
}

QString TrainingDefaults::defaultLoss(TaskKind kind)
{
    if (isClassification(kind))
        return QStringLiteral("cross-entropy");
    if (kind == TaskKind::SeriesAutoencoder)
        return QStringLiteral("bce");
    return QStringLiteral("mse");
}

QString TrainingDefaults::defaultMonitoredMetric(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Segmentation:
        return QStringLiteral("val_mean_iou");
    case TaskKind::PatchClassification:
        return QStringLiteral("val_accuracy");
    case TaskKind::Forecasting:
        return QStringLiteral("val_rmse");
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder:
        break;
    }
    return QStringLiteral("val_loss");
}

QStringList TrainingDefaults::metricsFor(TaskKind kind)
{
    // The names ValidationAccumulator::metrics() reports.
    QStringList metrics { QStringLiteral("val_loss") };
    switch (kind) {
    case TaskKind::Segmentation:
    case TaskKind::PatchClassification:
        metrics << QStringLiteral("val_accuracy") << QStringLiteral("val_mean_iou")
                << QStringLiteral("val_kappa") << QStringLiteral("val_macro_f1");
        break;
    case TaskKind::Forecasting:
        metrics << QStringLiteral("val_rmse") << QStringLiteral("val_mae") << QStringLiteral("val_r2")
                << QStringLiteral("val_nse") << QStringLiteral("val_skill_persistence")
                << QStringLiteral("val_skill_climatology") << QStringLiteral("val_skill_seasonal_naive")
                << QStringLiteral("val_skill_autoregressive");
        break;
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder:
        metrics << QStringLiteral("val_reconstruction_mean") << QStringLiteral("val_anomaly_threshold");
        break;
    }
    return metrics;
}

QStringList TrainingDefaults::lossesFor(TaskKind kind)
{
    // What Trainer::run accepts: a classification loss exactly for the class tasks.
    if (isClassification(kind))
        return { QStringLiteral("cross-entropy"), QStringLiteral("dice"), QStringLiteral("focal") };
    return { QStringLiteral("mse"), QStringLiteral("mae"), QStringLiteral("huber"), QStringLiteral("bce") };
}

} // namespace deepterra
