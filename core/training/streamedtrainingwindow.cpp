#include "training/streamedtrainingwindow.h"

#include "jobs/feedback.h"
#include "labels/labelgrid.h"
#include "training/normalizationaccumulator.h"
#include "training/stacknormalization.h"

#include <algorithm>

namespace deepterra {

namespace {

// Bytes a full-width strip costs per row while it is read, masked and copied: values and
// validity, the labels and the label source's own grid, and the writer's interleaved buffer.
std::uint64_t copyRowBytes(int width, int channels, bool labelled)
{
    const std::uint64_t perPixel = std::uint64_t(channels) * (sizeof(float) + 1 + sizeof(float))
        + (labelled ? 3 * sizeof(std::int32_t) : 0);
    return std::max<std::uint64_t>(perPixel * std::uint64_t(width), 1);
}

} // namespace

void StreamedTrainingWindow::maskLabels(std::vector<std::int32_t> &labels, const RasterStack &stack)
{
    for (int c = 0; c < stack.channelCount(); ++c) {
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (!valid[i])
                labels[i] = LabelGrid::kIgnore;
    }
}

StreamedTrainingWindow::Copy StreamedTrainingWindow::copyAndSample(
    const RasterStackSource &source, const RasterGrid &grid, const QRect &window, const LabelReader &labels,
    const PatchSamplingOptions &options, std::uint64_t memoryLimit, Feedback *feedback)
{
    const int channels = int(source.bands.size()) + int(source.demChannels.size());
    const bool labelled = bool(labels);
    Copy copy;
    copy.disk = std::make_shared<DiskStack>(window, source.bandChannels + source.demChannels, labelled);
    copy.labelledPerClass.assign(std::size_t(std::max(0, options.classCount)), 0);
    copy.validPerChannel.assign(std::size_t(channels), 0);

    // Strips of whole rows of patches: a strip reads from its first patch row's top to its last
    // patch row's bottom, and writes the rows up to the next strip's first patch row.
    const std::vector<int> rows
        = PatchSampler::origins(0, window.height(), options.patchSize, options.stride);
    const std::uint64_t rowBytes = copyRowBytes(window.width(), channels, labelled);
    const int budgetRows = int(std::min<std::uint64_t>(std::max<std::uint64_t>(memoryLimit / 2 / rowBytes, 1),
                                                       std::uint64_t(window.height())));
    if (feedback && budgetRows < options.patchSize)
        feedback->warning(
            QStringLiteral("one row of %1-pixel patches across the %2-pixel-wide window takes "
                           "%3 MiB in memory, more than half the memory limit: each strip of the "
                           "copy takes that much")
                .arg(options.patchSize)
                .arg(window.width())
                .arg((rowBytes * std::uint64_t(options.patchSize)) >> 20));
    RasterStackSource stripSource = source;
    // One strip may lie beyond the DEM while the window as a whole does not: validPerChannel tells
    // whether the DEM covers any of it.
    stripSource.allowWindowsBeyondDem = true;
    std::size_t first = 0;
    while (first < rows.size()) {
        if (feedback) {
            feedback->checkpoint();
            feedback->setProgress(100.0 * double(first) / double(rows.size()));
        }
        std::size_t last = first;
        while (last + 1 < rows.size() && rows[last + 1] + options.patchSize - rows[first] <= budgetRows)
            ++last;
        const int top = rows[first];
        const int bottom = rows[last] + options.patchSize;
        const QRect stripRect(window.x(), window.y() + top, window.width(), bottom - top);
        const RasterStack strip = RasterStackReader::read(stripSource, grid, stripRect, nullptr,
                                                          RasterStack::bytesFor(channels, stripRect));
        std::vector<std::int32_t> stripLabels;
        if (labelled) {
            stripLabels = labels(stripRect);
            maskLabels(stripLabels, strip);
        }

        std::vector<int> stripRows;
        for (std::size_t r = first; r <= last; ++r)
            stripRows.push_back(rows[r] - top);
        copy.sampling.append(PatchSampler::sampleRows(strip, stripLabels, options, stripRows));

        const bool final = last + 1 == rows.size();
        const int writeFrom = first == 0 ? 0 : top;
        const int writeTo = final ? window.height() : std::min(rows[last + 1], bottom);
        copy.disk->write(strip, stripLabels, writeFrom, writeTo - writeFrom);
        ++copy.strips;
        copy.largestStripBytes = std::max(copy.largestStripBytes,
                                          RasterStack::bytesFor(channels, stripRect)
                                              + stripLabels.size() * sizeof(std::int32_t));
        const std::ptrdiff_t written = std::ptrdiff_t(writeTo - writeFrom) * window.width();
        for (int c = 0; c < channels; ++c) {
            const auto from = strip.valid.begin() + std::ptrdiff_t(strip.offset(c, 0, writeFrom - top));
            copy.validPerChannel[std::size_t(c)] += std::count(from, from + written, std::uint8_t(1));
        }
        if (labelled)
            for (int row = writeFrom; row < writeTo; ++row) {
                const std::int32_t *line
                    = stripLabels.data() + std::size_t(row - top) * std::size_t(window.width());
                for (int x = 0; x < window.width(); ++x)
                    if (line[x] >= 0 && std::size_t(line[x]) < copy.labelledPerClass.size())
                        ++copy.labelledPerClass[std::size_t(line[x])];
            }
        first = last + 1;
    }
    copy.disk->finish();
    return copy;
}

void StreamedTrainingWindow::forEachStrip(
    const DiskStack &disk, const std::vector<PatchSite> &sites, int patchSize, std::uint64_t stripBytes,
    bool withLabels,
    const std::function<void(const RasterStack &, const std::vector<std::int32_t> &,
                             const std::vector<PatchSite> &)> &visit,
    Feedback *feedback)
{
    const QRect &window = disk.window();
    // Indices sorted by top row rather than a copy of the sites: there may be millions.
    std::vector<std::size_t> byRow(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i)
        byRow[i] = i;
    std::stable_sort(byRow.begin(), byRow.end(),
                     [&sites](std::size_t a, std::size_t b) { return sites[a].y < sites[b].y; });
    const std::uint64_t rowBytes = std::max<std::uint64_t>(
        RasterStack::bytesFor(int(disk.channels().size()), QRect(0, 0, window.width(), 1))
            + (withLabels ? std::uint64_t(window.width()) * 2 * sizeof(float) : 0),
        1);
    const int stripRows = int(std::min<std::uint64_t>(std::max<std::uint64_t>(stripBytes / rowBytes, 1),
                                                      std::uint64_t(window.height())));
    std::size_t firstSite = 0;
    for (int top = 0; top < window.height(); top += stripRows) {
        if (feedback) {
            feedback->checkpoint();
            feedback->setProgress(100.0 * double(top) / double(window.height()));
        }
        const QRect stripRect(window.x(), window.y() + top, window.width(),
                              std::min(stripRows, window.height() - top));
        // Sites are sorted by their top row: those above the strip's reach are done with.
        while (firstSite < byRow.size() && sites[byRow[firstSite]].y + patchSize <= stripRect.top())
            ++firstSite;
        std::vector<PatchSite> reaching;
        for (std::size_t i = firstSite; i < byRow.size() && sites[byRow[i]].y <= stripRect.bottom(); ++i)
            reaching.push_back(sites[byRow[i]]);
        if (reaching.empty())
            continue;
        std::vector<std::int32_t> labels;
        const RasterStack strip = disk.read(stripRect, withLabels ? &labels : nullptr);
        visit(strip, labels, reaching);
    }
}

Normalizer StreamedTrainingWindow::fitNormalization(const DiskStack &disk,
                                                    const std::vector<PatchSite> &sites, int patchSize,
                                                    NormalizationKind kind, double percentileLow,
                                                    double percentileHigh, std::uint64_t memoryLimit,
                                                    std::uint64_t seed, std::vector<std::size_t> *validCounts,
                                                    Feedback *feedback)
{
    const std::size_t channels = std::size_t(std::max<qsizetype>(disk.channels().size(), 1));
    const std::size_t valueCap = std::max<std::size_t>(
        std::size_t(memoryLimit / 4 / sizeof(float) / channels), std::size_t(1) << 16);
    NormalizationAccumulator accumulator(kind, disk.channels(), percentileLow, percentileHigh, valueCap,
                                         seed);
    forEachStrip(
        disk, sites, patchSize, memoryLimit / 4, false,
        [&](const RasterStack &strip, const std::vector<std::int32_t> &,
            const std::vector<PatchSite> &reaching) {
            accumulator.add(strip, StackNormalization::coverage(strip, reaching, patchSize));
        },
        feedback);
    if (validCounts)
        *validCounts = accumulator.validCounts();
    if (feedback && accumulator.sampled())
        feedback->info(QStringLiteral("The percentiles were estimated from a sample of %1 values per channel")
                           .arg(valueCap));
    return accumulator.result();
}

std::vector<std::vector<std::int64_t>>
StreamedTrainingWindow::classCounts(const DiskStack &disk,
                                    const std::vector<const std::vector<PatchSite> *> &lists, int patchSize,
                                    int classCount, Feedback *feedback)
{
    // Strips small enough for a preview on a busy machine; the counts do not depend on their size.
    constexpr std::uint64_t kStripBytes = std::uint64_t(64) << 20;
    std::vector<std::vector<std::int64_t>> counts(
        lists.size(), std::vector<std::int64_t>(std::size_t(std::max(classCount, 0)), 0));
    if (!disk.labelled())
        return counts;
    // One pass for every list: each site tagged with its list in classIndex, which counting ignores.
    std::vector<PatchSite> all;
    for (std::size_t l = 0; l < lists.size(); ++l)
        for (PatchSite site : *lists[l]) {
            site.classIndex = std::int32_t(l);
            all.push_back(site);
        }
    forEachStrip(
        disk, all, patchSize, kStripBytes, true,
        [&](const RasterStack &strip, const std::vector<std::int32_t> &labels,
            const std::vector<PatchSite> &reaching) {
            std::vector<std::vector<PatchSite>> perList(lists.size());
            for (const PatchSite &site : reaching)
                perList[std::size_t(site.classIndex)].push_back(site);
            for (std::size_t l = 0; l < lists.size(); ++l) {
                if (perList[l].empty())
                    continue;
                const std::vector<std::uint8_t> covered
                    = StackNormalization::coverage(strip, perList[l], patchSize);
                for (std::size_t i = 0; i < covered.size(); ++i)
                    if (covered[i] && labels[i] >= 0 && std::size_t(labels[i]) < counts[l].size())
                        ++counts[l][std::size_t(labels[i])];
            }
        },
        feedback);
    return counts;
}

} // namespace deepterra
