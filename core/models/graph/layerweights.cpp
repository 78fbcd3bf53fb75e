#include "models/graph/layerweights.h"

namespace deepterra {

std::vector<WeightTensorShape> LayerWeights::tensors() const
{
    const std::int64_t k = kernel;
    switch (kind) {
    case Kind::Conv2d:
        if (bias)
            return { { "weight", { out, in, k, k } }, { "bias", { out } } };
        return { { "weight", { out, in, k, k } } };
    case Kind::ConvTranspose2d:
        return { { "weight", { in, out, k, k } }, { "bias", { out } } };
    case Kind::BatchNorm2d:
        return { { "weight", { out } },
                 { "bias", { out } },
                 { "running_mean", { out }, true },
                 { "running_var", { out }, true },
                 { "num_batches_tracked", {}, true, true } };
    case Kind::Dense:
        return { { "weight", { out, in } }, { "bias", { out } } };
    case Kind::Recurrent: {
        const std::int64_t gates = (cell == RecurrentCell::Lstm ? 4 : 3) * std::int64_t(out);
        std::vector<WeightTensorShape> all;
        for (int layer = 0; layer < layers; ++layer) {
            const std::string suffix = "_l" + std::to_string(layer);
            all.push_back({ "weight_ih" + suffix, { gates, layer == 0 ? in : out } });
            all.push_back({ "weight_hh" + suffix, { gates, out } });
            all.push_back({ "bias_ih" + suffix, { gates } });
            all.push_back({ "bias_hh" + suffix, { gates } });
        }
        return all;
    }
    }
    return {};
}

std::int64_t LayerWeights::parameterCount() const
{
    std::int64_t count = 0;
    for (const WeightTensorShape &tensor : tensors()) {
        if (tensor.buffer)
            continue;
        std::int64_t elements = 1;
        for (std::int64_t d : tensor.shape)
            elements *= d;
        count += elements;
    }
    return count;
}

} // namespace deepterra
