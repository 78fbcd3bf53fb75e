#include "models/private/network.h"

namespace deepterra {

std::int64_t countParameters(const torch::nn::Module &module)
{
    std::int64_t count = 0;
    for (const torch::Tensor &p : module.parameters())
        count += p.numel();
    return count;
}

void LayerRecorder::record(const QString &name, const QString &type, const torch::Tensor &output,
                           const torch::nn::Module *module)
{
    ModelSummaryRow row;
    row.name = name;
    row.type = type;
    row.outputShape.assign(output.sizes().begin(), output.sizes().end());
    row.parameters = module ? countParameters(*module) : 0;
    rows.push_back(std::move(row));
}

torch::Tensor applyActivation(torch::Tensor x, Activation activation)
{
    switch (activation) {
    case Activation::None:
        return x;
    case Activation::ReLU:
        return torch::relu(x);
    case Activation::LeakyReLU:
        return torch::leaky_relu(x, 0.01);
    case Activation::ELU:
        return torch::elu(x);
    case Activation::GELU:
        return torch::gelu(x);
    case Activation::Tanh:
        return torch::tanh(x);
    case Activation::Sigmoid:
        return torch::sigmoid(x);
    }
    return x;
}

} // namespace deepterra
