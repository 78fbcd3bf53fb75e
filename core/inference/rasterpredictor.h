#pragma once

#include "inference/predictionrequest.h"

namespace deepterra {

class Feedback;
class TrainedModel;

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
// The raster is processed as strips one tile row high: a reader thread reads the next strip
// while this thread runs the network, and a writer thread encodes the previous strip. Memory is
// a few strips (channels x tile x raster width) plus the batch and the network: independent of
// the raster's height, linear in its width (about 600 MB in all for 6 bands, 4 classes, tile 256
// and width 20000). run() caps GDAL's block cache at 256 MiB for the same reason (process-wide).
//
// The network is reached only through TrainedModel (metadata) and its Model's forward(): an
// exported model needs a TrainedModel-like source of the same metadata and a forward function.
class RasterPredictor
{
public:
    // Fills in the defaults of `request` for `model`; throws DataError for a model that is not a
    // raster task.
    RasterPredictor(const TrainedModel &model, PredictionRequest request);

    int tile() const { return m_request.tile; }
    int overlap() const { return m_request.overlap; }
    const PredictionRequest &request() const { return m_request; }

    // Throws DataError naming the input for a missing or unreadable raster or one without the
    // bands the model needs, JobCanceled when cancelled (the outputs are then removed).
    void run(Feedback *feedback = nullptr);

private:
    const TrainedModel &m_model;
    PredictionRequest m_request;
};

} // namespace deepterra
