#include "inference/private/optimizednetwork.h"

#include "inference/private/inferencenetwork.h"

#include <torch/version.h>

#ifndef TORCH_VERSION_MAJOR
#error "torch/version.h did not define TORCH_VERSION_MAJOR"
#endif

namespace deepterra {

bool OptimizedNetwork::supports(ModelKind kind)
{
    // Checked where it was measured. With LibTorch 2.6 (Debian 13) the optimised CNN and
    // convolutional autoencoder spun in a LibTorch loop for minutes on the prediction tests'
    // small tiles, so there only U-Nets are optimised; autoencoders run the engine's modules
    // everywhere (their maps are not where prediction spends its time).
#if TORCH_VERSION_MAJOR < 2
    return kind == ModelKind::UNet || kind == ModelKind::Cnn;
#else
    return kind == ModelKind::UNet;
#endif
}

OptimizedNetwork::OptimizedNetwork(const InferenceModel &model)
    : m_model(model)
{
    if (!supports(model.metadata().spec().kind())) {
        m_fallbackReason = QStringLiteral("this kind of network is not optimised");
        return;
    }
    try {
        torch::jit::Module module = ScriptModule::build(
            model.metadata().spec(), model.network().scriptAttributes(), TorchScriptSource::Form::Inference);
        // optimize_for_inference expects a frozen module: it rewrites constants, not attributes.
        torch::jit::Module frozen = torch::jit::freeze(module);
        m_module = torch::jit::optimize_for_inference(frozen);
        m_optimized = true;
    } catch (const std::exception &e) {
        m_fallbackReason = QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0);
    }
}

torch::Tensor OptimizedNetwork::forward(const torch::Tensor &input)
{
    if (m_optimized) {
        try {
            // InferenceMode, not NoGradGuard: with the autograd keys still in play LibTorch 2.6
            // cannot dispatch max_pool2d on oneDNN tensors ("kernels registered to both
            // CompositeImplicitAutograd and a backend mapped to AutogradOther").
            c10::InferenceMode inference;
            torch::Tensor output = m_module.forward({ input }).toTensor();
            m_ranOptimized = true;
            return output;
        } catch (const std::exception &e) {
            // Once it has run, a failure is the batch's (memory, input), not the optimisation's.
            if (m_ranOptimized)
                throw;
            m_optimized = false;
            m_fallbackReason = QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0);
        }
    }
    return m_model.network().forward(input);
}

QString OptimizedNetwork::graphText() const
{
    if (!m_optimized)
        return {};
    return QString::fromStdString(m_module.get_method("forward").graph()->toString());
}

} // namespace deepterra
