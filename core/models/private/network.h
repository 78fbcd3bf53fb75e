#pragma once

// Core-private: the LibTorch side of the models. Only core .cpp files include this.

#include "models/activation.h"
#include "models/modelsummary.h"

#include <torch/torch.h>

#include <memory>

namespace deepterra {

std::int64_t countParameters(const torch::nn::Module &module);

// Collects the layer table while a network runs a sample through its layers.
class LayerRecorder
{
public:
    void record(const QString &name, const QString &type, const torch::Tensor &output,
                const torch::nn::Module *module = nullptr);
    std::vector<ModelSummaryRow> rows;
};

// Every Deepterra network runs its layers in run(); forward() is run() without recording, and
// summary() is run() on a sample with recording. One code path, so the table never lies.
struct NetworkImpl : torch::nn::Module
{
    virtual torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) = 0;
    torch::Tensor forward(torch::Tensor x) { return run(std::move(x), nullptr); }
};

using Network = std::shared_ptr<NetworkImpl>;

torch::Tensor applyActivation(torch::Tensor x, Activation activation);

} // namespace deepterra
