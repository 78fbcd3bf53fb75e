#pragma once

#include <QtGlobal>

#include <cstddef>
#include <cstdint>

namespace deepterra {

// Count, extremes, mean and variance of a stream of values that arrives block by block. Each block
// is summed in two passes around its own mean and merged with Chan et al.'s pairwise formula, which
// keeps the variance accurate where a naive sum of squares would cancel (large mean, small spread).
class RunningMoments
{
public:
    // Adds the values whose `valid` flag is set and that are finite.
    void addBlock(const float *values, const std::uint8_t *valid, std::size_t count);
    void merge(const RunningMoments &other);

    qint64 count() const { return m_count; }
    // NaN while count() is 0.
    double minimum() const;
    double maximum() const;
    double mean() const;
    // Population variance (divides by count), as numpy's default.
    double variance() const;
    double stdDev() const;

private:
    qint64 m_count = 0;
    double m_mean = 0.0;
    double m_sumOfSquaredDeviations = 0.0;
    double m_minimum = 0.0;
    double m_maximum = 0.0;
};

} // namespace deepterra
