#pragma once

#include "geodata/rastergrid.h"
#include "training/diskstack.h"
#include "training/normalizer.h"
#include "training/patchsampler.h"
#include "training/patchsite.h"
#include "training/rasterstackreader.h"

#include <QRect>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace deepterra {

class Feedback;

// The passes over a training window larger than the task's memory limit, each a strip at a time:
// reading the channels (with the DEM's derivatives computed per strip) into a DiskStack while the
// patches are sampled, then fitting the normalisation and counting classes from that copy. Strips
// are full rows of the window, in order, so the sites, statistics and counts are those of the
// in-memory path over the same window.
class StreamedTrainingWindow
{
public:
    // The labels of `rect` (image pixels) row by row, class index or -1.
    using LabelReader = std::function<std::vector<std::int32_t>(const QRect &rect)>;

    struct Copy
    {
        std::shared_ptr<DiskStack> disk;
        PatchSampling sampling;
        std::vector<std::int64_t> labelledPerClass; // labelled pixels of the window, after masking
        std::vector<std::int64_t> validPerChannel; // valid pixels of the window, per channel
        int strips = 0;
        std::uint64_t largestStripBytes = 0; // a strip's values, validity and labels in memory
    };

    // Copies `window` of the stack to disk and samples its patches (PatchSampler's sites), each strip
    // at most about `memoryLimit` / 2 bytes while in memory. A strip holds at least one row of
    // patches, so the window's width times the patch size sets a floor under that (a warning says
    // so when it lies above the limit).
    // Labels come from `labels` (null for autoencoders) and are dropped wherever a channel has
    // NoData, as in memory.
    static Copy copyAndSample(const RasterStackSource &source, const RasterGrid &grid, const QRect &window,
                              const LabelReader &labels, const PatchSamplingOptions &options,
                              std::uint64_t memoryLimit, Feedback *feedback);

    // Unlabels the pixels where any channel of `stack` has NoData (`labels` in the stack's layout): a
    // class learnt from a filled pixel teaches the network nothing true.
    static void maskLabels(std::vector<std::int32_t> &labels, const RasterStack &stack);

    // StackNormalization::fit over the copy; percentiles keep at most a quarter of `memoryLimit`
    // of values (then a seeded sample stands in for the rest).
    static Normalizer fitNormalization(const DiskStack &disk, const std::vector<PatchSite> &sites,
                                       int patchSize, NormalizationKind kind, double percentileLow,
                                       double percentileHigh, std::uint64_t memoryLimit, std::uint64_t seed,
                                       std::vector<std::size_t> *validCounts, Feedback *feedback);

    // Per list of sites, the labelled pixels per class under them, each pixel once
    // (RasterTrainingDataBuilder::classCounts), all lists in one pass over the copy.
    static std::vector<std::vector<std::int64_t>>
    classCounts(const DiskStack &disk, const std::vector<const std::vector<PatchSite> *> &lists,
                int patchSize, int classCount, Feedback *feedback = nullptr);

    // Calls `visit` for consecutive full-width strips of the copy's window, each with the sites that
    // reach into it, each strip about `stripBytes` in memory (at least one row).
    static void forEachStrip(const DiskStack &disk, const std::vector<PatchSite> &sites, int patchSize,
                             std::uint64_t stripBytes, bool withLabels,
                             const std::function<void(const RasterStack &, const std::vector<std::int32_t> &,
                                                      const std::vector<PatchSite> &)> &visit,
                             Feedback *feedback = nullptr);
};

} // namespace deepterra
