#pragma once

// Core-private: only core .cpp files include this.

#include "models/graph/torchscriptsource.h"
#include "models/modelspec.h"

#include <torch/script.h>

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace deepterra {

class InferenceModel;
class OneDnnNetwork;

// An InferenceModel's network prepared for evaluating many batches on the CPU. U-Nets and ResUNets
// run their inference form (InferenceForm: channels-last, batch norm folded) on oneDNN primitives of
// their own (OneDnnNetwork) where Deepterra was built with oneDNN, and otherwise as a frozen
// TorchScript module in that form (TorchScriptSource::Form::Inference); CNNs are optimised as
// torch.jit.optimize_for_inference does (batch norm folded, weights pre-packed, activations in
// oneDNN's blocked layout). A run and its exported TorchScript build the same module, so they
// still give the same maps; against the unoptimised network the outputs differ by rounding only
// (~1e-7). On a CUDA device the network is the model's portable TorchScript module moved there and
// frozen (cuDNN picks its own kernels); inputs must be on that device.
class OptimizedNetwork
{
public:
    enum class Runtime {
        Fastest, // OneDnnNetwork where it applies, else the TorchScript form
        TorchScript, // the frozen TorchScript inference form (for tests comparing the two)
    };

    // Falls back to the model's own network when TorchScript cannot optimise this one, or the
    // optimised module fails on its first batch, and says why in fallbackReason(). With masked
    // dropout (Monte Carlo dropout), forward() takes the masks of the graph's dropout nodes, and the
    // fallback is the model's portable TorchScript module with masked dropout.
    explicit OptimizedNetwork(const InferenceModel &model,
                              TorchScriptSource::Dropout dropout = TorchScriptSource::Dropout::Identity,
                              const torch::Device &device = torch::kCPU, Runtime runtime = Runtime::Fastest);
    ~OptimizedNetwork();

    // Same contract as InferenceNetwork::forward; the output may be an inference tensor (no
    // in-place changes or autograd outside c10::InferenceMode). `masks`: one per dropout node of
    // the graph, in order, when the dropout is masked (shaped like the node's input, values 0 or
    // 1 / keep).
    torch::Tensor forward(const torch::Tensor &input, const std::vector<torch::Tensor> &masks = {});

    // U-Nets and ResUNets (and CNNs with LibTorch 1.x); others run as they are.
    static bool supports(ModelKind kind);
    // The fully convolutional segmenters, which run their channels-last InferenceForm.
    static bool runsInferenceForm(ModelKind kind);
    bool isOptimized() const { return m_optimized; }
    bool runsOneDnn() const { return m_oneDnn != nullptr; }
    const torch::Device &device() const { return m_device; }
    const QString &fallbackReason() const { return m_fallbackReason; }
    // The optimised forward's TorchScript graph, for tests and logs; empty when it runs on oneDNN.
    QString graphText() const;

private:
    void buildTorchScript();
    torch::Tensor runFallback(const torch::Tensor &input, const std::vector<torch::Tensor> &masks);

    const InferenceModel &m_model;
    TorchScriptSource::Dropout m_dropout;
    torch::Device m_device;
    std::unique_ptr<OneDnnNetwork> m_oneDnn;
    torch::jit::Module m_module;
    bool m_hasModule = false;
    std::optional<torch::jit::Module> m_maskedFallback;
    bool m_optimized = false;
    bool m_ranOptimized = false;
    QString m_fallbackReason;
};

} // namespace deepterra
