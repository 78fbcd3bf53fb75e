#include "inference/saliencyjob.h"

#include "common/dataerror.h"
#include "geodata/windowgeotiff.h"
#include "inference/modelinputreader.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "models/private/modelprivate.h"
#include "render/coordinatetransformer.h"
#include "training/runfolder.h"

#include <QJsonObject>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// The square window's edge: a U-Net's a multiple of 2^depth that fits in the raster, a classifier's
// its patch.
int windowEdge(const RunMetadata &metadata, int requested, const RasterGrid &grid, const QString &input)
{
    const int shortest = std::min(grid.width, grid.height);
    const int depth = metadata.spec().segmenterDepth();
    if (depth <= 0) {
        const int patch = metadata.patchSize();
        if (shortest < patch)
            throw DataError(input,
                            QStringLiteral("the raster (%1 x %2) is smaller than the model's %3-pixel patch")
                                .arg(grid.width)
                                .arg(grid.height)
                                .arg(patch));
        return patch;
    }
    const int multiple = 1 << depth;
    const int edge = std::min(requested > 0 ? requested : 128, shortest) / multiple * multiple;
    if (edge < multiple)
        throw DataError(input,
                        QStringLiteral("the raster (%1 x %2) is smaller than the U-Net's %3-pixel minimum")
                            .arg(grid.width)
                            .arg(grid.height)
                            .arg(multiple));
    return edge;
}

} // namespace

SaliencyJob::SaliencyJob(SaliencyRequest request)
    : m_request(std::move(request))
{ }

void SaliencyJob::run(Feedback &feedback)
{
    const TrainedModel model = TrainedModel::loadRun(m_request.runFolder);
    const RunMetadata &metadata = model.metadata();
    if (metadata.task() != TaskKind::Segmentation && metadata.task() != TaskKind::PatchClassification)
        throw DataError(m_request.runFolder,
                        QStringLiteral("saliency explains class decisions: this is a %1 run")
                            .arg(TaskConfig::kindName(metadata.task())));
    if (m_request.input.isEmpty()) {
        m_request.input = RunFolder(m_request.runFolder)
                              .readConfig()
                              .value(QStringLiteral("data"))
                              .toObject()
                              .value(QStringLiteral("image"))
                              .toString();
        if (m_request.input.isEmpty())
            throw DataError(m_request.runFolder,
                            QStringLiteral("the run does not say which image it was trained on: "
                                           "name the raster to explain"));
    }
    const ModelInputReader reader(metadata, m_request.input, { m_request.output }, &feedback);
    const RasterGrid &grid = reader.grid();

    QPointF point = m_request.point;
    if (m_request.pointCrs.isValid() && grid.crs.isValid() && !m_request.pointCrs.isSameAs(grid.crs)) {
        const std::optional<QPointF> inRasterCrs
            = CoordinateTransformer(m_request.pointCrs, grid.crs).transform(point);
        if (!inRasterCrs)
            throw DataError(m_request.input,
                            QStringLiteral("the point cannot be placed in the raster's CRS"));
        point = *inRasterCrs;
    }
    const QPointF pixel = grid.geoTransform.mapToPixel(point);
    const QPoint at(int(std::floor(pixel.x())), int(std::floor(pixel.y())));
    if (at.x() < 0 || at.y() < 0 || at.x() >= grid.width || at.y() >= grid.height)
        throw DataError(m_request.input,
                        QStringLiteral("the point (%1, %2) lies outside the raster")
                            .arg(point.x(), 0, 'f', 2)
                            .arg(point.y(), 0, 'f', 2));
    const int edge = windowEdge(metadata, m_request.window, grid, m_request.input);
    const QRect window(std::clamp(at.x() - edge / 2, 0, grid.width - edge),
                       std::clamp(at.y() - edge / 2, 0, grid.height - edge), edge, edge);
    const int column = at.x() - window.x();
    const int row = at.y() - window.y();
    const RasterStack stack = reader.read(window);
    const int channels = stack.channelCount();
    const torch::Tensor input
        = torch::from_blob(const_cast<float *>(stack.values.data()), { 1, channels, edge, edge }).clone();

    NetworkImpl &network = *model.model().privateData().network;
    network.eval();
    const bool perPixel = metadata.task() == TaskKind::Segmentation;
    const auto logits = [&](const torch::Tensor &output) {
        return perPixel ? output.select(3, column).select(2, row) : output; // batch x classes
    };
    torch::Tensor inputLogits;
    torch::Tensor baselineLogits;
    {
        torch::NoGradGuard noGrad;
        inputLogits = logits(network.forward(input))[0];
        baselineLogits = logits(network.forward(torch::zeros_like(input)))[0];
    }
    const torch::Tensor probabilities = torch::softmax(inputLogits, 0);
    const int target = int(probabilities.argmax().item<std::int64_t>());
    const ClassEntry &entry = metadata.classes().entries.at(std::size_t(target));

    // Midpoint rule: the gradients at alpha = (k + 0.5) / steps, in batches of a few steps.
    const int steps = std::max(1, m_request.steps);
    constexpr int kBatch = 8;
    torch::Tensor gradients = torch::zeros_like(input[0]);
    torch::AutoGradMode gradientsOn(true);
    for (int first = 0; first < steps; first += kBatch) {
        feedback.checkpoint();
        const int count = std::min(kBatch, steps - first);
        const torch::Tensor alphas = (torch::arange(first, first + count, torch::kFloat32) + 0.5f)
                                         .div_(float(steps))
                                         .view({ count, 1, 1, 1 });
        torch::Tensor path = (alphas * input).detach().requires_grad_(true);
        logits(network.forward(path)).select(1, target).sum().backward();
        gradients += path.grad().sum(0);
        feedback.setProgress(100.0 * (first + count) / steps);
    }
    const torch::Tensor attribution = (input[0] * gradients / double(steps)).detach();

    const torch::Tensor magnitude = attribution.abs();
    const double total = magnitude.sum().item<double>();
    m_result = Result();
    m_result.pixel = at;
    m_result.window = window;
    m_result.classValue = entry.value;
    m_result.className = entry.name;
    m_result.probability = probabilities[target].item<double>();
    m_result.channels = metadata.inputChannels();
    const torch::Tensor perChannel = magnitude.sum({ 1, 2 });
    for (int c = 0; c < channels; ++c)
        m_result.channelShares.push_back(total > 0.0 ? perChannel[c].item<double>() / total : 0.0);
    const double change = (inputLogits[target] - baselineLogits[target]).item<double>();
    m_result.completenessError
        = std::abs(attribution.sum().item<double>() - change) / std::max(std::abs(change), 1e-6);

    const torch::Tensor map = magnitude.sum(0).contiguous();
    std::vector<float> values(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    WindowGeoTiff::writeFloat32(m_request.output, grid, window, values,
                                { std::nullopt,
                                  QStringLiteral("|integrated gradients| of class %1 at pixel %2, %3")
                                      .arg(entry.name)
                                      .arg(at.x())
                                      .arg(at.y()) });
}

} // namespace deepterra
