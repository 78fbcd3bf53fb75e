#include "inference/private/optimizednetwork.h"

#include "inference/private/inferencenetwork.h"

namespace deepterra {

OptimizedNetwork::OptimizedNetwork(const InferenceModel &model)
    : m_model(model)
{
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
    if (!m_optimized)
        return m_model.network().forward(input);
    torch::NoGradGuard noGrad;
    return m_module.forward({ input }).toTensor();
}

QString OptimizedNetwork::graphText() const
{
    if (!m_optimized)
        return {};
    return QString::fromStdString(m_module.get_method("forward").graph()->toString());
}

} // namespace deepterra
