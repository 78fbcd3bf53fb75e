#include "inference/rasterpredictor.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inference/predictionwriter.h"
#include "inference/private/inferencenetwork.h"
#include "inference/private/optimizednetwork.h"
#include "jobs/feedback.h"
#include "labels/labelplacement.h"
#include "project/projectfile.h"
#include "runtime/torchruntime.h"
#include "training/demchannelcache.h"
#include "training/rasterstackreader.h"

#include <QFileInfo>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>

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

ChannelSource channelSource(const RunMetadata &model, const QString &input, Feedback *feedback)
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
        // The DEM is the project's DEM layer, warped onto the input's grid strip by strip from
        // derivatives computed once for the whole raster.
        const QString projectPath = model.projectPath();
        const Project project = ProjectFile::load(projectPath);
        const ProjectLayer *dem = project.layer(task.demLayer);
        if (!dem)
            throw DataError(
                projectPath,
                QStringLiteral("the project has no DEM layer \"%1\" any more").arg(task.demLayer));
        result.source.demPath = project.absolutePath(*dem);
        // Strips beyond the DEM's edge are NoData like any other gap in the input, but a DEM that
        // misses the whole raster is a mistake to report before predicting anything.
        result.source.allowWindowsBeyondDem = true;
        const RasterDataset demRaster = RasterDataset::open(result.source.demPath);
        const std::optional<QRectF> demExtent
            = LabelPlacement::extentInGridCrs(demRaster.info().extent(), demRaster.info().crs, result.grid);
        if (demExtent && !LabelPlacement::overlaps(*demExtent, result.grid.extent()))
            throw DataError(result.source.demPath,
                            QStringLiteral("the DEM does not overlap the raster to predict (%1)")
                                .arg(QFileInfo(input).fileName()));
        result.source.demCache = std::make_shared<const DemChannelCache>(
            result.source.demPath, task.demChannels, result.grid,
            QRect(0, 0, result.grid.width, result.grid.height), feedback);
    }
    return result;
}

// Pixels whose every input channel is valid, over rows [first, first + rows) and columns
// [firstColumn, firstColumn + columns) of the image, all inside the stack's window.
void validPixels(const RasterStack &stack, int first, int rows, int firstColumn, int columns,
                 std::uint8_t *out)
{
    const std::size_t count = std::size_t(rows) * std::size_t(columns);
    std::fill(out, out + count, std::uint8_t(1));
    for (int c = 0; c < stack.channelCount(); ++c)
        for (int r = 0; r < rows; ++r) {
            const std::uint8_t *valid = stack.valid.data()
                + stack.offset(c, firstColumn - stack.window.x(), first + r - stack.window.y());
            std::uint8_t *line = out + std::size_t(r) * std::size_t(columns);
            for (int x = 0; x < columns; ++x)
                line[x] &= valid[x];
        }
}

// Output columns per band. The raster is predicted in vertical bands, each top to bottom, so that
// the input strips, the blending accumulators and the writer's rows are sized by the band, not by
// the raster: peak memory does not grow with the width. Tiles that straddle a band edge are
// computed for both bands (about tile / band width more work), so a raster that fits one band
// gets one. Band edges fall on the writer's blocks so that no compressed block is written twice.
int bandWidthFor(int width, int channels, int tile)
{
    constexpr std::size_t kStripBytes = std::size_t(32) << 20; // one input strip: values + validity
    const std::size_t perColumn = std::size_t(channels) * std::size_t(tile) * (sizeof(float) + 1);
    const int block = PredictionWriter::kBlockSize;
    const int widest = std::max(int(kStripBytes / perColumn), 4 * tile) / block * block;
    if (width <= std::max(widest, block))
        return width;
    const int bands = (width + widest - 1) / widest;
    return roundUp((width + bands - 1) / bands, block);
}

// One step of the prediction: a tile row of one band.
struct StripStep
{
    int band = 0;
    std::size_t row = 0; // index into the tile rows
};

} // namespace

RasterPredictor::RasterPredictor(const InferenceModel &model, PredictionRequest request)
    : m_model(model)
    , m_request(std::move(request))
{
    const RunMetadata &metadata = model.metadata();
    const TaskKind task = metadata.task();
    if (task != TaskKind::Segmentation && task != TaskKind::PatchClassification
        && task != TaskKind::RasterAutoencoder)
        throw DataError(model.displayPath(),
                        QStringLiteral("the model is a %1 model, not a raster model: use forecast")
                            .arg(TaskConfig::kindName(task)));
    const int patch = std::max(1, metadata.patchSize());
    if (metadata.spec().kind() == ModelKind::UNet) {
        const int multiple = 1 << metadata.spec().as<UNetSpec>().depth;
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
    // Every input block is read once or twice (where tile rows overlap), and a strip of a band
    // touches two rows of about 17 blocks (13 MB for six Byte bands): a larger block cache only
    // holds pixels already used, and GDAL's default (5 % of RAM) would make the peak memory grow
    // with the raster.
    constexpr GIntBig kBlockCache = GIntBig(64) << 20;
    if (GDALGetCacheMax64() > kBlockCache)
        GDALSetCacheMax64(kBlockCache);
    const RunMetadata &metadata = m_model.metadata();
    const ChannelSource channels = channelSource(metadata, m_request.input, feedback);
    const RasterGrid &grid = channels.grid;
    const int width = grid.width;
    const int height = grid.height;
    const int tile = m_request.tile;
    const int stride = tile - m_request.overlap;
    const int margin = m_request.overlap / 2;
    const std::vector<int> xs = tileOrigins(width, tile, stride, margin);
    const std::vector<int> ys = tileOrigins(height, tile, stride, margin);
    const std::vector<float> hann = hannWeights(tile);
    const TaskKind task = metadata.task();
    const bool classify = task != TaskKind::RasterAutoencoder;
    const bool denseInput = metadata.spec().kind() == ModelKind::DenseAutoencoder;
    const int planes = classify ? metadata.classes().size() : 1;
    const int channelCount = int(metadata.inputChannels().size());
    const Normalizer &normalizer = metadata.normalizer();
    OptimizedNetwork network(m_model);
    if (!network.isOptimized() && feedback)
        feedback->info(QStringLiteral("the network runs unoptimised (%1)").arg(network.fallbackReason()));

    // The bands: output columns [first, end) and the tile columns that touch them.
    const int bandWidth = m_request.bandWidth > 0
        ? std::min(width, roundUp(m_request.bandWidth, PredictionWriter::kBlockSize))
        : bandWidthFor(width, channelCount, tile);
    struct Band
    {
        int first = 0;
        int end = 0;
        std::vector<int> tiles; // origins of the tile columns
        int readFirst = 0; // input columns the tiles read (after reflection)
        int readLast = 0;
    };
    std::vector<Band> bands;
    for (int first = 0; first < width; first += bandWidth) {
        Band band;
        band.first = first;
        band.end = std::min(width, first + bandWidth);
        band.readFirst = width;
        band.readLast = -1;
        for (int ox : xs) {
            if (ox >= band.end || ox + tile <= band.first)
                continue;
            band.tiles.push_back(ox);
            for (int x = ox; x < ox + tile; ++x) {
                band.readFirst = std::min(band.readFirst, reflect(x, width));
                band.readLast = std::max(band.readLast, reflect(x, width));
            }
        }
        bands.push_back(std::move(band));
    }
    std::vector<StripStep> steps;
    for (int b = 0; b < int(bands.size()); ++b)
        for (std::size_t j = 0; j < ys.size(); ++j)
            steps.push_back({ b, j });

    PredictionWriter writer(grid, classify ? metadata.classes() : ClassTable(), m_request);

    // Rows [accBase, accBase + tile) of the blended sums and weights over the band's columns.
    const std::size_t accPlane = std::size_t(tile) * std::size_t(bandWidth);
    std::vector<float> sums(std::size_t(planes) * accPlane, 0.0f);
    std::vector<float> weights(accPlane, 0.0f);

    auto readStrip = [&](StripStep step) {
        const Band &band = bands[std::size_t(step.band)];
        const int origin = ys[step.row];
        int first = height;
        int last = -1;
        for (int r = origin; r < origin + tile; ++r) {
            first = std::min(first, reflect(r, height));
            last = std::max(last, reflect(r, height));
        }
        RasterStack stack = RasterStackReader::read(
            channels.source, grid,
            QRect(band.readFirst, first, band.readLast - band.readFirst + 1, last - first + 1));
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
    std::future<RasterStack> nextStrip = std::async(std::launch::async, readStrip, steps.front());
    std::future<void> pendingWrite;
    const std::size_t tilePlane = std::size_t(tile) * std::size_t(tile);
    std::vector<float> columnWeights(static_cast<std::size_t>(tile));
    int accBase = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        if (feedback)
            feedback->checkpoint();
        const Band &band = bands[std::size_t(steps[k].band)];
        const std::size_t j = steps[k].row;
        const int bandColumns = band.end - band.first;
        if (j == 0) {
            accBase = 0;
            std::fill(sums.begin(), sums.end(), 0.0f);
            std::fill(weights.begin(), weights.end(), 0.0f);
        }
        const int oy = ys[j];
        const RasterStack stack = nextStrip.get();
        if (k + 1 < steps.size())
            nextStrip = std::async(std::launch::async, readStrip, steps[k + 1]);
        const int stackTop = stack.window.y();
        const int stackLeft = stack.window.x();

        for (std::size_t i0 = 0; i0 < band.tiles.size(); i0 += std::size_t(m_request.batch)) {
            if (feedback)
                feedback->checkpoint();
            const std::size_t count = std::min(std::size_t(m_request.batch), band.tiles.size() - i0);
            torch::Tensor input = torch::empty({ std::int64_t(count), channelCount, tile, tile });
            float *in = input.data_ptr<float>();
            for (std::size_t t = 0; t < count; ++t) {
                const int ox = band.tiles[i0 + t];
                const bool inside = ox >= 0 && ox + tile <= width;
                for (int c = 0; c < channelCount; ++c) {
                    float *dst = in + (t * std::size_t(channelCount) + std::size_t(c)) * tilePlane;
                    for (int r = 0; r < tile; ++r) {
                        const float *line
                            = stack.values.data() + stack.offset(c, 0, reflect(oy + r, height) - stackTop);
                        float *row = dst + std::size_t(r) * std::size_t(tile);
                        if (inside)
                            std::copy(line + (ox - stackLeft), line + (ox - stackLeft + tile), row);
                        else
                            for (int x = 0; x < tile; ++x)
                                row[x] = line[reflect(ox + x, width) - stackLeft];
                    }
                }
            }
            torch::Tensor output;
            if (denseInput)
                output = network.forward(input.reshape({ std::int64_t(count), -1 })).reshape(input.sizes());
            else
                output = network.forward(input);
            if (task == TaskKind::RasterAutoencoder)
                output = (output - input).pow(2).mean(1, true);
            else
                output = torch::softmax(output, 1);
            output = output.contiguous();
            const float *out = output.data_ptr<float>();
            const bool perPatch = output.dim() == 2;

            for (std::size_t t = 0; t < count; ++t) {
                const int ox = band.tiles[i0 + t];
                // The part of the tile inside the band: x in [x0, x1).
                const int x0 = std::max(0, band.first - ox);
                const int x1 = std::min(tile, band.end - ox);
                for (int r = 0; r < tile; ++r) {
                    const int row = oy + r;
                    if (row < 0 || row >= height)
                        continue;
                    for (int x = x0; x < x1; ++x)
                        columnWeights[std::size_t(x)] = hann[std::size_t(r)] * hann[std::size_t(x)];
                    // Accumulator position of the tile's pixel x0 in this row.
                    const std::size_t accStart = std::size_t(row - accBase) * std::size_t(bandColumns)
                        + std::size_t(ox + x0 - band.first);
                    const float *w = columnWeights.data() + x0;
                    const int n = x1 - x0;
                    float *weightRow = weights.data() + accStart;
                    for (int x = 0; x < n; ++x)
                        weightRow[x] += w[x];
                    for (int p = 0; p < planes; ++p) {
                        float *sumRow = sums.data() + std::size_t(p) * accPlane + accStart;
                        if (perPatch) {
                            const float value = out[t * std::size_t(planes) + std::size_t(p)];
                            for (int x = 0; x < n; ++x)
                                sumRow[x] += w[x] * value;
                        } else {
                            const float *outRow = out + (t * std::size_t(planes) + std::size_t(p)) * tilePlane
                                + std::size_t(r) * std::size_t(tile) + std::size_t(x0);
                            for (int x = 0; x < n; ++x)
                                sumRow[x] += w[x] * outRow[x];
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
            strip->firstColumn = band.first;
            strip->width = bandColumns;
            strip->planes = planes;
            const std::size_t count = std::size_t(rows) * std::size_t(bandColumns);
            strip->values.resize(std::size_t(planes) * count);
            strip->valid.resize(count);
            for (int p = 0; p < planes; ++p)
                for (std::size_t i = 0; i < count; ++i)
                    strip->values[std::size_t(p) * count + i]
                        = sums[std::size_t(p) * accPlane + i] / weights[i];
            validPixels(stack, accBase, rows, band.first, bandColumns, strip->valid.data());
            // Shift the unfinished rows to the top of the accumulators.
            const std::size_t used = std::size_t(tile) * std::size_t(bandColumns);
            const std::size_t kept = used - count;
            for (int p = 0; p < planes; ++p) {
                float *plane = sums.data() + std::size_t(p) * accPlane;
                std::copy(plane + count, plane + used, plane);
                std::fill(plane + kept, plane + used, 0.0f);
            }
            std::copy(weights.begin() + std::ptrdiff_t(count), weights.begin() + std::ptrdiff_t(used),
                      weights.begin());
            std::fill(weights.begin() + std::ptrdiff_t(kept), weights.begin() + std::ptrdiff_t(used), 0.0f);
            accBase = flushEnd;
            if (pendingWrite.valid())
                pendingWrite.get();
            pendingWrite = std::async(std::launch::async, [&writer, strip] { writer.write(*strip); });
        }
        if (feedback) {
            const double done = double(band.first) * height + double(bandColumns) * accBase;
            feedback->setProgress(100.0 * done / (double(width) * height));
        }
    }
    if (pendingWrite.valid())
        pendingWrite.get();
    writer.finish();
}

} // namespace deepterra
