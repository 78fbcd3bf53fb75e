#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace deepterra {

// One row of history.csv and one point of the live loss curves.
struct EpochRecord
{
    int epoch = 0; // 1-based
    double trainLoss = 0.0;
    double validationLoss = 0.0;
    double learningRate = 0.0;
    double seconds = 0.0;
    double samplesPerSecond = 0.0;
    double dataWaitShare = 0.0; // share of the epoch the trainer waited for batches
    QMap<QString, double> metrics; // "val_mean_iou", "val_rmse", ...
    bool improved = false; // the monitored metric improved: a new best checkpoint
    // The epoch's validation details (confusion matrix and per-class table, forecast skill,
    // reconstruction errors), as metrics.json holds them for the best epoch. Live only: history.csv
    // keeps the scalar metrics, so epochs read back from it have none.
    QJsonObject details;
    // Read back from history.csv when a run is resumed or opened, not computed in this session.
    bool replayed = false;
};

// Per-batch progress, for progress bars and ETA.
struct BatchProgress
{
    int epoch = 0; // 1-based
    int epochs = 0;
    int batch = 0; // 1-based
    int batches = 0;
    double loss = 0.0;
    double learningRate = 0.0;
    double samplesPerSecond = 0.0;
    double etaSeconds = 0.0;
};

} // namespace deepterra
