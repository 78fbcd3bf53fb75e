#include "statistics/valuehistogram.h"

#include "statistics/percentilerank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace deepterra {

ValueHistogram::ValueHistogram(double minimum, double maximum, bool integerValued, int bins)
    : m_minimum(minimum)
    , m_maximum(maximum)
{
    if (!(maximum >= minimum) || !std::isfinite(minimum) || !std::isfinite(maximum))
        throw std::invalid_argument("a histogram needs a finite range");
    const bool integersFitFloats
        = std::abs(minimum) <= kLargestExactFloatInteger && std::abs(maximum) <= kLargestExactFloatInteger;
    if (maximum == minimum
        || (integerValued && integersFitFloats && maximum - minimum + 1 <= kMaxIntegerBins)) {
        m_exact = true;
        m_binWidth = 1.0;
        m_counts.assign(std::size_t(maximum - minimum) + 1, 0);
        return;
    }
    if (bins < 1)
        throw std::invalid_argument("a histogram needs at least one bin");
    m_binWidth = (maximum - minimum) / bins;
    m_counts.assign(std::size_t(bins), 0);
    m_binLowest.assign(std::size_t(bins), std::numeric_limits<float>::infinity());
    m_binHighest.assign(std::size_t(bins), -std::numeric_limits<float>::infinity());
}

std::size_t ValueHistogram::binOf(float value) const
{
    const double position = m_exact ? std::round(double(value) - m_minimum)
                                    : std::floor((double(value) - m_minimum) / m_binWidth);
    // Values at the maximum (or a hair outside the range by rounding) belong to the outer bins.
    return std::size_t(std::clamp(position, 0.0, double(m_counts.size() - 1)));
}

void ValueHistogram::addBlock(const float *values, const std::uint8_t *valid, std::size_t count)
{
    for (std::size_t i = 0; i < count; ++i) {
        const float v = values[i];
        if (!valid[i] || !std::isfinite(v))
            continue;
        const std::size_t bin = binOf(v);
        ++m_counts[bin];
        ++m_total;
        if (!m_exact) {
            m_binLowest[bin] = std::min(m_binLowest[bin], v);
            m_binHighest[bin] = std::max(m_binHighest[bin], v);
        }
    }
}

double ValueHistogram::valueAtRank(qint64 rank, const std::vector<qint64> &cumulative) const
{
    // cumulative[b] counts the values in bins 0..b: the first bin whose total exceeds the rank holds it.
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), rank);
    const std::size_t bin = std::size_t(
        std::min<std::ptrdiff_t>(it - cumulative.begin(), std::ptrdiff_t(cumulative.size()) - 1));
    if (m_exact)
        return m_minimum + double(bin);
    const qint64 before = bin == 0 ? 0 : cumulative[bin - 1];
    const qint64 inBin = m_counts[bin];
    const double lowest = m_binLowest[bin];
    const double highest = m_binHighest[bin];
    if (inBin <= 1)
        return lowest;
    return lowest + (highest - lowest) * double(rank - before) / double(inBin - 1);
}

std::vector<double> ValueHistogram::percentiles(const std::vector<double> &percents) const
{
    std::vector<double> result(percents.size(), std::numeric_limits<double>::quiet_NaN());
    if (m_total == 0)
        return result;
    std::vector<qint64> cumulative(m_counts.size());
    qint64 running = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        cumulative[i] = running += m_counts[i];
    for (std::size_t i = 0; i < percents.size(); ++i) {
        const PercentileRank rank = PercentileRank::of(m_total, percents[i]);
        result[i]
            = rank.interpolate(valueAtRank(rank.lower, cumulative), valueAtRank(rank.upper, cumulative));
    }
    return result;
}

} // namespace deepterra
