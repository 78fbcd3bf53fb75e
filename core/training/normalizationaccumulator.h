#pragma once

#include "statistics/runningmoments.h"
#include "training/normalizer.h"
#include "training/rasterstack.h"
#include "training/taskconfig.h"

#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace deepterra {

// Fits a raster task's normaliser on values that arrive stack by stack: the whole training window
// at once, or strip after strip of a window too large to hold. Mean/std is exact and, block for
// block, the same sums as Normalizer::fit over the same values in the same order. Percentiles need
// the values themselves: up to `valueCap` per channel they are all kept (exact); beyond it a
// uniform reservoir sample of that size, seeded, stands in for them.
class NormalizationAccumulator
{
public:
    NormalizationAccumulator(NormalizationKind kind, const QStringList &channels, double percentileLow,
                             double percentileHigh,
                             std::size_t valueCap = std::numeric_limits<std::size_t>::max(),
                             std::uint64_t seed = 0);

    // Adds the valid values of the pixels flagged in `covered` (one flag per pixel of the stack's
    // window), channel by channel, row by row.
    void add(const RasterStack &stack, const std::vector<std::uint8_t> &covered);

    // Values each channel was fitted on (all of them, also beyond the cap).
    const std::vector<std::size_t> &validCounts() const { return m_counts; }
    // True when a percentile fit had to sample.
    bool sampled() const { return m_sampled; }
    Normalizer result();

private:
    void addValue(std::size_t channel, float value);

    NormalizationKind m_kind;
    QStringList m_channels;
    double m_percentileLow;
    double m_percentileHigh;
    std::size_t m_valueCap;
    std::mt19937_64 m_random;
    bool m_sampled = false;
    std::vector<std::size_t> m_counts;
    std::vector<std::vector<float>> m_values; // mean/std: the block being filled; percentiles: all
    std::vector<RunningMoments> m_moments;
};

} // namespace deepterra
