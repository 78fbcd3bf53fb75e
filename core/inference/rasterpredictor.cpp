#include "inference/rasterpredictor.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inference/predictionwriter.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "models/private/modelprivate.h"
#include "project/projectfile.h"
#include "runtime/torchruntime.h"
#include "training/rasterstackreader.h"

#include <QFileInfo>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <future>

namespace deepterra {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Mirror index i into [0, n) without repeating the edge pixel (numpy's "reflect").
int reflect(int i, int n)
{
    if (n == 1)
        return 0;
    const int period = 2 * n - 2;
    i %= period;
    if (i < 0)
        i += period;
    return i < n ? i : period - i;
}

// Tile origins along an axis of `n` pixels: from -margin on, every `stride`, until the last tile
// reaches past n + margin.
std::vector<int> tileOrigins(int n, int tile, int stride, int margin)
{
    const int span = n + 2 * margin - tile;
    const int count = 1 + (span > 0 ? (span + stride - 1) / stride : 0);
    std::vector<int> origins;
    for (int k = 0; k < count; ++k)
        origins.push_back(-margin + k * stride);
    return origins;
}

std::vector<float> hannWeights(int tile)
{
    std::vector<float> weights(static_cast<std::size_t>(tile));
    for (int i = 0; i < tile; ++i) {
        const double s = std::sin(kPi * (i + 0.5) / tile);
        weights[std::size_t(i)] = float(std::max(1e-3, s * s));
    }
    return weights;
}

int roundUp(int value, int multiple)
{
    return (value + multiple - 1) / multiple * multiple;
}

struct ChannelSource
{
    RasterStackSource source;
    RasterGrid grid;
};

ChannelSource channelSource(const TrainedModel &model, const QString &input, Feedback *feedback)
{
    const RasterTaskConfig &task = model.setup().task.raster;
    const RasterDataset image = RasterDataset::open(input);
    ChannelSource result;
    result.grid = RasterGrid::of(image.info());
    result.source.imagePath = input;
    result.source.demChannels = task.demChannels;
    const int bandChannels = int(model.inputChannels().size()) - int(task.demChannels.size());
    if (task.bands.empty()) {
        if (image.bandCount() != bandChannels)
            throw DataError(input,
                            QStringLiteral("the model needs %1 bands (%2) but the raster has %3")
                                .arg(bandChannels)
                                .arg(model.inputChannels().mid(0, bandChannels).join(QStringLiteral(", ")))
                                .arg(image.bandCount()));
        for (int b = 1; b <= bandChannels; ++b)
            result.source.bands.push_back(b);
    } else {
        const int highest = *std::max_element(task.bands.begin(), task.bands.end());
        if (image.bandCount() < highest)
            throw DataError(input,
                            QStringLiteral("the model reads band %1 but the raster has only %2 bands")
                                .arg(highest)
                                .arg(image.bandCount()));
        result.source.bands = task.bands;
    }
    result.source.bandChannels = model.inputChannels().mid(0, int(result.source.bands.size()));
    const RasterGrid &training = model.trainingGrid();
    if (feedback && training.crs.isValid() && !training.crs.isSameAs(result.grid.crs))
        feedback->warning(QStringLiteral("%1: the raster's CRS (%2) differs from the training image's (%3)")
                              .arg(input, result.grid.crs.identifier(), training.crs.identifier()));
    if (!task.demChannels.isEmpty()) {
        // The DEM is the project's DEM layer, warped onto the input's grid window by window.
        const QString projectPath = model.config().value(QStringLiteral("projectPath")).toString();
        const Project project = ProjectFile::load(projectPath);
        const ProjectLayer *dem = project.layer(task.demLayer);
        if (!dem)
            throw DataError(
                projectPath,
                QStringLiteral("the project has no DEM layer \"%1\" any more").arg(task.demLayer));
        result.source.demPath = project.absolutePath(*dem);
    }
    return result;
}

// Pixels whose every input channel is valid, over rows [first, first + rows) of the stack.
void validRows(const RasterStack &stack, int first, int rows, std::uint8_t *out)
{
    const std::size_t width = std::size_t(stack.width());
    const std::size_t count = std::size_t(rows) * width;
    std::fill(out, out + count, std::uint8_t(1));
    const std::size_t start = std::size_t(first - stack.window.y()) * width;
    for (int c = 0; c < stack.channelCount(); ++c) {
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0) + start;
        for (std::size_t i = 0; i < count; ++i)
            out[i] &= valid[i];
    }
}

} // namespace

RasterPredictor::RasterPredictor(const TrainedModel &model, PredictionRequest request)
    : m_model(model)
    , m_request(std::move(request))
{
    const TaskKind task = model.task();
    if (task != TaskKind::Segmentation && task != TaskKind::PatchClassification
        && task != TaskKind::RasterAutoencoder)
        throw DataError(model.runFolder(),
                        QStringLiteral("the model is a %1 model, not a raster model: use forecast")
                            .arg(TaskConfig::kindName(task)));
    const int patch = std::max(1, model.patchSize());
    if (model.spec().kind() == ModelKind::UNet) {
        const int multiple = 1 << model.spec().as<UNetSpec>().depth;
        int tile = m_request.tile > 0 ? m_request.tile : std::max(patch, (256 + patch / 2) / patch * patch);
        m_request.tile = roundUp(std::max(tile, multiple), multiple);
        if (m_request.overlap < 0)
            m_request.overlap = m_request.tile / 4;
    } else {
        // CNN classifiers and autoencoders have dense layers sized for the training patch.
        m_request.tile = patch;
        if (m_request.overlap < 0)
            m_request.overlap = patch / 2;
    }
    m_request.overlap = std::clamp(m_request.overlap, 0, m_request.tile - 1);
    m_request.batch = std::max(1, m_request.batch);
}

void RasterPredictor::run(Feedback *feedback)
{
    if (m_request.threads > 0)
        TorchRuntime::setIntraOpThreads(m_request.threads);
    // Every input block is read once or twice (where tile rows overlap): a larger block cache only
    // holds pixels already used, and GDAL's default (5 % of RAM) would make the peak memory grow
    // with the raster.
    constexpr GIntBig kBlockCache = GIntBig(256) << 20;
    if (GDALGetCacheMax64() > kBlockCache)
        GDALSetCacheMax64(kBlockCache);
    const ChannelSource channels = channelSource(m_model, m_request.input, feedback);
    const RasterGrid &grid = channels.grid;
    const int width = grid.width;
    const int height = grid.height;
    const int tile = m_request.tile;
    const int stride = tile - m_request.overlap;
    const int margin = m_request.overlap / 2;
    const std::vector<int> xs = tileOrigins(width, tile, stride, margin);
    const std::vector<int> ys = tileOrigins(height, tile, stride, margin);
    const std::vector<float> hann = hannWeights(tile);
    const TaskKind task = m_model.task();
    const bool classify = task != TaskKind::RasterAutoencoder;
    const bool denseInput = m_model.spec().kind() == ModelKind::DenseAutoencoder;
    const int planes = classify ? m_model.classes().size() : 1;
    const int channelCount = int(m_model.inputChannels().size());
    const Normalizer &normalizer = m_model.normalizer();
    NetworkImpl &network = *m_model.model().privateData().network;
    network.eval();

    PredictionWriter writer(grid, classify ? m_model.classes() : ClassTable(), m_request);

    // Rows [accBase, accBase + tile) of the blended sums and weights, full width.
    const std::size_t accPlane = std::size_t(tile) * std::size_t(width);
    std::vector<float> sums(std::size_t(planes) * accPlane, 0.0f);
    std::vector<float> weights(accPlane, 0.0f);
    int accBase = 0;

    auto readStrip = [&](int origin) {
        int first = height;
        int last = -1;
        for (int r = origin; r < origin + tile; ++r) {
            first = std::min(first, reflect(r, height));
            last = std::max(last, reflect(r, height));
        }
        RasterStack stack
            = RasterStackReader::read(channels.source, grid, QRect(0, first, width, last - first + 1));
        for (int c = 0; c < stack.channelCount(); ++c) {
            float *values = stack.values.data() + stack.offset(c, 0, 0);
            const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
            normalizer.normalize(values, c, stack.planeSize());
            // NoData enters the network as the training mean; its output is masked anyway.
            for (std::size_t i = 0; i < stack.planeSize(); ++i)
                if (!valid[i])
                    values[i] = 0.0f;
        }
        return stack;
    };

    torch::NoGradGuard noGrad;
    std::future<RasterStack> nextStrip = std::async(std::launch::async, readStrip, ys[0]);
    std::future<void> pendingWrite;
    const std::size_t tilePlane = std::size_t(tile) * std::size_t(tile);
    for (std::size_t j = 0; j < ys.size(); ++j) {
        if (feedback)
            feedback->checkpoint();
        const int oy = ys[j];
        const RasterStack stack = nextStrip.get();
        if (j + 1 < ys.size())
            nextStrip = std::async(std::launch::async, readStrip, ys[j + 1]);
        const int stackTop = stack.window.y();

        for (std::size_t i0 = 0; i0 < xs.size(); i0 += std::size_t(m_request.batch)) {
            if (feedback)
                feedback->checkpoint();
            const std::size_t count = std::min(std::size_t(m_request.batch), xs.size() - i0);
            torch::Tensor input = torch::empty({ std::int64_t(count), channelCount, tile, tile });
            float *in = input.data_ptr<float>();
            for (std::size_t t = 0; t < count; ++t) {
                const int ox = xs[i0 + t];
                for (int c = 0; c < channelCount; ++c) {
                    float *dst = in + (t * std::size_t(channelCount) + std::size_t(c)) * tilePlane;
                    for (int r = 0; r < tile; ++r) {
                        const float *line
                            = stack.values.data() + stack.offset(c, 0, reflect(oy + r, height) - stackTop);
                        for (int x = 0; x < tile; ++x)
                            dst[std::size_t(r) * std::size_t(tile) + std::size_t(x)]
                                = line[reflect(ox + x, width)];
                    }
                }
            }
            torch::Tensor output;
            if (denseInput) {
                output = network.forward(input.reshape({ std::int64_t(count), -1 })).reshape(input.sizes());
            } else {
                output = network.forward(input);
            }
            if (task == TaskKind::RasterAutoencoder)
                output = (output - input).pow(2).mean(1, true);
            else
                output = torch::softmax(output, 1);
            output = output.contiguous();
            const float *out = output.data_ptr<float>();
            const bool perPatch = output.dim() == 2;

            for (std::size_t t = 0; t < count; ++t) {
                const int ox = xs[i0 + t];
                for (int r = 0; r < tile; ++r) {
                    const int row = oy + r;
                    if (row < 0 || row >= height)
                        continue;
                    const std::size_t accRow = std::size_t(row - accBase) * std::size_t(width);
                    for (int x = 0; x < tile; ++x) {
                        const int col = ox + x;
                        if (col < 0 || col >= width)
                            continue;
                        const float w = hann[std::size_t(r)] * hann[std::size_t(x)];
                        weights[accRow + std::size_t(col)] += w;
                        for (int p = 0; p < planes; ++p) {
                            const float value = perPatch
                                ? out[t * std::size_t(planes) + std::size_t(p)]
                                : out[(t * std::size_t(planes) + std::size_t(p)) * tilePlane
                                      + std::size_t(r) * std::size_t(tile) + std::size_t(x)];
                            sums[std::size_t(p) * accPlane + accRow + std::size_t(col)] += w * value;
                        }
                    }
                }
            }
        }

        // Rows above the next tile row's top are final.
        const int flushEnd = j + 1 < ys.size() ? std::clamp(ys[j + 1], 0, height) : height;
        const int rows = flushEnd - accBase;
        if (rows > 0) {
            auto strip = std::make_shared<PredictionStrip>();
            strip->firstRow = accBase;
            strip->rows = rows;
            strip->width = width;
            strip->planes = planes;
            const std::size_t count = std::size_t(rows) * std::size_t(width);
            strip->values.resize(std::size_t(planes) * count);
            strip->valid.resize(count);
            for (int p = 0; p < planes; ++p)
                for (std::size_t i = 0; i < count; ++i)
                    strip->values[std::size_t(p) * count + i]
                        = sums[std::size_t(p) * accPlane + i] / weights[i];
            validRows(stack, accBase, rows, strip->valid.data());
            // Shift the unfinished rows to the top of the accumulators.
            const std::size_t kept = accPlane - count;
            for (int p = 0; p < planes; ++p) {
                float *plane = sums.data() + std::size_t(p) * accPlane;
                std::copy(plane + count, plane + accPlane, plane);
                std::fill(plane + kept, plane + accPlane, 0.0f);
            }
            std::copy(weights.begin() + std::ptrdiff_t(count), weights.end(), weights.begin());
            std::fill(weights.begin() + std::ptrdiff_t(kept), weights.end(), 0.0f);
            accBase = flushEnd;
            if (pendingWrite.valid())
                pendingWrite.get();
            pendingWrite = std::async(std::launch::async, [&writer, strip] { writer.write(*strip); });
        }
        if (feedback)
            feedback->setProgress(100.0 * accBase / height);
    }
    if (pendingWrite.valid())
        pendingWrite.get();
    writer.finish();
}

} // namespace deepterra
