#include "inference/private/optimizednetwork.h"

#include "common/dataerror.h"
#include "inference/private/inferencenetwork.h"
#include "inference/private/onednnnetwork.h"
#include "models/graph/networkgraph.h"
#include "runtime/onednncheck.h"

#include <torch/version.h>

// TorchScriptSource writes torch.channels_last as its value (it compiles without torch).
static_assert(static_cast<int>(c10::MemoryFormat::ChannelsLast) == 2);

#ifndef TORCH_VERSION_MAJOR
#error "torch/version.h did not define TORCH_VERSION_MAJOR"
#endif

namespace deepterra {

namespace {

// TorchScript's compile errors begin with an empty line; the first line with text says what failed.
QString firstLineOf(const char *message)
{
    const QStringList lines = QString::fromUtf8(message).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines)
        if (!line.trimmed().isEmpty())
            return line.trimmed();
    return QStringLiteral("unknown error");
}

} // namespace

bool OptimizedNetwork::supports(ModelKind kind)
{
    // Checked where it was measured. With LibTorch 2.6 (Debian 13) the optimised CNN and
    // convolutional autoencoder spun in a LibTorch loop for minutes on the prediction tests'
    // small tiles, so there only the segmenters are optimised; autoencoders run the engine's
    // modules everywhere (their maps are not where prediction spends its time).
#if TORCH_VERSION_MAJOR < 2
    return runsInferenceForm(kind) || kind == ModelKind::Cnn;
#else
    return runsInferenceForm(kind);
#endif
}

bool OptimizedNetwork::runsInferenceForm(ModelKind kind)
{
    return kind == ModelKind::UNet || kind == ModelKind::ResUNet;
}

OptimizedNetwork::OptimizedNetwork(const InferenceModel &model, TorchScriptSource::Dropout dropout,
                                   const torch::Device &device, Runtime runtime)
    : m_model(model)
    , m_dropout(dropout)
    , m_device(device)
{
    if (m_device.is_cuda()) {
        // The engine's modules stay on the CPU for the other users of the model; the GPU gets a
        // copy of its own, made before freezing, which turns the weights into constants of the graph.
        try {
            // Copies on the device: an exported model's attributes are its own module's tensors,
            // which to() would move in place under the other streams and users of the model.
            ScriptAttributes attributes = model.network().scriptAttributes();
            for (auto &[name, tensor] : attributes.parameters)
                tensor = tensor.detach().to(m_device, /*non_blocking=*/false, /*copy=*/true);
            for (auto &[name, tensor] : attributes.buffers)
                tensor = tensor.detach().to(m_device, /*non_blocking=*/false, /*copy=*/true);
            torch::jit::Module module = ScriptModule::build(model.metadata().spec(), attributes,
                                                            TorchScriptSource::Form::Portable, dropout);
            module.eval();
            m_module = torch::jit::freeze(module);
            m_hasModule = true;
            m_optimized = true;
        } catch (const std::exception &e) {
            throw DataError(QString(),
                            QStringLiteral("the network could not be set up on %1: %2")
                                .arg(QString::fromStdString(m_device.str()), firstLineOf(e.what())));
        }
        return;
    }
    if (!supports(model.metadata().spec().kind())) {
        m_fallbackReason = QStringLiteral("this kind of network is not optimised");
        return;
    }
    // Monte Carlo dropout's masks are inputs of the TorchScript form only.
    if (runtime == Runtime::Fastest && runsInferenceForm(model.metadata().spec().kind())
        && dropout == TorchScriptSource::Dropout::Identity && OneDnnNetwork::available()
        && OneDnnCheck::ensure()) {
        try {
            m_oneDnn = std::make_unique<OneDnnNetwork>(NetworkGraph::build(model.metadata().spec()),
                                                       model.network().scriptAttributes());
            m_optimized = true;
            return;
        } catch (const std::exception &) {
            // The TorchScript form runs what oneDNN here does not.
        }
    }
    buildTorchScript();
}

OptimizedNetwork::~OptimizedNetwork() = default;

void OptimizedNetwork::buildTorchScript()
{
    // Where LibTorch's oneDNN computes convolutions wrong (OneDnnCheck), the inference form, which
    // calls it directly, gives way to the portable form with LibTorch's own convolutions.
    const bool oneDnn = OneDnnCheck::ensure();
    try {
        torch::jit::Module module = ScriptModule::build(
            m_model.metadata().spec(), m_model.network().scriptAttributes(),
            oneDnn ? TorchScriptSource::Form::Inference : TorchScriptSource::Form::Portable, m_dropout);
        // Freezing turns the attributes into constants and evaluates what depends on them only
        // (the segmenters' folded batch norm). optimize_for_inference then moves a CNN's
        // activations into oneDNN's blocked layout; the segmenters' inference form is already laid
        // out for oneDNN, and the blocked layout would reorder around each upsampling.
        torch::jit::Module frozen = torch::jit::freeze(module);
        m_module = runsInferenceForm(m_model.metadata().spec().kind()) || !oneDnn
            ? frozen
            : torch::jit::optimize_for_inference(frozen);
        m_hasModule = true;
        m_optimized = true;
    } catch (const std::exception &e) {
        m_optimized = false;
        m_fallbackReason = firstLineOf(e.what());
    }
}

torch::Tensor OptimizedNetwork::forward(const torch::Tensor &input, const std::vector<torch::Tensor> &masks)
{
    if (m_oneDnn) {
        try {
            torch::Tensor output = m_oneDnn->forward(input);
            m_ranOptimized = true;
            return output;
        } catch (const std::exception &) {
            if (m_ranOptimized)
                throw;
            // Before its first batch has run, a failure is oneDNN's: the TorchScript form takes over.
            m_oneDnn.reset();
            buildTorchScript();
        }
    }
    if (m_optimized) {
        try {
            // InferenceMode, not NoGradGuard: with the autograd keys still in play LibTorch 2.6
            // cannot dispatch max_pool2d on oneDNN tensors ("kernels registered to both
            // CompositeImplicitAutograd and a backend mapped to AutogradOther").
            c10::InferenceMode inference;
            std::vector<torch::IValue> inputs { input };
            if (m_dropout == TorchScriptSource::Dropout::Masked)
                inputs.emplace_back(c10::List<torch::Tensor>(masks));
            torch::Tensor output = m_module.forward(inputs).toTensor();
            m_ranOptimized = true;
            return output;
        } catch (const std::exception &e) {
            // Once it has run, a failure is the batch's (memory, input), not the optimisation's; on
            // a GPU there is nothing to fall back to (the engine's modules are on the CPU).
            if (m_ranOptimized || m_device.is_cuda())
                throw;
            m_optimized = false;
            m_fallbackReason = firstLineOf(e.what());
        }
    }
    return runFallback(input, masks);
}

torch::Tensor OptimizedNetwork::runFallback(const torch::Tensor &input,
                                            const std::vector<torch::Tensor> &masks)
{
    if (m_dropout == TorchScriptSource::Dropout::Identity)
        return m_model.network().forward(input);
    // The engine's modules have no masked dropout; the portable TorchScript computes the same.
    if (!m_maskedFallback)
        m_maskedFallback
            = ScriptModule::build(m_model.metadata().spec(), m_model.network().scriptAttributes(),
                                  TorchScriptSource::Form::Portable, m_dropout);
    torch::NoGradGuard noGrad;
    return m_maskedFallback->forward({ input, c10::List<torch::Tensor>(masks) }).toTensor();
}

QString OptimizedNetwork::graphText() const
{
    if (!m_hasModule)
        return {};
    return QString::fromStdString(m_module.get_method("forward").graph()->toString());
}

} // namespace deepterra
