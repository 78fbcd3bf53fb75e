#include "training/private/optimizerfactory.h"

namespace deepterra {

std::unique_ptr<torch::optim::Optimizer> OptimizerFactory::make(const TrainingConfig &c,
                                                                const std::vector<torch::Tensor> &parameters)
{
    switch (c.optimizer) {
    case OptimizerKind::Sgd:
        return std::make_unique<torch::optim::SGD>(
            parameters,
            torch::optim::SGDOptions(c.learningRate).momentum(c.momentum).weight_decay(c.weightDecay));
    case OptimizerKind::Adam:
        return std::make_unique<torch::optim::Adam>(
            parameters, torch::optim::AdamOptions(c.learningRate).weight_decay(c.weightDecay));
    case OptimizerKind::AdamW:
        return std::make_unique<torch::optim::AdamW>(
            parameters,
            torch::optim::AdamWOptions(c.learningRate)
                .weight_decay(c.weightDecay > 0 ? c.weightDecay : 1e-2));
    case OptimizerKind::RmsProp:
        return std::make_unique<torch::optim::RMSprop>(
            parameters,
            torch::optim::RMSpropOptions(c.learningRate).momentum(c.momentum).weight_decay(c.weightDecay));
    }
    return nullptr;
}

void OptimizerFactory::setLearningRate(torch::optim::Optimizer &optimizer, double lr)
{
    for (auto &group : optimizer.param_groups())
        group.options().set_lr(lr);
}

} // namespace deepterra
