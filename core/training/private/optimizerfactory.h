#pragma once

// Core-private: only core .cpp files include this.

#include "training/trainingconfig.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace deepterra {

// The optimiser a training configuration names, over `parameters`.
class OptimizerFactory
{
public:
    static std::unique_ptr<torch::optim::Optimizer> make(const TrainingConfig &config,
                                                         const std::vector<torch::Tensor> &parameters);
    // The schedule's rate for the next step, in every parameter group.
    static void setLearningRate(torch::optim::Optimizer &optimizer, double lr);
};

} // namespace deepterra
