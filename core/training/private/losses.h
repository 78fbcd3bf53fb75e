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

} // namespace deepterra
