#include "training/private/batchstep.h"

#include "distributed/private/gradientreducer.h"
#include "models/private/torchrandomguard.h"
#include "training/private/autocastscope.h"
#include "training/private/batchtensors.h"
#include "training/private/losses.h"

#include <cmath>

namespace deepterra {

namespace {

// Rank 0's values of `state` on every rank.
void broadcastFromLead(std::vector<torch::Tensor> state, ProcessGroup &group)
{
    if (state.empty())
        return;
    const torch::NoGradGuard noGrad;
    std::vector<at::Tensor> copies;
    for (const torch::Tensor &tensor : state)
        copies.push_back(tensor.detach().to(torch::kCPU).contiguous().clone());
    group.privateData().broadcastFromLead(copies);
    for (std::size_t i = 0; i < state.size(); ++i)
        state[i].copy_(copies[i].to(state[i].device()));
}

} // namespace

BatchStep::BatchStep(NetworkImpl &network, const TrainingData &data, const TrainingConfig &config,
                     torch::Tensor classWeights, torch::Device device, std::shared_ptr<ProcessGroup> group)
    : m_network(network)
    , m_data(data)
    , m_config(config)
    , m_classWeights(std::move(classWeights))
    , m_device(device)
    , m_group(group && group->size() > 1 ? std::move(group) : nullptr)
{
    if (!m_group)
        return;
    // Every rank starts from rank 0's weights and batch-norm statistics.
    shareLeadState();
    {
        // Each rank draws its own dropout masks: the same stream on every rank would drop the same
        // units of every slice.
        const TorchRandomGuard guard(TorchRandomGuard::Draws::Keep);
        torch::manual_seed(m_config.seed + 0x9e3779b97f4a7c15ULL * std::uint64_t(m_group->rank() + 1));
    }
    m_reducer = std::make_unique<GradientReducer>(m_group->privateData(), m_network.parameters());
}

BatchStep::~BatchStep() = default;

void BatchStep::shareLeadState()
{
    if (!m_group)
        return;
    std::vector<torch::Tensor> state = m_network.parameters();
    for (const torch::Tensor &buffer : m_network.buffers())
        state.push_back(buffer);
    broadcastFromLead(std::move(state), *m_group);
}

void BatchStep::shareLeadBuffers()
{
    if (m_group)
        broadcastFromLead(m_network.buffers(), *m_group);
}

torch::Tensor BatchStep::loss(SampleBatch &batch, double *denominator)
{
    const BatchTensors t = BatchTensors::from(batch, m_device);
    torch::Tensor output;
    {
        // Dropout draws from LibTorch's shared generator: no other thread's draws between.
        const TorchRandomGuard guard(TorchRandomGuard::Draws::Keep);
        // Mixed precision: the network in 16 bits, the loss from float32 outputs (autocast refuses
        // binary cross-entropy on a GPU, and would compute the other losses in float32 anyway).
        const AutocastScope autocast(m_config.precision, m_device);
        output = m_network.forward(t.inputs);
    }
    if (output.scalar_type() != torch::kFloat32)
        output = output.to(torch::kFloat32);
    const bool autoencoder
        = m_data.task == TaskKind::RasterAutoencoder || m_data.task == TaskKind::SeriesAutoencoder;
    const torch::Tensor regression
        = autoencoder ? (t.targets.defined() ? t.targets.view_as(output) : t.inputs) : t.targets;
    if (denominator)
        *denominator = lossDenominator(m_config, output, t.classes, m_classWeights);
    return computeLoss(m_config, output, t.classes, regression, m_classWeights);
}

BatchStep::Result BatchStep::run(SampleBatch &batch, bool stopRequested, double lossScale)
{
    Result result;
    if (!m_group) {
        result.canceled = stopRequested;
        if (stopRequested)
            return result;
        const torch::Tensor value = loss(batch, nullptr);
        result.loss = value.item<double>();
        result.examples = batch.size;
        if (std::isfinite(result.loss))
            (lossScale == 1.0 ? value : value * lossScale).backward();
        return result;
    }

    m_reducer->startStep();
    torch::Tensor local;
    double denominator = 0.0;
    double sum = 0.0;
    if (batch.size > 0 && !stopRequested) {
        local = loss(batch, &denominator);
        // A slice without labelled pixels has no loss (its mean would be 0 / 0).
        sum = denominator > 0.0 ? local.item<double>() * denominator : 0.0;
    }
    std::vector<double> totals { sum, denominator, double(batch.size), stopRequested ? 1.0 : 0.0 };
    m_group->allReduceSum(totals);
    result.canceled = totals[3] > 0.0;
    result.examples = std::size_t(totals[2]);
    if (totals[1] == 0.0 && m_config.loss == LossKind::Focal) {
        // No labelled pixel in the whole batch: one process's focal loss is 0 with no gradient.
        m_reducer->finishStep();
        result.loss = 0.0;
        return result;
    }
    result.loss = totals[1] > 0.0 ? totals[0] / totals[1] : std::nan("");
    if (result.canceled || !std::isfinite(result.loss))
        return result;
    if (denominator > 0.0)
        (local * (denominator / totals[1] * lossScale)).backward();
    m_reducer->finishStep();
    return result;
}

} // namespace deepterra
