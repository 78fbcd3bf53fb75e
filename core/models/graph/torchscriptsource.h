#pragma once

#include "models/graph/layergraph.h"
#include "models/modelspec.h"

#include <QString>

namespace deepterra {

// The TorchScript source of a network's forward(), read from its layer graph. It calls the same
// ATen operators, in the same order and with the same arguments, as the training module
// (NetworkImpl), so that the exported module's output equals the engine's bit for bit. The
// weights are attributes named after the network's parameters with dots replaced by underscores
// ("down1.conv1.weight" -> self.down1_conv1_weight): TorchScript attribute names cannot hold dots.
class TorchScriptSource
{
public:
    enum class Form {
        // What the training module computes: the exported .pt, read by any TorchScript runtime.
        Portable,
        // For a module that is frozen before it runs on the CPU (OptimizedNetwork): a fully
        // convolutional network's InferenceForm (channels-last, batch norm folded, no
        // concatenation); other networks' is the portable form.
        Inference,
    };

    enum class Dropout {
        Identity, // evaluation: dropout does nothing
        // forward(self, x, masks: List[Tensor]): the graph's dropout nodes, in order, multiply their
        // input by a mask (0 or 1 / keep, drawn by the caller): Monte Carlo dropout whose draws do not
        // depend on the thread or stream that runs the batch.
        Masked,
    };

    static QString forward(const LayerGraph &graph, Form form = Form::Portable,
                           Dropout dropout = Dropout::Identity);
    static QString forward(const ModelSpec &spec, Form form = Form::Portable,
                           Dropout dropout = Dropout::Identity);
    static std::string attributeName(const std::string &parameterName);
};

} // namespace deepterra
