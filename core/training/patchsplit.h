#pragma once

#include <cstddef>
#include <vector>

namespace deepterra {

// The sides of a raster task's split, as indices into the sampled patches.
struct PatchSplit
{
    std::vector<std::size_t> train;
    std::vector<std::size_t> validation;
    std::vector<std::size_t> test; // empty without a test fraction
    // Patches of no side: training and validation patches too close to a test patch, then training
    // patches too close to a validation patch.
    std::size_t droppedByBuffer = 0;
    // Spatial blocks only.
    int blockSize = 0;
    int buffer = 0;
    int blocks = 0; // blocks holding at least one patch
    int validationBlocks = 0;
    int testBlocks = 0;
};

} // namespace deepterra
