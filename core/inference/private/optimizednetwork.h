#pragma once

// Core-private: only core .cpp files include this.

#include <torch/script.h>

#include <QString>

namespace deepterra {

class InferenceModel;

// An InferenceModel's network prepared for evaluating many batches on the CPU: its TorchScript
// module (ScriptModule), frozen and optimised for inference as torch.jit.optimize_for_inference
// does: batch norm folded into the convolutions, weights pre-packed and activations kept in
// oneDNN's blocked layout between layers. U-Net tiles run about 1.3x faster than through the
// training modules. A run and its exported TorchScript build the same module, so they still give
// the same maps; against the unoptimised network the outputs differ by rounding only (~1e-6).
class OptimizedNetwork
{
public:
    // Falls back to the model's own network when TorchScript cannot optimise this one, and says why
    // in fallbackReason().
    explicit OptimizedNetwork(const InferenceModel &model);

    // Same contract as InferenceNetwork::forward.
    torch::Tensor forward(const torch::Tensor &input);

    bool isOptimized() const { return m_optimized; }
    const QString &fallbackReason() const { return m_fallbackReason; }
    QString graphText() const; // the optimised forward's TorchScript graph, for tests and logs

private:
    const InferenceModel &m_model;
    torch::jit::Module m_module;
    bool m_optimized = false;
    QString m_fallbackReason;
};

} // namespace deepterra
