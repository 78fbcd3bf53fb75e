#pragma once

#include "models/modelspec.h"
#include "training/epochrecord.h"
#include "training/trainingconfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace deepterra {

class Feedback;
class ProcessGroup;
class TrainingEvents;
struct TrainingData;

struct TrainerOptions
{
    ModelSpec model;
    TrainingConfig config;
    QString runDirectory; // checkpoints/ goes there
    bool resume = false; // continue from runDirectory/checkpoints/last.pt
    // Called after every epoch with the whole history so far (resumed epochs included).
    std::function<void(const std::vector<EpochRecord> &)> historyChanged;
    // Batch events at most this often; the first batch and the last of each epoch are always
    // reported. 0 reports every batch.
    int batchEventIntervalMs = 50;
    // Every this many seconds within an epoch, the weights are saved to checkpoints/live.pt (no
    // optimiser state) and announced by TrainingEvents::snapshotSaved, for the app's live
    // prediction between epochs. 0 = never.
    double liveSnapshotSeconds = 0.0;
    // A data-parallel job (ProcessGroup) of several ranks: this process trains on its slice of each
    // batch and evaluates its shard of the validation examples. Rank 0 writes the checkpoints and
    // takes the decisions; the other ranks' outcomes hold no history or metrics. Null: one process.
    std::shared_ptr<ProcessGroup> processGroup;
};

struct TrainingOutcome
{
    enum class Stop { Completed, EarlyStopped, NonFiniteLoss };
    Stop stop = Stop::Completed;
    QString message;
    int epochsCompleted = 0;
    int bestEpoch = 0;
    QString monitoredMetric;
    double bestValue = 0.0;
    std::vector<EpochRecord> history;
    QMap<QString, double> bestMetrics;
    QJsonObject bestDetails; // metrics.json: per-class tables, confusion, forecast skill...
    // The held-out test split, evaluated once after training with the best epoch's weights
    // ("test_loss"...); empty without a test split.
    QMap<QString, double> testMetrics;
    QJsonObject testDetails;
    QByteArray finalWeightsDigest; // of the last model state, for determinism checks
    ModelSpec model; // the spec as trained (channels and classes matched to the data)
    QString device;
};

// The epoch loop: batches from a BatchLoader thread, the optimiser step, validation metrics,
// checkpoints (best and last), early stopping and the NaN guard. Runs on the calling thread, which
// is a worker thread in the GUI. Pause and cancel take effect within one batch (Feedback).
class Trainer
{
public:
    Trainer(std::shared_ptr<const TrainingData> data, TrainerOptions options);
    ~Trainer();

    // Throws JobCanceled when cancelled (the last completed epoch's checkpoint stays) and DataError
    // for configuration problems (model family not fitting the task, CUDA requested but absent).
    TrainingOutcome run(Feedback &feedback, TrainingEvents *events = nullptr);

    // The spec with input channels, classes, patch size, lookback and horizon taken from the data.
    static ModelSpec fitSpecToData(const ModelSpec &spec, const TrainingData &data);

private:
    std::shared_ptr<const TrainingData> m_data;
    TrainerOptions m_options;
};

} // namespace deepterra
