#include "inference/private/inferenceweights.h"

#include "models/graph/torchscriptsource.h"

#include <stdexcept>

namespace deepterra {

InferenceWeights::InferenceWeights(const LayerGraph &graph, const ScriptAttributes &attributes)
    : m_graph(graph)
{
    for (const auto &[name, tensor] : attributes.parameters)
        m_tensors[name] = tensor.detach().to(torch::kFloat).contiguous();
    for (const auto &[name, tensor] : attributes.buffers)
        m_tensors[name] = tensor.detach().to(torch::kFloat).contiguous();
}

const LayerWeights &InferenceWeights::layerOf(int node) const
{
    return m_graph.weights()[std::size_t(m_graph.nodes()[std::size_t(node)].weights)];
}

const torch::Tensor &InferenceWeights::tensor(const LayerWeights &layer, const char *name) const
{
    const auto found = m_tensors.find(TorchScriptSource::attributeName(layer.path + "." + name));
    if (found == m_tensors.end())
        throw std::runtime_error("the network has no weight " + layer.path + "." + name);
    return found->second;
}

InferenceWeights::Convolution InferenceWeights::convolution(const InferenceForm::Step &step) const
{
    const LayerWeights &conv = layerOf(step.conv);
    Convolution result { tensor(conv, "weight"), conv.bias ? tensor(conv, "bias") : torch::Tensor() };
    if (conv.kind == LayerWeights::Kind::ConvTranspose2d) {
        // [in, out, 2, 2] -> [(dy, dx, out), in, 1, 1]: output channel (2 * dy + dx) * out + c.
        const torch::Tensor &w = result.weight;
        result.weight = w.permute({ 2, 3, 1, 0 }).reshape({ -1, w.size(0), 1, 1 }).contiguous();
        result.bias = result.bias.repeat(4).contiguous();
        return result;
    }
    if (step.norm < 0)
        return result;
    const LayerWeights &bn = layerOf(step.norm);
    const torch::Tensor scale = tensor(bn, "weight") / torch::sqrt(tensor(bn, "running_var") + 1e-05);
    result.bias = conv.bias ? (result.bias - tensor(bn, "running_mean")) * scale + tensor(bn, "bias")
                            : tensor(bn, "bias") - tensor(bn, "running_mean") * scale;
    result.weight = (result.weight * scale.view({ -1, 1, 1, 1 })).contiguous();
    return result;
}

} // namespace deepterra
