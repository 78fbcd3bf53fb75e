#pragma once

#include <cstdint>
#include <vector>

namespace deepterra {

// One training example, torch-free: the trainer wraps these buffers into tensors.
// Shapes exclude the batch dimension: (C, H, W) for patches, (T, F) for series windows, (F) for vectors.
struct Sample
{
    std::vector<float> input;
    // Segmentation: one class index per pixel (H*W), -1 = ignore. Patch classification: one index.
    std::vector<std::int64_t> classes;
    // Regression targets (horizon*targets for forecasts) or the reconstruction target (autoencoders).
    std::vector<float> target;
};

} // namespace deepterra
