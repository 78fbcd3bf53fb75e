#pragma once

#include "training/trainingconfig.h"

#include <torch/torch.h>

namespace deepterra {

// Loss of a batch. Class targets use -1 for ignored pixels; `classWeights` may be undefined.
// Regression targets have the output's shape.
torch::Tensor computeLoss(const TrainingConfig &config, const torch::Tensor &output,
                          const torch::Tensor &classTargets, const torch::Tensor &regressionTargets,
                          const torch::Tensor &classWeights);

bool isClassificationLoss(LossKind loss);

// What computeLoss's mean divides by: the (weighted) labelled pixels or examples, the elements of a
// regression. A data-parallel job weights each rank's loss by its share of the batch's denominator,
// so that the summed gradients are those of the whole batch. Dice is no mean: its share is the
// rank's share of the examples, so that data-parallel dice training is close to, not equal to, one
// process's.
double lossDenominator(const TrainingConfig &config, const torch::Tensor &output,
                       const torch::Tensor &classTargets, const torch::Tensor &classWeights);

} // namespace deepterra
