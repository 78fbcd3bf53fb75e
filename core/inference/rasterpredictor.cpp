#include "inference/rasterpredictor.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "inference/modelinputreader.h"
#include "inference/predictionresumestate.h"
#include "inference/predictionwriter.h"
#include "inference/private/inferencenetwork.h"
#include "inference/private/tileevaluator.h"
#include "inference/private/tilepipeline.h"
#include "inference/rasterpart.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"

#include <QLockFile>

#include <algorithm>
#include <future>
#include <limits>

namespace deepterra {

namespace {

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

int roundUp(int value, int multiple)
{
    return (value + multiple - 1) / multiple * multiple;
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

// Copies the tile whose top-left pixel is (ox, oy) out of the strip into `out` (channels x tile x
// tile), mirroring rows and columns beyond the raster's edges.
void copyTile(const RasterStack &stack, int ox, int oy, int tile, int width, int height, float *out)
{
    const std::size_t tilePlane = std::size_t(tile) * std::size_t(tile);
    const bool inside = ox >= 0 && ox + tile <= width;
    const int stackTop = stack.window.y();
    const int stackLeft = stack.window.x();
    for (int c = 0; c < stack.channelCount(); ++c) {
        float *dst = out + std::size_t(c) * tilePlane;
        for (int r = 0; r < tile; ++r) {
            const float *line = stack.values.data() + stack.offset(c, 0, reflect(oy + r, height) - stackTop);
            float *row = dst + std::size_t(r) * std::size_t(tile);
            if (inside)
                std::copy(line + (ox - stackLeft), line + (ox - stackLeft + tile), row);
            else
                for (int x = 0; x < tile; ++x)
                    row[x] = line[reflect(ox + x, width) - stackLeft];
        }
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
    if (const int depth = metadata.spec().segmenterDepth(); depth > 0) {
        const int multiple = 1 << depth;
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
    if (m_request.batch <= 0)
        m_request.batch = std::max(1, (128 << 10) / (m_request.tile * m_request.tile));
    if (m_request.threads <= 0)
        m_request.threads = TorchRuntime::intraOpThreads();
    // Refused before anything is read or written: a GPU this machine lacks.
    m_request.device = TorchRuntime::resolveDevice(m_request.device);
    // A GPU runs one batch at a time anyway; on the CPU two single-threaded streams do more than one.
    if (m_request.streams <= 0)
        m_request.streams = m_request.device != QLatin1String("cpu") || m_request.threads < 2 ? 1 : 2;
    if (m_request.uncertainty.enabled()) {
        if (m_request.uncertaintyOutput.isEmpty())
            throw DataError(m_request.output,
                            QStringLiteral("uncertainty by %1 needs a file for the uncertainty bands")
                                .arg(m_request.uncertainty.name()));
        // Refused before anything is read or written (a model without dropout).
        TileEvaluator(model, m_request.uncertainty);
    }
}

void RasterPredictor::run(Feedback *feedback)
{
    // GDAL's block cache is sized for this once per process (GdalEnvironment).
    GdalEnvironment::ensureInitialized();
    TorchRuntime::setThisThreadsIntraOpThreads(m_request.threads);
    // Two predictions writing the same files (two tasks of a batch array given one --output) would
    // interleave their blocks and resume states. A lock only a live process holds (QLockFile knows a
    // dead one by its pid); a folder where no lock can be written is left to the writer's message.
    QLockFile lock(m_request.output + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0) && lock.error() == QLockFile::LockFailedError)
        throw DataError(m_request.output,
                        QStringLiteral("another prediction is writing this map now (%1 is held): "
                                       "give each prediction, and each part, its own outputs")
                            .arg(m_request.output + QStringLiteral(".lock")));
    const RunMetadata &metadata = m_model.metadata();
    const ModelInputReader channels(metadata, m_request.input, m_request.outputs(), feedback);
    const bool classify = metadata.task() != TaskKind::RasterAutoencoder;
    PredictionWriter writer(channels.grid(), classify ? metadata.classes() : ClassTable(), m_request,
                            PredictionResumeState::makeFingerprint(m_request, m_model.sourceFiles(),
                                                                   bandWidth(channels.grid().width)));
    if (feedback && !writer.resumeNote().isEmpty())
        feedback->info(writer.resumeNote());
    if (feedback && m_request.device == QLatin1String("cpu") && !OneDnnCheck::finding().isEmpty())
        feedback->warning(OneDnnCheck::finding());
    const RasterPart::Rows rows = m_request.part.rows(channels.grid().height, m_request.input);
    if (feedback && !m_request.part.isWhole())
        feedback->info(QStringLiteral("Predicting part %1: rows %2 to %3 of %4")
                           .arg(m_request.part.name())
                           .arg(rows.first)
                           .arg(rows.end - 1)
                           .arg(channels.grid().height));
    try {
        predict(channels, writer, rows, writer.resumeColumn(), writer.resumeRow(), feedback);
    } catch (const JobCanceled &) {
        if (m_request.keepPartialWhenCanceled)
            writer.keepForResume();
        throw;
    }
    writer.finish();
}

PredictedWindow RasterPredictor::predictInMemory(Feedback *feedback)
{
    GdalEnvironment::ensureInitialized();
    TorchRuntime::setThisThreadsIntraOpThreads(m_request.threads);
    const RunMetadata &metadata = m_model.metadata();
    const ModelInputReader channels(metadata, m_request.input, {}, feedback);
    const bool classify = metadata.task() != TaskKind::RasterAutoencoder;
    PredictedWindow window(channels.grid(), classify ? metadata.classes() : ClassTable());
    predict(channels, window, { 0, channels.grid().height }, 0, 0, feedback);
    return window;
}

int RasterPredictor::bandWidth(int width) const
{
    return m_request.bandWidth > 0
        ? std::min(width, roundUp(m_request.bandWidth, PredictionWriter::kBlockSize))
        : bandWidthFor(width, int(m_model.metadata().inputChannels().size()), m_request.tile);
}

void RasterPredictor::predict(const ModelInputReader &channels, PredictionSink &sink, RasterPart::Rows rows,
                              int resumeColumn, int resumeRow, Feedback *feedback)
{
    const RunMetadata &metadata = m_model.metadata();
    const RasterGrid &grid = channels.grid();
    const int width = grid.width;
    const int height = grid.height;
    const int tile = m_request.tile;
    const int stride = tile - m_request.overlap;
    const int margin = m_request.overlap / 2;
    const std::vector<int> xs = tileOrigins(width, tile, stride, margin);
    const std::vector<int> ys = tileOrigins(height, tile, stride, margin);
    const bool classify = metadata.task() != TaskKind::RasterAutoencoder;
    const int channelCount = int(metadata.inputChannels().size());

    // The bands: output columns [first, end) and the tile columns that touch them.
    const int bandWidth = this->bandWidth(width);
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
    // The batch holding a tile runs with its whole batch, as in a prediction of the whole raster.
    const auto lastTileOfBatch = [&](std::size_t tileIndex, std::size_t bandTiles) {
        return std::min((tileIndex / std::size_t(m_request.batch) + 1) * std::size_t(m_request.batch),
                        bandTiles)
            - 1;
    };
    // A part ends with the batch that holds the last tile reaching into its rows: the tiles of each
    // band up to that batch's last are queued (the rest of its tile row too, when the batch ends
    // there), the rest of the band is skipped.
    std::size_t lastNeededRow = 0;
    while (lastNeededRow + 1 < ys.size() && ys[lastNeededRow + 1] < rows.end)
        ++lastNeededRow;
    const auto tilesQueued = [&](const Band &band) {
        const std::size_t perRow = band.tiles.size();
        return lastTileOfBatch((lastNeededRow + 1) * perRow - 1, perRow * ys.size()) + 1;
    };

    // Batches run full: a tile row's last tiles share a batch with the next row's first, and a
    // band's last batch is padded, so that the network sees one input shape. Each new shape makes
    // oneDNN and the allocator set up another set of buffers, and their mix fragments the heap
    // (batches of 8, 8 and 5 in turn: +130 MiB of peak memory against 8 alone). The padding costs at
    // most batch - 1 tiles per band; a prediction smaller than one batch is not padded.
    const int batch = m_request.batch;
    std::size_t tileCount = 0;
    std::size_t fewestBandTiles = std::numeric_limits<std::size_t>::max();
    for (const Band &band : bands) {
        tileCount += band.tiles.size() * ys.size();
        fewestBandTiles = std::min(fewestBandTiles, band.tiles.size());
    }
    TilePipeline::Shape shape;
    shape.tile = tile;
    shape.channels = channelCount;
    shape.planes = (classify ? int(metadata.classes().size()) : 1)
        + (m_request.uncertainty.enabled() ? UncertaintySettings::bandCount(classify) : 0);
    shape.uncertainty = m_request.uncertainty;
    shape.batch = batch;
    shape.padBatches = tileCount > std::size_t(batch);
    // No more streams than batches.
    const std::size_t batchCount = (tileCount + std::size_t(batch) - 1) / std::size_t(batch);
    shape.streams = int(std::clamp<std::size_t>(batchCount, 1, std::size_t(std::max(1, m_request.streams))));
    shape.threads = m_request.threads;
    shape.device = torch::Device(m_request.device.toStdString());
    shape.widestBand = bandWidth;
    // Batches in flight are not in the blender yet, and a row leaves it as soon as the batches with
    // its tiles are blended: while a batch is blended, the rows the blender holds are the batch's
    // own. The oldest may be down to one tile, each younger one holds all its tiles.
    const int pendingRows = batch > 1 ? 1 + int(std::size_t(batch - 2) / fewestBandTiles) : 0;
    shape.blenderRows = std::min(height, tile + stride * pendingRows);
    shape.width = width;
    shape.height = height;
    shape.firstRow = rows.first;
    shape.endRow = rows.end;
    // The pipeline ends (its last write done, its batches dropped) before the sink is used again.
    {
        TilePipeline pipeline(m_model, shape, sink, feedback);

        auto readStrip = [&](StripStep step, RasterStack recycled) {
            const Band &band = bands[std::size_t(step.band)];
            const int origin = ys[step.row];
            int first = height;
            int last = -1;
            for (int r = origin; r < origin + tile; ++r) {
                first = std::min(first, reflect(r, height));
                last = std::max(last, reflect(r, height));
            }
            return channels.read(
                QRect(band.readFirst, first, band.readLast - band.readFirst + 1, last - first + 1),
                std::move(recycled));
        };

        // The rows not to predict above the part, or that a resumed prediction's files hold already.
        // Bands left of the resume column are skipped whole; in the others, a tile row is read only
        // when a batch that must run holds one of its tiles (batches keep their tiles, so that each is
        // evaluated as in a prediction of the whole raster from the start).
        const auto writtenRows = [&](const Band &band) {
            if (band.first < resumeColumn)
                return height;
            return rows.first + (band.first == resumeColumn ? resumeRow : 0);
        };
        std::vector<bool> readNeeded(steps.size(), true);
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const Band &band = bands[std::size_t(steps[k].band)];
            const std::size_t perRow = band.tiles.size();
            const std::size_t rowFirstTile = steps[k].row * perRow;
            const std::size_t batchLastTile = lastTileOfBatch(rowFirstTile + perRow - 1, perRow * ys.size());
            const int written = writtenRows(band);
            readNeeded[k] = written < height && rowFirstTile < tilesQueued(band)
                && ys[batchLastTile / perRow] + tile > written;
        }
        const auto nextRead = [&](std::size_t from) {
            while (from < steps.size() && !readNeeded[from])
                ++from;
            return from;
        };

        std::size_t prefetched = nextRead(0);
        std::future<RasterStack> nextStrip;
        // The strip before the current one, whose memory the next read reuses.
        RasterStack spare;
        if (prefetched < steps.size())
            nextStrip = std::async(std::launch::async, readStrip, steps[prefetched], RasterStack());
        for (std::size_t k = 0; k < steps.size(); ++k) {
            if (feedback)
                feedback->checkpoint();
            const Band &band = bands[std::size_t(steps[k].band)];
            const std::size_t j = steps[k].row;
            const int written = writtenRows(band);
            const std::size_t bandBatches
                = (band.tiles.size() * ys.size() + std::size_t(batch) - 1) / std::size_t(batch);
            if (written >= height) {
                if (j == 0)
                    pipeline.skipBatches(bandBatches);
                continue;
            }
            const std::size_t queued = tilesQueued(band);
            const std::size_t rowFirstTile = j * band.tiles.size();
            if (rowFirstTile >= queued)
                continue; // below the part
            if (j == 0)
                pipeline.startBand(band.first, band.end, written);
            const int oy = ys[j];
            RasterStack stack;
            if (readNeeded[k]) {
                stack = nextStrip.get();
                prefetched = nextRead(k + 1);
                if (prefetched < steps.size())
                    nextStrip
                        = std::async(std::launch::async, readStrip, steps[prefetched], std::move(spare));
            }
            const std::size_t rowTiles = std::min(band.tiles.size(), queued - rowFirstTile);
            for (std::size_t t = 0; t < rowTiles; ++t) {
                if (readNeeded[k])
                    copyTile(stack, band.tiles[t], oy, tile, width, height, pipeline.tileInput());
                pipeline.queueTile(band.tiles[t], oy);
            }
            // The rows this tile row finishes, from its top (the previous row's end) to the next row's
            // top, with their validity read now: the strip is gone when they are written. Rows below
            // the part are left to the part below.
            const int first = std::clamp(oy, 0, rows.end);
            const int end = j + 1 < ys.size() ? std::clamp(ys[j + 1], 0, rows.end) : rows.end;
            if (j <= lastNeededRow) {
                std::vector<std::uint8_t> valid;
                if (readNeeded[k] && end > first) {
                    valid.resize(std::size_t(end - first) * std::size_t(band.end - band.first));
                    validPixels(stack, first, end - first, band.first, band.end - band.first, valid.data());
                }
                pipeline.rowsQueued(end, std::move(valid));
            }
            if (readNeeded[k])
                spare = std::move(stack);
            if (rowFirstTile + rowTiles == queued) {
                pipeline.finishBand();
                // The batches below the part keep their places (Monte Carlo dropout's masks follow them).
                pipeline.skipBatches(bandBatches - queued / std::size_t(batch)
                                     - (queued % std::size_t(batch) != 0 ? 1 : 0));
            }
        }
        pipeline.finish();
    }
}

} // namespace deepterra
