#include "training/dashboardbatchseries.h"

#include <algorithm>

namespace deepterra {

void DashboardBatchSeries::clear()
{
    m_samples.clear();
    m_smoothing.reset();
}

void DashboardBatchSeries::add(DashboardBatchSample sample)
{
    sample.smoothedLoss = m_smoothing.add(sample.loss);
    if (int(m_samples.size()) >= kMaxStored) {
        // Halve the store: the smoothed values keep what the full stream gave them.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_samples.size(); i += 2)
            m_samples[kept++] = m_samples[i];
        m_samples.resize(kept);
    }
    m_samples.push_back(sample);
}

void DashboardBatchSeries::setBeta(double beta)
{
    m_smoothing.setBeta(beta);
    for (DashboardBatchSample &sample : m_samples)
        sample.smoothedLoss = m_smoothing.add(sample.loss);
}

std::vector<int> DashboardBatchSeries::plottedIndices(int recent, int older) const
{
    const int count = size();
    const int firstRecent = std::max(0, count - std::max(0, recent));
    std::vector<int> indices;
    indices.reserve(std::size_t(std::min(count, firstRecent > 0 ? recent + older : count)));
    if (firstRecent > 0 && older > 0) {
        const int stride = (firstRecent + older - 1) / older;
        for (int i = 0; i < firstRecent; i += stride)
            indices.push_back(i);
    }
    for (int i = firstRecent; i < count; ++i)
        indices.push_back(i);
    return indices;
}

} // namespace deepterra
