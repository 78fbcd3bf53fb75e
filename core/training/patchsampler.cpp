#include "training/patchsampler.h"

#include "jobs/feedback.h"

#include <algorithm>

namespace deepterra {

namespace {

std::int64_t invalidCount(const RasterStack &stack, int x, int y, int size)
{
    std::int64_t count = 0;
    for (int c = 0; c < stack.channelCount(); ++c)
        for (int row = y; row < y + size; ++row) {
            const std::uint8_t *valid = stack.valid.data() + stack.offset(c, x, row);
            count += std::count(valid, valid + size, std::uint8_t(0));
        }
    return count;
}

// The majority class (ties to the lower index) and the number of labelled pixels.
std::pair<std::int32_t, std::int64_t> majority(const std::vector<std::int32_t> &labels, int width, int x,
                                               int y, int size, std::vector<std::int64_t> &counts)
{
    std::fill(counts.begin(), counts.end(), 0);
    std::int64_t labelled = 0;
    for (int row = y; row < y + size; ++row) {
        const std::int32_t *line = labels.data() + std::size_t(row) * std::size_t(width) + std::size_t(x);
        for (int i = 0; i < size; ++i)
            if (line[i] >= 0 && std::size_t(line[i]) < counts.size()) {
                ++counts[std::size_t(line[i])];
                ++labelled;
            }
    }
    if (labelled == 0)
        return { -1, 0 };
    const auto best = std::max_element(counts.begin(), counts.end());
    return { std::int32_t(best - counts.begin()), labelled };
}

} // namespace

std::vector<int> PatchSampler::origins(int start, int length, int patchSize, int stride)
{
    std::vector<int> result;
    if (patchSize > length || stride < 1)
        return result;
    for (int offset = 0; offset + patchSize <= length; offset += stride)
        result.push_back(start + offset);
    if (result.back() + patchSize < start + length)
        result.push_back(start + length - patchSize);
    return result;
}

PatchSampling PatchSampler::sample(const RasterStack &stack, const std::vector<std::int32_t> &labels,
                                   const PatchSamplingOptions &options, Feedback *feedback)
{
    const std::vector<int> ys = origins(0, stack.height(), options.patchSize, options.stride);
    PatchSampling sampling;
    for (std::size_t row = 0; row < ys.size(); ++row) {
        if (feedback) {
            feedback->checkpoint();
            feedback->setProgress(100.0 * double(row) / double(ys.size()));
        }
        sampling.append(sampleRows(stack, labels, options, { ys[row] }));
    }
    return sampling;
}

PatchSampling PatchSampler::sampleRows(const RasterStack &stack, const std::vector<std::int32_t> &labels,
                                       const PatchSamplingOptions &options, const std::vector<int> &rows)
{
    PatchSampling sampling;
    const int size = options.patchSize;
    const std::vector<int> xs = origins(0, stack.width(), size, options.stride);
    const double allowedInvalid
        = options.maxNoDataFraction * double(stack.channelCount()) * double(size) * double(size);
    const bool needsLabels = options.rule != PatchLabelRule::Any;
    std::vector<std::int64_t> counts(std::size_t(std::max(0, options.classCount)), 0);

    for (const int y : rows) {
        for (int x : xs) {
            ++sampling.candidates;
            if (double(invalidCount(stack, x, y, size)) > allowedInvalid) {
                ++sampling.rejectedForNoData;
                continue;
            }
            PatchSite site;
            site.x = stack.window.x() + x;
            site.y = stack.window.y() + y;
            if (needsLabels || !labels.empty()) {
                const auto [major, labelled] = majority(labels, stack.width(), x, y, size, counts);
                site.classIndex = major;
                site.labelledPixels = labelled;
            }
            if (options.rule == PatchLabelRule::SceneCenter) {
                const std::size_t centre
                    = std::size_t(y + size / 2) * std::size_t(stack.width()) + std::size_t(x + size / 2);
                site.classIndex = labels[centre] >= 0 ? labels[centre] : -1;
            }
            if (needsLabels && site.classIndex < 0) {
                ++sampling.rejectedForLabels;
                continue;
            }
            sampling.sites.push_back(site);
        }
    }
    return sampling;
}

} // namespace deepterra
