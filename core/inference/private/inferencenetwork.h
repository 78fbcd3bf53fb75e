#pragma once

// Core-private: the torch side of InferenceModel. Only core .cpp files include this.

#include "inference/inferencemodel.h"
#include "models/private/scriptmodule.h"

#include <torch/torch.h>

namespace deepterra {

// The network of an InferenceModel: the engine's LibTorch module (TrainedModel) or a TorchScript
// module (ExportedModel).
class InferenceNetwork
{
public:
    virtual ~InferenceNetwork() = default;
    // The network's raw output (logits, reconstructions, normalised forecasts) for a normalised
    // input, in evaluation mode, recording no gradients.
    virtual torch::Tensor forward(const torch::Tensor &input) = 0;
    // The network's weights under their TorchScript names, for ScriptModule::build.
    virtual ScriptAttributes scriptAttributes() const = 0;

protected:
    InferenceNetwork() = default;
    InferenceNetwork(const InferenceNetwork &) = default;
    InferenceNetwork &operator=(const InferenceNetwork &) = default;
};

} // namespace deepterra
