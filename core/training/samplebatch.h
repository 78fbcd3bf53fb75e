#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// Consecutive examples packed into contiguous buffers, batch dimension first.
struct SampleBatch
{
    std::size_t size = 0;
    std::vector<std::int64_t> inputShape;
    std::vector<float> inputs;
    std::vector<std::int64_t> classShape; // empty when the task has no class targets
    std::vector<std::int64_t> classes;
    std::vector<std::int64_t> targetShape; // empty when the task has no regression targets
    std::vector<float> targets;
    std::vector<std::size_t> indices; // dataset indices of the examples, for evaluation
    // The buffers staged for the training device by BatchLoaderOptions::prepare (on a GPU: copies
    // in page-locked memory, which go to the device asynchronously); null otherwise.
    std::shared_ptr<const void> staged;
};

} // namespace deepterra
