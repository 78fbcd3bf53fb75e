#pragma once

// Core-private: the TorchScript side of ExportedModel. Only core .cpp files include this.

#include "export/exportedmodel.h"
#include "inference/private/inferencenetwork.h"

#include <torch/script.h>

namespace deepterra {

struct ExportedModel::Private : InferenceNetwork
{
    QString modelPath;
    QString cardPath; // empty: the card inside the module
    QJsonObject card;
    RunMetadata metadata;
    mutable torch::jit::Module module;

    // What Model's network->forward(x) returns for the run (no gradients are recorded).
    torch::Tensor forward(const torch::Tensor &x) override
    {
        torch::NoGradGuard noGrad;
        return module.forward({ x }).toTensor();
    }

    ScriptAttributes scriptAttributes() const override { return ScriptModule::attributesOf(module); }
};

} // namespace deepterra
