#pragma once

// Core-private: only core .cpp files include this.

#include "models/graph/layergraph.h"
#include "models/private/scriptmodule.h"

#include <torch/torch.h>

#include <memory>

namespace deepterra {

// A fully convolutional network (U-Net, ResUNet) evaluated on the CPU by oneDNN primitives of its
// own, step by step as InferenceForm rewrites its graph. What the TorchScript inference form leaves
// to LibTorch, which makes oneDNN's primitive descriptors again at every call and reorders the
// weights each time, is done once per input shape here: primitives made, weights reordered into the
// layout the kernels want, every activation given a place in buffers reused once their last reader
// has run. Fused as post-ops: the ReLU after a convolution, the residual addition (in the shortcut's
// own buffer when nothing reads it later) and the sum of a concatenation's convolved halves. Steps
// oneDNN has no exact equivalent for (upsampling, unfused additions, concatenations and activations)
// run through LibTorch on views of the same buffers. Against the engine's modules the outputs differ
// by float rounding only (folded batch norm, reordered sums).
class OneDnnNetwork
{
public:
    // Throws std::runtime_error when this build cannot run it (available()), or when the graph has a step
    // this runtime does not run (a transposed convolution other than 2x2 with stride 2).
    OneDnnNetwork(const LayerGraph &graph, const ScriptAttributes &attributes);
    ~OneDnnNetwork();
    OneDnnNetwork(const OneDnnNetwork &) = delete;
    OneDnnNetwork &operator=(const OneDnnNetwork &) = delete;

    // True when Deepterra was built with oneDNN 2's headers (libdnnl-dev on Debian 12; see the
    // .cpp for oneDNN 3).
    static bool available();

    // The network's logits, NCHW and contiguous, for a float NCHW input on the CPU. The primitives
    // and buffers are made for the first input's shape and kept while the shape stays the same.
    torch::Tensor forward(const torch::Tensor &input);

private:
    class Runtime;
    std::unique_ptr<Runtime> m_runtime;
};

} // namespace deepterra
