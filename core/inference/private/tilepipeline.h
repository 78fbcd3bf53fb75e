#pragma once

// Core-private: only core .cpp files include this.

#include "inference/private/networkstreams.h"
#include "inference/private/tileevaluator.h"
#include "inference/tileblender.h"

#include <torch/script.h>

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <vector>

namespace deepterra {

class Feedback;
class InferenceModel;
class PredictionSink;

// The compute side of RasterPredictor: tiles in, written rows out. The caller copies each tile's
// normalised input to tileInput() and queues it. Full batches go to the network streams, up to one
// per stream in flight while the next one fills; their outputs are blended in the order the
// batches were filled, so that the sums add up the same way whatever the streams; and rows whose
// tiles are all blended go to a writer thread, one strip at a time.
class TilePipeline
{
public:
    struct Shape
    {
        int tile = 0;
        int channels = 0; // input channels
        // Output planes: class probabilities, or one reconstruction error, then the uncertainty's
        // (TileEvaluator::planes).
        int planes = 0;
        int batch = 0;
        // Batches run full (a band's last one padded) when the prediction holds more than one:
        // each new input shape makes oneDNN and the allocator set up another set of buffers.
        bool padBatches = false;
        int streams = 1;
        int threads = 1;
        // Where the networks run: tiles are read, blended and written on the CPU; on a CUDA
        // device each batch is copied there from pinned memory and its result copied back.
        torch::Device device = torch::kCPU;
        int widestBand = 0;
        int blenderRows = 0; // TileBlender's capacity
        int width = 0; // the raster's
        int height = 0;
        int firstRow = 0; // the rows predicted (a part of the raster), for progress
        int endRow = 0;
        UncertaintySettings uncertainty;
    };

    // Builds the streams' networks. `writer` and `feedback` must outlive the pipeline.
    TilePipeline(const InferenceModel &model, const Shape &shape, PredictionSink &writer, Feedback *feedback);
    // Waits for the strip being written; batches in flight are dropped.
    ~TilePipeline();
    TilePipeline(const TilePipeline &) = delete;
    TilePipeline &operator=(const TilePipeline &) = delete;

    int streamCount() const { return m_streams.count(); }
    // Starts the band of output columns [firstColumn, endColumn), from row 0; the previous band must
    // be finished. `writtenRows`: the rows a resumed prediction's files hold already; batches whose
    // tiles all lie above them are counted but not evaluated (their tiles' input may be left unfilled).
    void startBand(int firstColumn, int endColumn, int writtenRows = 0);
    // Counts the batches of a band a resumed prediction's files hold already, so that each later
    // batch keeps its place (Monte Carlo dropout draws its masks from it).
    void skipBatches(std::size_t count);
    // Where the next tile's input goes: channels x tile x tile floats.
    float *tileInput();
    // Queues the tile just filled, whose top-left pixel is (ox, oy) in raster coordinates. May wait
    // for the oldest batch in flight, and throws JobCanceled when the feedback is cancelled.
    void queueTile(int ox, int oy);
    // Every tile that reaches the band's rows below `endRow` is queued: those rows are written once
    // the batches holding them are blended. `valid` (rows x band width, from the last rows handed
    // over) says which pixels had valid input.
    void rowsQueued(int endRow, std::vector<std::uint8_t> valid);
    // Runs the band's last batch and writes all its rows.
    void finishBand();
    // Waits for the last strip to be written; the writer can then finish.
    void finish();

private:
    struct QueuedTile
    {
        int ox = 0;
        int oy = 0;
    };
    struct WaitingRows // rows all of whose tiles are queued, and their input validity
    {
        int endRow = 0;
        std::size_t batchesNeeded = 0; // complete once this many batches are blended
        std::vector<std::uint8_t> valid;
    };
    struct InFlightBatch
    {
        std::future<NetworkStreams::Result> result; // not valid for a batch not evaluated

        std::vector<QueuedTile> tiles;
    };

    void dispatchQueuedTiles();
    void blendOldestBatch();
    void writeWaitingRows();
    void waitForWrite();

    const InferenceModel &m_model;
    Shape m_shape;
    PredictionSink &m_writer;
    Feedback *m_feedback;
    std::shared_ptr<const TileEvaluator> m_evaluator;
    NetworkStreams m_streams;
    TileBlender m_blender;
    std::vector<torch::Tensor> m_inputs; // one batch being filled and one per stream
    std::size_t m_fillSlot = 0;
    std::vector<QueuedTile> m_queued;
    std::deque<InFlightBatch> m_inFlight;
    std::size_t m_dispatched = 0;
    std::size_t m_blended = 0;
    std::deque<WaitingRows> m_waiting;
    std::future<void> m_pendingWrite;
    int m_bandFirst = 0;
    int m_bandEnd = 0;
    int m_writtenRows = 0;
    bool m_fallbackReported = false;
};

} // namespace deepterra
