#include "training/stacknormalization.h"

#include <algorithm>

namespace deepterra {

std::vector<std::uint8_t> StackNormalization::coverage(const RasterStack &stack,
                                                       const std::vector<PatchSite> &sites, int patchSize)
{
    std::vector<std::uint8_t> covered(stack.planeSize(), 0);
    for (const PatchSite &site : sites) {
        const int x0 = site.x - stack.window.x();
        const int y0 = site.y - stack.window.y();
        for (int row = y0; row < y0 + patchSize; ++row) {
            auto line = covered.begin()
                + std::ptrdiff_t(std::size_t(row) * std::size_t(stack.width()) + std::size_t(x0));
            std::fill(line, line + patchSize, std::uint8_t(1));
        }
    }
    return covered;
}

Normalizer StackNormalization::fit(const RasterStack &stack, const std::vector<PatchSite> &sites,
                                   int patchSize, NormalizationKind kind, double percentileLow,
                                   double percentileHigh, std::vector<std::size_t> *validCounts)
{
    const std::vector<std::uint8_t> covered = coverage(stack, sites, patchSize);
    std::vector<std::vector<float>> values(std::size_t(stack.channelCount()));
    for (int c = 0; c < stack.channelCount(); ++c) {
        const float *plane = stack.values.data() + stack.offset(c, 0, 0);
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
        std::vector<float> &channel = values[std::size_t(c)];
        for (std::size_t i = 0; i < covered.size(); ++i)
            if (covered[i] && valid[i])
                channel.push_back(plane[i]);
    }
    if (validCounts) {
        validCounts->clear();
        for (const std::vector<float> &channel : values)
            validCounts->push_back(channel.size());
    }
    return Normalizer::fit(kind, stack.channels, values, percentileLow, percentileHigh);
}

void StackNormalization::apply(const Normalizer &normalizer, RasterStack &stack)
{
    for (int c = 0; c < stack.channelCount(); ++c) {
        float *plane = stack.values.data() + stack.offset(c, 0, 0);
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
        normalizer.normalize(plane, c, stack.planeSize());
        for (std::size_t i = 0; i < stack.planeSize(); ++i)
            if (!valid[i])
                plane[i] = 0.0f;
    }
}

} // namespace deepterra
