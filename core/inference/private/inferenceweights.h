#pragma once

// Core-private: only core .cpp files include this.

#include "models/graph/inferenceform.h"
#include "models/private/scriptmodule.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace deepterra {

// A network's weights as its inference form (InferenceForm) uses them: a convolution's with the
// batch norm after it folded in, computed in float as freezing evaluates TorchScriptSource's
// expressions for the TorchScript form, so that both forms give the same outputs; a 2x2 transposed
// convolution's as the 1x1 convolution to (dy, dx, channel) that replaces it.
class InferenceWeights
{
public:
    struct Convolution
    {
        torch::Tensor weight; // [out, in, k, k], contiguous
        torch::Tensor bias; // [out], or undefined
    };

    // `graph` must outlive this.
    InferenceWeights(const LayerGraph &graph, const ScriptAttributes &attributes);

    // A layer's tensor by its name within the layer ("running_var"); throws std::runtime_error
    // naming it when the attributes lack it.
    const torch::Tensor &tensor(const LayerWeights &layer, const char *name) const;
    // The weights of a step that runs a convolution (step.conv >= 0).
    Convolution convolution(const InferenceForm::Step &step) const;

private:
    const LayerWeights &layerOf(int node) const;

    const LayerGraph &m_graph;
    std::map<std::string, torch::Tensor> m_tensors;
};

} // namespace deepterra
