#pragma once

#include "training/patchsite.h"
#include "training/rasterstack.h"

#include <cstdint>
#include <vector>

namespace deepterra {

class Feedback;

// What makes a patch usable besides its NoData share.
enum class PatchLabelRule {
    Any, // autoencoders: no labels needed
    AnyLabelled, // segmentation: at least one labelled pixel
    SceneMajority, // patch classification: the most frequent labelled class
    SceneCenter, // patch classification: the label of the centre pixel
};

struct PatchSamplingOptions
{
    int patchSize = 64;
    int stride = 32;
    double maxNoDataFraction = 0.1;
    PatchLabelRule rule = PatchLabelRule::AnyLabelled;
    int classCount = 0;
};

struct PatchSampling
{
    std::vector<PatchSite> sites;
    std::int64_t candidates = 0;
    std::int64_t rejectedForNoData = 0;
    std::int64_t rejectedForLabels = 0;

    // Adds another part of the same window (a later row, a later strip).
    void append(const PatchSampling &part)
    {
        sites.insert(sites.end(), part.sites.begin(), part.sites.end());
        candidates += part.candidates;
        rejectedForNoData += part.rejectedForNoData;
        rejectedForLabels += part.rejectedForLabels;
    }
};

// Cuts a training window into candidate patches and keeps the usable ones.
class PatchSampler
{
public:
    // Origins from `start` every `stride` pixels while a patch fits in `length`, plus one flush
    // with the far end so that the last pixels of the window are not left out.
    static std::vector<int> origins(int start, int length, int patchSize, int stride);

    // Keeps a patch when its NoData share over all channels is at most maxNoDataFraction and it
    // passes the label rule. `labels` cover the stack's window row by row (class index, -1 =
    // unlabelled) and may be empty for PatchLabelRule::Any. Ties of the majority go to the lower
    // class index; the centre of an even-sized patch is the pixel at (size / 2, size / 2).
    static PatchSampling sample(const RasterStack &stack, const std::vector<std::int32_t> &labels,
                                const PatchSamplingOptions &options, Feedback *feedback = nullptr);

    // The same for the patches whose top rows are `rows` (relative to the stack's window) and whose
    // columns are the origins across the whole stack: one strip of a window too large to hold, read
    // from the first of the rows to the last patch's bottom.
    static PatchSampling sampleRows(const RasterStack &stack, const std::vector<std::int32_t> &labels,
                                    const PatchSamplingOptions &options, const std::vector<int> &rows);
};

} // namespace deepterra
