#pragma once

#include "training/normalizer.h"
#include "training/patchsite.h"
#include "training/rasterstack.h"

#include <cstdint>
#include <vector>

namespace deepterra {

// Fits a raster task's normaliser on the training patches and applies it to the whole stack.
class StackNormalization
{
public:
    // 1 for each pixel of the stack's window that at least one of `sites` covers (sites may reach
    // past the window: a strip of a larger one).
    static std::vector<std::uint8_t> coverage(const RasterStack &stack, const std::vector<PatchSite> &sites,
                                              int patchSize);

    // Per channel, from the valid values of the pixels covered by `sites` (each pixel once, however
    // many patches overlap it), so that nothing of the validation patches leaks into it.
    // `validCounts`, when given, receives the number of values each channel was fitted on.
    static Normalizer fit(const RasterStack &stack, const std::vector<PatchSite> &sites, int patchSize,
                          NormalizationKind kind, double percentileLow, double percentileHigh,
                          std::vector<std::size_t> *validCounts = nullptr);

    // Normalises every value in place; NoData pixels become 0 (the training mean, or the low
    // percentile), which a network reads as "nothing unusual" rather than as an extreme value.
    static void apply(const Normalizer &normalizer, RasterStack &stack);
};

} // namespace deepterra
