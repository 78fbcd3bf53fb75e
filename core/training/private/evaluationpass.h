#pragma once

// Core-private: only core .cpp files include this.

#include "models/private/network.h"
#include "training/private/validationaccumulator.h"
#include "training/trainingconfig.h"

#include <QJsonObject>
#include <QMap>

#include <torch/torch.h>

namespace deepterra {

class Feedback;
class ProcessGroup;

// One pass of a network over the validation or the test examples, in evaluation mode and without
// gradients: the loss and the task's metrics (ValidationAccumulator), batch by batch in a fixed
// order. In a data-parallel job each rank evaluates a shard of the examples and every rank gets the
// metrics of all of them.
class EvaluationPass
{
public:
    struct Result
    {
        QMap<QString, double> metrics; // "val_loss"... or "test_loss"...
        QJsonObject details; // per-class tables, confusion matrix, forecast skill...
    };

    // The cancel of `feedback` is honoured between batches (JobCanceled). With a `group` of
    // several ranks, which must hold the same weights and batch-norm statistics, every rank calls
    // this together; a cancel on any rank throws JobCanceled on all of them, after every rank's
    // shard is done.
    static Result run(NetworkImpl &network, const TrainingData &data, ValidationAccumulator::Side side,
                      const TrainingConfig &config, const torch::Tensor &classWeights,
                      const torch::Device &device, Feedback &feedback, ProcessGroup *group = nullptr);
};

} // namespace deepterra
