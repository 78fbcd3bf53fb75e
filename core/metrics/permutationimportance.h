#pragma once

#include "metrics/inputimportance.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace deepterra {

// Permutation importance of a run's inputs on its validation set, as metrics.json holds it under
// "permutation_importance":
//   {"metric": "val_accuracy", "baseline": 0.93, "repeats": 5, "seed": 42, "validationExamples": 120,
//    "inputs": [{"name": "red", "drop": 0.31, "std": 0.02}, ...],   most important first
//    "lags": [{"name": "lag 1", ...}, ...]}                            forecasters only
// A drop is baseline - permuted for scores where higher is better (accuracy, IoU) and permuted -
// baseline for errors (RMSE, loss), so that a bigger drop always means a more important input.
class PermutationImportance
{
public:
    static constexpr const char *kMetricsKey = "permutation_importance";

    QString metric; // the run's monitored metric, e.g. "val_mean_iou"
    double baseline = 0.0; // the metric on the unchanged validation set
    int repeats = 0;
    std::uint64_t seed = 0;
    int validationExamples = 0;
    std::vector<InputImportance> inputs; // bands and DEM channels, or series variables
    std::vector<InputImportance> lags; // forecasters: every variable at one lag ("lag 1" is the last step)

    // The mean and sample standard deviation of one input's drops over the repeats.
    static InputImportance summarize(const QString &name, const std::vector<double> &drops);
    // Most important (largest drop) first; ties keep their order.
    static void sortByDrop(std::vector<InputImportance> &entries);

    QJsonObject toJson() const;
    // Throws DataError naming `path` for a block without a metric or inputs.
    static PermutationImportance fromJson(const QJsonObject &json, const QString &path = QString());

    // The block in RUN/metrics.json, if it has one. Throws DataError naming the file for a
    // metrics.json that cannot be read or a block that is damaged.
    static std::optional<PermutationImportance> readFromRun(const QString &runFolder);
    // Replaces the block in RUN/metrics.json, keeping every other key, in one atomic write.
    // Throws DataError naming the file when the run has no metrics.json (it never finished an
    // epoch: writing one would make an interrupted run look finished) or it cannot be written.
    void writeToRun(const QString &runFolder) const;
};

} // namespace deepterra
