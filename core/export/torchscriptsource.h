#pragma once

#include "models/modelspec.h"

#include <QString>

namespace deepterra {

// The TorchScript source of a network's forward(), generated from its spec. It calls the same ATen
// operators, in the same order and with the same arguments, as the LibTorch modules in
// core/models/private, so that the exported module's output equals the engine's bit for bit. The
// weights are attributes named after the network's parameters with dots replaced by underscores
// ("block1_conv.weight" -> self.block1_conv_weight): TorchScript attribute names cannot hold dots.
class TorchScriptSource
{
public:
    enum class Form {
        // What the engine's modules call: the exported .pt, read by any TorchScript runtime.
        Portable,
        // For a module that is frozen before it runs on the CPU (OptimizedNetwork): a U-Net's is
        // UNetInferenceSource's (channels-last, batch norm folded, no concatenation); other
        // networks' is the portable form.
        Inference,
    };

    static QString forward(const ModelSpec &spec, Form form = Form::Portable);
    static std::string attributeName(const std::string &parameterName);
};

} // namespace deepterra
