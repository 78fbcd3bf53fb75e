#include "inference/private/tileevaluator.h"

#include "common/dataerror.h"
#include "inference/inferencemodel.h"
#include "models/graph/networkgraph.h"

#include <ATen/CPUGeneratorImpl.h>

namespace deepterra {

namespace {

std::uint64_t mix(std::uint64_t value)
{
    // splitmix64's finaliser: neighbouring batches and passes get unrelated seeds.
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

// Augmentation k of the dihedral group: k % 4 quarter turns, then a left-right flip for k >= 4.
torch::Tensor augment(const torch::Tensor &x, int k)
{
    torch::Tensor y = k % 4 == 0 ? x : torch::rot90(x, k % 4, { 2, 3 });
    return k >= 4 ? y.flip({ 3 }) : y;
}

torch::Tensor undoAugment(const torch::Tensor &y, int k)
{
    torch::Tensor x = k >= 4 ? y.flip({ 3 }) : y;
    return k % 4 == 0 ? x : torch::rot90(x, -(k % 4), { 2, 3 });
}

torch::Tensor entropy(const torch::Tensor &p)
{
    return -(p * p.clamp_min(1e-12).log()).sum(1, true);
}

} // namespace

TileEvaluator::TileEvaluator(const InferenceModel &model, const UncertaintySettings &settings)
    : m_settings(settings)
    , m_classify(model.metadata().task() != TaskKind::RasterAutoencoder)
    , m_denseInput(model.metadata().spec().kind() == ModelKind::DenseAutoencoder)
    , m_classes(int(model.metadata().classes().size()))
    , m_graph(NetworkGraph::build(model.metadata().spec()))
{
    for (std::size_t n = 0; n < m_graph.nodes().size(); ++n)
        if (m_graph.nodes()[n].op == LayerOp::Dropout)
            m_dropoutNodes.push_back(int(n));
    if (m_settings.method == UncertaintyMethod::McDropout && m_dropoutNodes.empty())
        throw DataError(
            model.displayPath(),
            QStringLiteral("the model has no dropout layers, so Monte Carlo dropout's passes would "
                           "all be the same: train a model with dropout (the U-Net's or CNN's "
                           "dropout setting), or use test-time augmentation (tta)"));
}

TorchScriptSource::Dropout TileEvaluator::dropoutMode() const
{
    return m_settings.method == UncertaintyMethod::McDropout ? TorchScriptSource::Dropout::Masked
                                                             : TorchScriptSource::Dropout::Identity;
}

int TileEvaluator::planes() const
{
    const int values = m_classify ? m_classes : 1;
    return values + (m_settings.enabled() ? UncertaintySettings::bandCount(m_classify) : 0);
}

std::vector<torch::Tensor> TileEvaluator::dropoutMasks(const torch::Tensor &x, std::uint64_t batchIndex,
                                                       int pass) const
{
    std::vector<std::int64_t> input = x.sizes().vec();
    if (m_denseInput)
        input = { x.size(0), x.numel() / x.size(0) };
    const std::vector<std::vector<std::int64_t>> shapes = m_graph.shapes(input);
    at::Generator generator = at::detail::createCPUGenerator(
        mix(m_settings.seed ^ mix(batchIndex * 1000003ULL + std::uint64_t(pass))));
    std::vector<torch::Tensor> masks;
    for (int node : m_dropoutNodes) {
        const double keep = 1.0 - m_graph.nodes()[std::size_t(node)].rate;
        // The draws LibTorch's dropout makes in training: kept with probability `keep`, scaled by 1 / keep.
        masks.push_back(
            torch::empty(shapes[std::size_t(node)]).bernoulli_(keep, generator).div_(keep).to(x.device()));
    }
    return masks;
}

torch::Tensor TileEvaluator::pass(OptimizedNetwork &network, const torch::Tensor &x, std::uint64_t batchIndex,
                                  int pass) const
{
    const bool augmented = m_settings.method == UncertaintyMethod::TestTimeAugmentation;
    const torch::Tensor input = augmented ? augment(x, pass).contiguous() : x;
    const std::vector<torch::Tensor> masks = m_settings.method == UncertaintyMethod::McDropout
        ? dropoutMasks(x, batchIndex, pass)
        : std::vector<torch::Tensor>();
    torch::Tensor output = m_denseInput
        ? network.forward(input.reshape({ input.size(0), -1 }), masks).reshape(input.sizes())
        : network.forward(input, masks);
    if (m_classify)
        output = torch::softmax(output, 1);
    else
        output = (output - input).pow(2).mean(1, true);
    // A patch classifier's output is one value per tile: nothing to turn back.
    return augmented && output.dim() == 4 ? undoAugment(output, pass) : output;
}

torch::Tensor TileEvaluator::evaluate(OptimizedNetwork &network, const torch::Tensor &cpuTiles,
                                      std::uint64_t batchIndex) const
{
    // On a GPU: the copy there overlaps whatever the device is still doing (the tiles are in pinned
    // memory), the copy back waits for the result. The masks are drawn on the CPU either way, so a
    // map does not depend on the device's random generator.
    const bool onGpu = network.device() != cpuTiles.device();
    const torch::Tensor x = onGpu ? cpuTiles.to(network.device(), /*non_blocking=*/true) : cpuTiles;
    const auto back = [&](const torch::Tensor &result) {
        return onGpu ? result.to(torch::kCPU).contiguous() : result.contiguous();
    };
    if (!m_settings.enabled())
        return back(pass(network, x, batchIndex, 0));
    c10::InferenceMode inference;
    const int passes = m_settings.passCount();
    torch::Tensor sum;
    torch::Tensor sumOfSquares;
    torch::Tensor sumOfEntropies;
    for (int k = 0; k < passes; ++k) {
        const torch::Tensor p = pass(network, x, batchIndex, k);
        if (k == 0) {
            sum = p.clone();
            sumOfSquares = p * p;
            if (m_classify)
                sumOfEntropies = entropy(p);
            continue;
        }
        sum.add_(p);
        sumOfSquares.addcmul_(p, p);
        if (m_classify)
            sumOfEntropies.add_(entropy(p));
    }
    const torch::Tensor mean = sum / passes;
    const torch::Tensor spread = (sumOfSquares / passes - mean * mean).clamp_min(0.0).sqrt();
    if (!m_classify)
        return back(torch::cat({ mean, spread }, 1));
    const torch::Tensor predictive = entropy(mean);
    const torch::Tensor mutualInformation = (predictive - sumOfEntropies / passes).clamp_min(0.0);
    return back(torch::cat({ mean, predictive, mutualInformation, spread.mean(1, true) }, 1));
}

} // namespace deepterra
