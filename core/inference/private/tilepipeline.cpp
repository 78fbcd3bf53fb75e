#include "inference/private/tilepipeline.h"

#include "runtime/memorypolicy.h"

#include "inference/inferencemodel.h"
#include "inference/predictionsink.h"
#include "jobs/feedback.h"

#include <algorithm>

namespace deepterra {

TilePipeline::TilePipeline(const InferenceModel &model, const Shape &shape, PredictionSink &writer,
                           Feedback *feedback)
    : m_model(model)
    , m_shape(shape)
    , m_writer(writer)
    , m_feedback(feedback)
    , m_evaluator(std::make_shared<const TileEvaluator>(model, shape.uncertainty))
    , m_streams(model, shape.streams, shape.threads, m_evaluator->dropoutMode(), shape.device)
    , m_blender(shape.tile, shape.planes, shape.widestBand, shape.blenderRows, shape.height)
{
    // Page-locked buffers let a batch's copy to the GPU run asynchronously. A buffer is filled again
    // only once its batch's result is back, which waits for the copy.
    const torch::TensorOptions options = torch::TensorOptions().pinned_memory(shape.device.is_cuda());
    for (int s = 0; s <= m_streams.count(); ++s)
        m_inputs.push_back(
            torch::zeros({ std::int64_t(shape.batch), shape.channels, shape.tile, shape.tile }, options));
}

TilePipeline::~TilePipeline()
{
    if (m_pendingWrite.valid())
        m_pendingWrite.wait();
}

void TilePipeline::startBand(int firstColumn, int endColumn, int writtenRows)
{
    m_bandFirst = firstColumn;
    m_bandEnd = endColumn;
    m_writtenRows = writtenRows;
    m_blender.startBand(firstColumn, endColumn);
    // The previous band's strips are freed by now; the heap they leave is handed back rather than
    // kept beside the next band's, which come in other sizes.
    MemoryPolicy::releaseFreeMemory();
}

void TilePipeline::skipBatches(std::size_t count)
{
    m_dispatched += count;
    m_blended += count;
}

float *TilePipeline::tileInput()
{
    const std::size_t tileValues
        = std::size_t(m_shape.channels) * std::size_t(m_shape.tile) * std::size_t(m_shape.tile);
    return m_inputs[m_fillSlot].data_ptr<float>() + m_queued.size() * tileValues;
}

void TilePipeline::queueTile(int ox, int oy)
{
    m_queued.push_back({ ox, oy });
    if (int(m_queued.size()) == m_shape.batch)
        dispatchQueuedTiles();
}

void TilePipeline::rowsQueued(int endRow, std::vector<std::uint8_t> valid)
{
    m_waiting.push_back({ endRow, m_dispatched + (m_queued.empty() ? 0 : 1), std::move(valid) });
    writeWaitingRows();
}

void TilePipeline::finishBand()
{
    // Every batch blended: the next band has other accumulators.
    dispatchQueuedTiles();
    while (!m_inFlight.empty())
        blendOldestBatch();
}

void TilePipeline::finish()
{
    waitForWrite();
}

void TilePipeline::dispatchQueuedTiles()
{
    if (m_queued.empty())
        return;
    if (m_feedback)
        m_feedback->checkpoint();
    const int tile = m_shape.tile;
    const int written = m_writtenRows;
    const bool alreadyWritten = std::all_of(m_queued.begin(), m_queued.end(),
                                            [&](const QueuedTile &t) { return t.oy + tile <= written; });
    if (alreadyWritten) {
        m_inFlight.push_back({ std::future<NetworkStreams::Result>(), {} });
    } else {
        const std::int64_t count = m_shape.padBatches ? m_shape.batch : std::int64_t(m_queued.size());
        const torch::Tensor x = m_inputs[m_fillSlot].narrow(0, 0, count);
        NetworkStreams::Work work
            = [x, evaluator = m_evaluator, index = std::uint64_t(m_dispatched)](OptimizedNetwork &network) {
                  return evaluator->evaluate(network, x, index);
              };
        m_inFlight.push_back({ m_streams.submit(std::move(work)), std::move(m_queued) });
    }
    m_queued.clear();
    ++m_dispatched;
    // The buffer to fill next belongs to the oldest batch: blended once more than one batch per
    // stream would be in flight.
    m_fillSlot = (m_fillSlot + 1) % m_inputs.size();
    while (m_inFlight.size() > std::size_t(m_streams.count()))
        blendOldestBatch();
}

void TilePipeline::blendOldestBatch()
{
    InFlightBatch oldest = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    if (!oldest.result.valid()) { // its rows are in the resumed files
        ++m_blended;
        writeWaitingRows();
        return;
    }
    const NetworkStreams::Result result = oldest.result.get();
    if (!result.fallbackReason.isEmpty() && OptimizedNetwork::supports(m_model.metadata().spec().kind())
        && !m_fallbackReported && m_feedback) {
        m_feedback->info(QStringLiteral("the network runs unoptimised (%1)").arg(result.fallbackReason));
        m_fallbackReported = true;
    }
    const float *out = result.output.data_ptr<float>();
    const bool perTile = result.output.dim() == 2;
    const std::size_t tilePlane = std::size_t(m_shape.tile) * std::size_t(m_shape.tile);
    const std::size_t tileValues
        = perTile ? std::size_t(m_shape.planes) : std::size_t(m_shape.planes) * tilePlane;
    for (std::size_t t = 0; t < oldest.tiles.size(); ++t)
        m_blender.add(out + t * tileValues, perTile, oldest.tiles[t].ox, oldest.tiles[t].oy);
    ++m_blended;
    writeWaitingRows();
}

void TilePipeline::writeWaitingRows()
{
    bool wrote = false;
    while (!m_waiting.empty() && m_waiting.front().batchesNeeded <= m_blended) {
        WaitingRows done = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (done.endRow <= m_blender.firstRow())
            continue;
        std::shared_ptr<PredictionStrip> strip = m_blender.take(done.endRow, std::move(done.valid));
        waitForWrite();
        m_pendingWrite = std::async(std::launch::async, [this, strip] { m_writer.write(*strip); });
        wrote = true;
    }
    if (!wrote || !m_feedback)
        return;
    const int rows = m_shape.endRow - m_shape.firstRow;
    const double done = double(m_bandFirst) * rows
        + double(m_bandEnd - m_bandFirst) * std::clamp(m_blender.firstRow() - m_shape.firstRow, 0, rows);
    m_feedback->setProgress(100.0 * done / (double(m_shape.width) * rows));
}

void TilePipeline::waitForWrite()
{
    if (m_pendingWrite.valid())
        m_pendingWrite.get();
}

} // namespace deepterra
