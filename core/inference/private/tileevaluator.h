#pragma once

// Core-private: only core .cpp files include this.

#include "inference/private/optimizednetwork.h"
#include "inference/uncertaintysettings.h"
#include "models/graph/layergraph.h"

#include <torch/script.h>

#include <cstdint>
#include <vector>

namespace deepterra {

class InferenceModel;

// What a batch of tiles becomes on a network stream: the planes TileBlender blends. Without an
// uncertainty method, one pass: class probabilities (softmax of the logits), or the reconstruction
// error (mean squared error over the channels, in normalised units). With one, every pass's
// output averaged, then the uncertainty planes (UncertaintySettings::bandDescription):
// - class maps: predictive entropy H[mean p], mutual information H[mean p] - mean H[p] (the part
//   of the entropy that the passes disagree on), and the per-class standard deviation of p over
//   the passes averaged over the classes;
// - anomaly maps: the standard deviation of the reconstruction error over the passes.
// Monte Carlo dropout draws each pass's masks from the seed, the batch's index and the pass, so a
// prediction does not depend on the streams. Test-time augmentation runs the eight flips and
// 90-degree rotations of each (square) tile and maps each output back before it is averaged.
class TileEvaluator
{
public:
    // Throws DataError naming the model when Monte Carlo dropout is asked of a network without
    // dropout (its passes would all be the same).
    TileEvaluator(const InferenceModel &model, const UncertaintySettings &settings);

    TorchScriptSource::Dropout dropoutMode() const;
    // Planes of a tile's result: classes (or 1) plus the uncertainty bands.
    int planes() const;
    // `cpuTiles`: count x channels x tile x tile normalised inputs on the CPU; `batchIndex`: the
    // batch's position in the prediction's dispatch order. The result is on the CPU, whatever
    // device the network runs on.
    torch::Tensor evaluate(OptimizedNetwork &network, const torch::Tensor &cpuTiles,
                           std::uint64_t batchIndex) const;

private:
    torch::Tensor pass(OptimizedNetwork &network, const torch::Tensor &x, std::uint64_t batchIndex,
                       int pass) const;
    std::vector<torch::Tensor> dropoutMasks(const torch::Tensor &x, std::uint64_t batchIndex, int pass) const;

    UncertaintySettings m_settings;
    bool m_classify = true;
    bool m_denseInput = false;
    int m_classes = 0;
    LayerGraph m_graph;
    std::vector<int> m_dropoutNodes;
};

} // namespace deepterra
