#pragma once

#include "training/sample.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace deepterra {

// A read-only, indexable set of training examples (one split of one task). sample() must be safe
// to call from the batch loader's thread while the trainer runs: implementations hold immutable
// data or per-call state only. `augment` is null for validation and evaluation.
class SampleDataset
{
public:
    virtual ~SampleDataset() = default;
    virtual std::size_t size() const = 0;
    virtual std::vector<std::int64_t> inputShape() const = 0; // without batch dimension
    virtual std::vector<std::int64_t>
    targetShape() const = 0; // classes: (H, W) or (); regression: (horizon, targets)...
    virtual void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const = 0;
    // Class-balanced sampling: a weight per example (empty = uniform).
    virtual std::vector<double> samplingWeights() const { return {}; }
};

} // namespace deepterra
