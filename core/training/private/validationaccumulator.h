#pragma once

#include "metrics/calibration.h"
#include "metrics/confusionmatrix.h"
#include "metrics/forecastevaluation.h"
#include "training/samplebatch.h"
#include "training/trainingdata.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>

#include <torch/torch.h>

namespace deepterra {

// Collects a validation (or test) pass batch by batch and turns it into the task's metrics, in
// original units where that matters (forecasts are denormalised before RMSE and skill are computed).
class ValidationAccumulator
{
public:
    enum class Side { Validation, Test };
    // The side's examples (TrainingData::validation or ::test) are the batches' indices.
    explicit ValidationAccumulator(const TrainingData &data, Side side = Side::Validation);

    // `batchLoss` is a mean over `lossWeight` (lossDenominator: the weighted labelled pixels, the
    // elements...): the pass's loss is the mean over all of them, whatever the batches were.
    void add(const SampleBatch &batch, const torch::Tensor &output, double batchLoss, double lossWeight);
    // "val_loss" plus the task's headline metrics ("test_loss"... for the test side).
    QMap<QString, double> metrics() const;
    // Everything metrics.json holds: per-class tables, confusion matrix, calibration, forecast skill...
    QJsonObject details() const;

    // Everything added so far, for another process to merge: the validation shards of the ranks of
    // a data-parallel job.
    QByteArray serialized() const;
    // Adds the examples of a serialized accumulator of the same data and side after this one's.
    // Throws std::runtime_error for bytes that are not such an accumulator.
    void merge(const QByteArray &serialized);

private:
    ForecastEvaluation evaluate(std::size_t target) const; // of the target's forecasts so far

    const TrainingData &m_data;
    std::function<ForecastWindow(std::size_t)> m_windows;
    QString m_prefix;
    double m_lossSum = 0.0;
    double m_lossWeight = 0.0;
    std::size_t m_examples = 0;
    ConfusionMatrix m_confusion;
    Calibration m_calibration; // of the same pixels as m_confusion
    std::vector<std::vector<ForecastSample>> m_forecasts; // per target
    std::vector<double> m_reconstructionErrors;
};

} // namespace deepterra
