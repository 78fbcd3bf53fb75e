#include "training/stacknormalization.h"

#include "training/normalizationaccumulator.h"

#include <algorithm>

namespace deepterra {

std::vector<std::uint8_t> StackNormalization::coverage(const RasterStack &stack,
                                                       const std::vector<PatchSite> &sites, int patchSize)
{
    std::vector<std::uint8_t> covered(stack.planeSize(), 0);
    for (const PatchSite &site : sites) {
        const QRect part = site.footprint(patchSize).intersected(stack.window);
        if (part.isEmpty())
            continue;
        const int x0 = part.x() - stack.window.x();
        const int y0 = part.y() - stack.window.y();
        for (int row = y0; row < y0 + part.height(); ++row) {
            auto line = covered.begin()
                + std::ptrdiff_t(std::size_t(row) * std::size_t(stack.width()) + std::size_t(x0));
            std::fill(line, line + part.width(), std::uint8_t(1));
        }
    }
    return covered;
}

Normalizer StackNormalization::fit(const RasterStack &stack, const std::vector<PatchSite> &sites,
                                   int patchSize, NormalizationKind kind, double percentileLow,
                                   double percentileHigh, std::vector<std::size_t> *validCounts)
{
    NormalizationAccumulator accumulator(kind, stack.channels, percentileLow, percentileHigh);
    accumulator.add(stack, coverage(stack, sites, patchSize));
    if (validCounts)
        *validCounts = accumulator.validCounts();
    return accumulator.result();
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
