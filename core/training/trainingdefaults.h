#pragma once

#include "training/trainingsetup.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace deepterra {

// What a new set-up of each task starts from, shared by `deepterra-cli init`, the set-up forms and
// the validator, so that the app and the command line never disagree about a default. The layers
// are left empty: they depend on the project.
class TrainingDefaults
{
public:
    // Task (patch 64, stride 32, spatial blocks for rasters, lookback 24, horizon 1 and a
    // chronological split for series), the default preset's model, and the training settings:
    // 20 epochs, batch 16, Adam at 1e-3, constant schedule, the task's loss and monitored metric.
    static TrainingSetup forTask(TaskKind kind);

    // The model preset that fits the task: unet-small, patch-cnn, gru-forecaster,
    // conv-autoencoder or seed-autoencoder.
    static QString defaultPreset(TaskKind kind);
    // The model families that can learn the task, the default preset's first.
    static QList<ModelKind> modelKindsFor(TaskKind kind);
    // As the project file spells it: "cross-entropy" for classes, "bce" for the series
    // autoencoder (its default preset has a sigmoid output on 0..1-scaled windows), "mse" otherwise.
    static QString defaultLoss(TaskKind kind);
    // The metric that picks the best epoch and drives early stopping: mean IoU for segmentation,
    // accuracy for patch classification, RMSE for forecasting, the validation loss for autoencoders.
    static QString defaultMonitoredMetric(TaskKind kind);
    // The validation metrics the trainer reports for the task that describe the model, in the order
    // a form lists them, val_loss first. The persistence baseline's RMSE is reported for forecasts
    // but left out: it does not change while the model trains.
    static QStringList metricsFor(TaskKind kind);
    // The losses the trainer accepts for the task, as the project file spells them.
    static QStringList lossesFor(TaskKind kind);

    static constexpr int kPatchSize = 64;
    static constexpr int kLookback = 24;
    static constexpr int kHorizon = 1;
};

} // namespace deepterra
