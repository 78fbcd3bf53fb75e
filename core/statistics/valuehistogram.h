#pragma once

#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// Percentiles of a stream of values without keeping them: a histogram between the stream's known
// minimum and maximum. Integer data with a narrow range gets one bin per integer and exact
// percentiles. Otherwise each bin also keeps the smallest and largest value it saw, and a rank is
// placed linearly between them, so that the estimate stays inside the bin (error below its width)
// and is exact for a bin holding one distinct value (quantised floats, a constant band).
class ValueHistogram
{
public:
    // One bin per integer value when `integerValued` and the range allows it (see isExact()).
    ValueHistogram(double minimum, double maximum, bool integerValued, int bins);

    // Adds the values whose `valid` flag is set and that are finite.
    void addBlock(const float *values, const std::uint8_t *valid, std::size_t count);

    bool isExact() const { return m_exact; }
    int binCount() const { return int(m_counts.size()); }
    qint64 count() const { return m_total; }
    // numpy.percentile (linear) of the added values, one per percent; NaN when nothing was added.
    std::vector<double> percentiles(const std::vector<double> &percents) const;

    // Widest integer range that still gets one bin per value (8 MiB of counts).
    static constexpr qint64 kMaxIntegerBins = qint64(1) << 20;
    // Beyond this magnitude a float no longer holds every integer, so the integer bins would lie.
    static constexpr double kLargestExactFloatInteger = 16777216.0;

private:
    std::size_t binOf(float value) const;
    double valueAtRank(qint64 rank, const std::vector<qint64> &cumulative) const;

    double m_minimum = 0.0;
    double m_maximum = 0.0;
    double m_binWidth = 1.0;
    bool m_exact = false;
    qint64 m_total = 0;
    std::vector<qint64> m_counts;
    std::vector<float> m_binLowest; // only for the inexact case
    std::vector<float> m_binHighest;
};

} // namespace deepterra
