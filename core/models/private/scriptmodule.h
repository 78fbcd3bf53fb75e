#pragma once

// Core-private: builds TorchScript modules of the engine's networks. Only core .cpp files include this.

#include "models/graph/torchscriptsource.h"
#include "models/modelspec.h"

#include <torch/script.h>

#include <string>
#include <utility>
#include <vector>

namespace deepterra {

struct NetworkImpl;

// A network's weights under their TorchScript attribute names (TorchScriptSource::attributeName).
struct ScriptAttributes
{
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    std::vector<std::pair<std::string, torch::Tensor>> buffers; // batch-norm running statistics
};

// The TorchScript module of a network: its weights as attributes and forward() from
// TorchScriptSource. The exporter saves it; prediction freezes and optimises it. Both start from
// here so that an exported model and its run give the same maps.
class ScriptModule
{
public:
    // Copies of the engine network's weights, on the CPU.
    static ScriptAttributes attributesOf(NetworkImpl &network);
    // The weights of a module built here (and perhaps saved and loaded again), shared, not copied.
    static ScriptAttributes attributesOf(const torch::jit::Module &module);
    // Throws std::exception when the generated source does not compile (a bug, not bad input).
    static torch::jit::Module build(const ModelSpec &spec, const ScriptAttributes &attributes,
                                    TorchScriptSource::Form form = TorchScriptSource::Form::Portable,
                                    TorchScriptSource::Dropout dropout
                                    = TorchScriptSource::Dropout::Identity);
};

} // namespace deepterra
