#include "statistics/runningmoments.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

void RunningMoments::addBlock(const float *values, const std::uint8_t *valid, std::size_t count)
{
    RunningMoments block;
    double sum = 0.0;
    float lowest = std::numeric_limits<float>::infinity();
    float highest = -std::numeric_limits<float>::infinity();
    for (std::size_t i = 0; i < count; ++i) {
        const float v = values[i];
        if (!valid[i] || !std::isfinite(v))
            continue;
        ++block.m_count;
        sum += v;
        lowest = std::min(lowest, v);
        highest = std::max(highest, v);
    }
    if (block.m_count == 0)
        return;
    block.m_mean = sum / double(block.m_count);
    block.m_minimum = lowest;
    block.m_maximum = highest;
    double squares = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        const float v = values[i];
        if (!valid[i] || !std::isfinite(v))
            continue;
        const double deviation = double(v) - block.m_mean;
        squares += deviation * deviation;
    }
    block.m_sumOfSquaredDeviations = squares;
    merge(block);
}

void RunningMoments::merge(const RunningMoments &other)
{
    if (other.m_count == 0)
        return;
    if (m_count == 0) {
        *this = other;
        return;
    }
    const double total = double(m_count + other.m_count);
    const double delta = other.m_mean - m_mean;
    m_mean += delta * double(other.m_count) / total;
    m_sumOfSquaredDeviations
        += other.m_sumOfSquaredDeviations + delta * delta * double(m_count) * double(other.m_count) / total;
    m_count += other.m_count;
    m_minimum = std::min(m_minimum, other.m_minimum);
    m_maximum = std::max(m_maximum, other.m_maximum);
}

double RunningMoments::minimum() const
{
    return m_count ? m_minimum : kNaN;
}

double RunningMoments::maximum() const
{
    return m_count ? m_maximum : kNaN;
}

double RunningMoments::mean() const
{
    return m_count ? m_mean : kNaN;
}

double RunningMoments::variance() const
{
    return m_count ? m_sumOfSquaredDeviations / double(m_count) : kNaN;
}

double RunningMoments::stdDev() const
{
    return std::sqrt(variance());
}

} // namespace deepterra
