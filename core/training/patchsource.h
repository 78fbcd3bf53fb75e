#pragma once

#include "training/rasterstack.h"
#include "training/taskconfig.h"

#include <cstdint>
#include <vector>

namespace deepterra {

// What the two splits of a raster task cut their patches from, shared by both.
struct PatchSource
{
    TaskKind task = TaskKind::Segmentation;
    int patchSize = 0;
    // Normalised input channels; NoData pixels hold 0, the mean (mean/std) or the low percentile
    // (percentile min-max) of the training data, so that they pull the network nowhere.
    RasterStack stack;
    // Class index per pixel of the stack's window (-1 = unlabelled); empty for autoencoders.
    std::vector<std::int32_t> labels;
};

} // namespace deepterra
