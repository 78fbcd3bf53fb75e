#include "training/normalizationaccumulator.h"

#include <algorithm>

namespace deepterra {

namespace {

// Normalizer::fit sums mean/std in blocks of this many values; the same blocks give the same sums.
constexpr std::size_t kMomentBlock = 65536;

void addMomentBlock(RunningMoments &moments, const std::vector<float> &values)
{
    static const std::vector<std::uint8_t> all(kMomentBlock, 1);
    moments.addBlock(values.data(), all.data(), values.size());
}

} // namespace

NormalizationAccumulator::NormalizationAccumulator(NormalizationKind kind, const QStringList &channels,
                                                   double percentileLow, double percentileHigh,
                                                   std::size_t valueCap, std::uint64_t seed)
    : m_kind(kind)
    , m_channels(channels)
    , m_percentileLow(percentileLow)
    , m_percentileHigh(percentileHigh)
    , m_valueCap(std::max<std::size_t>(valueCap, 1))
    , m_random(seed)
    , m_counts(std::size_t(channels.size()), 0)
    , m_values(std::size_t(channels.size()))
    , m_moments(std::size_t(channels.size()))
{ }

void NormalizationAccumulator::addValue(std::size_t channel, float value)
{
    std::vector<float> &values = m_values[channel];
    const std::size_t seen = ++m_counts[channel];
    if (m_kind == NormalizationKind::MeanStd) {
        values.push_back(value);
        if (values.size() == kMomentBlock) {
            addMomentBlock(m_moments[channel], values);
            values.clear();
        }
        return;
    }
    if (values.size() < m_valueCap) {
        values.push_back(value);
        return;
    }
    // Reservoir sampling (Vitter's algorithm R): every value seen so far stays with the same chance.
    m_sampled = true;
    const std::uint64_t slot = m_random() % std::uint64_t(seen);
    if (slot < values.size())
        values[std::size_t(slot)] = value;
}

void NormalizationAccumulator::add(const RasterStack &stack, const std::vector<std::uint8_t> &covered)
{
    for (int c = 0; c < stack.channelCount(); ++c) {
        const float *plane = stack.values.data() + stack.offset(c, 0, 0);
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
        for (std::size_t i = 0; i < covered.size(); ++i)
            if (covered[i] && valid[i])
                addValue(std::size_t(c), plane[i]);
    }
}

Normalizer NormalizationAccumulator::result()
{
    if (m_kind != NormalizationKind::MeanStd)
        return Normalizer::fit(m_kind, m_channels, m_values, m_percentileLow, m_percentileHigh);
    for (std::size_t c = 0; c < m_values.size(); ++c)
        if (!m_values[c].empty()) {
            addMomentBlock(m_moments[c], m_values[c]);
            m_values[c].clear();
        }
    return Normalizer::fromMoments(m_channels, m_moments);
}

} // namespace deepterra
