#pragma once

#include "inference/predictedwindow.h"
#include "inference/predictionrequest.h"
#include "inference/rasterpart.h"

namespace deepterra {

class Feedback;
class InferenceModel;
class ModelInputReader;
class PredictionSink;

// Whole-raster sliding-window prediction of a raster task (segmentation, patch classification,
// raster autoencoders). Tiles lie on a lattice with `stride = tile - overlap`, starting half an
// overlap outside the raster; pixels outside it are the raster mirrored at its edges (reflection
// padding, edge pixel not repeated). Each tile's output is weighted by a Hann window (floored at
// 1e-3 so that pixels seen by a single tile keep their value) and the weighted outputs are summed
// and normalised, so tiles blend without seams. Segmentation blends class probabilities (softmax
// of the logits); patch classification blends each window's class probabilities over the whole
// window, which gives a full-resolution class map that is smooth at the classifier's stride;
// autoencoders blend the per-pixel reconstruction error (mean squared error over the channels, in
// normalised units). A pixel with NoData in any input channel is NoData in every output.
//
// The raster is processed in vertical bands of a few thousand columns (one band when it is that
// narrow), each band as strips one tile row high: a reader thread reads the next strip while this
// thread cuts it into tiles for TilePipeline, which batches them for the network streams
// (NetworkStreams: by default two networks on half the threads each), blends their outputs in
// order and has a writer thread encode the finished rows.
// Memory is a few strips (channels x tile x band width), the blending accumulators and the writer's
// block rows of one band, plus the batches in flight and the networks: independent of the raster's
// size. The tile lattice is the raster's, so the bands give the same map as one band would; tiles
// that straddle a band edge are computed for both bands. run() caps GDAL's block cache at 64 MiB
// for the same reason (process-wide).
//
// Batches are always full (tile rows share batches; a band's last batch is padded), so the network
// sees one input shape. Each stream's network is an OptimizedNetwork: the model's TorchScript
// module frozen and optimised for inference.
//
// The model is an InferenceModel: a training run (TrainedModel) or an exported TorchScript model
// with its card (ExportedModel) give the same maps.
class RasterPredictor
{
public:
    // Fills in the defaults of `request` for `model`; throws DataError for a model that is not a
    // raster task.
    RasterPredictor(const InferenceModel &model, PredictionRequest request);

    int tile() const { return m_request.tile; }
    int overlap() const { return m_request.overlap; }
    const PredictionRequest &request() const { return m_request; }

    // Throws DataError naming the input for a missing or unreadable raster or one without the
    // bands the model needs, JobCanceled when cancelled (the outputs are then removed).
    void run(Feedback *feedback = nullptr);
    // The same prediction into memory instead of files (the request's outputs and uncertainty are
    // not used): for small windows, such as the live preview of a training run.
    PredictedWindow predictInMemory(Feedback *feedback = nullptr);

private:
    int bandWidth(int width) const;
    // Predicts `rows` of the raster into `sink`, leaving out the rows a resumed prediction's files
    // hold (bands left of resumeColumn, and the first resumeRow of `rows` in the band starting there).
    // Rows outside `rows` may reach the sink too; the sink leaves them out.
    void predict(const ModelInputReader &channels, PredictionSink &sink, RasterPart::Rows rows,
                 int resumeColumn, int resumeRow, Feedback *feedback);

    const InferenceModel &m_model;
    PredictionRequest m_request;
};

} // namespace deepterra
