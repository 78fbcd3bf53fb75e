#include "training/patchdataset.h"

#include "training/patchtransform.h"
#include "training/stacknormalization.h"

#include <algorithm>

namespace deepterra {

PatchDataset::PatchDataset(std::shared_ptr<const PatchSource> source, std::vector<PatchSite> sites,
                           bool augment, std::vector<double> weights)
    : m_source(std::move(source))
    , m_sites(std::move(sites))
    , m_augment(augment)
    , m_weights(std::move(weights))
{ }

std::vector<std::int64_t> PatchDataset::inputShape() const
{
    const std::int64_t size = m_source->patchSize;
    return { std::int64_t(m_source->stack.channelCount()), size, size };
}

std::vector<std::int64_t> PatchDataset::targetShape() const
{
    const std::int64_t size = m_source->patchSize;
    switch (m_source->task) {
    case TaskKind::Segmentation:
        return { size, size };
    case TaskKind::PatchClassification:
        return {};
    default:
        return inputShape();
    }
}

void PatchDataset::sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const
{
    const PatchSource &source = *m_source;
    const PatchSite &site = m_sites.at(index);
    // The raw 64-bit draw modulo 8 (a power of two) is the same on every standard library,
    // unlike the distributions.
    const int transform = m_augment && augment ? int((*augment)() % PatchTransform::kCount) : 0;
    if (!source.onDisk()) {
        cut(source.stack, source.labels, site, transform, out);
        return;
    }
    std::vector<std::int32_t> labels;
    RasterStack patch = source.disk->read(site.footprint(source.patchSize),
                                          source.task == TaskKind::Segmentation ? &labels : nullptr);
    StackNormalization::apply(source.normalizer, patch);
    cut(patch, labels, site, transform, out);
}

void PatchDataset::cut(const RasterStack &stack, const std::vector<std::int32_t> &stackLabels,
                       const PatchSite &site, int transformIndex, Sample &out) const
{
    const PatchSource &source = *m_source;
    const int size = source.patchSize;
    const std::size_t plane = std::size_t(size) * std::size_t(size);
    const int x0 = site.x - stack.window.x();
    const int y0 = site.y - stack.window.y();
    const PatchTransform transform(transformIndex, size);

    std::vector<float> patch(plane);
    out.input.resize(std::size_t(stack.channelCount()) * plane);
    for (int c = 0; c < stack.channelCount(); ++c) {
        for (int row = 0; row < size; ++row) {
            const float *line = stack.values.data() + stack.offset(c, x0, y0 + row);
            std::copy(line, line + size,
                      patch.begin() + std::ptrdiff_t(std::size_t(row) * std::size_t(size)));
        }
        transform.apply(patch.data(), out.input.data() + std::size_t(c) * plane);
    }

    out.classes.clear();
    out.target.clear();
    switch (source.task) {
    case TaskKind::Segmentation: {
        std::vector<std::int64_t> labels(plane);
        for (int row = 0; row < size; ++row) {
            const std::int32_t *line
                = stackLabels.data() + std::size_t(y0 + row) * std::size_t(stack.width()) + std::size_t(x0);
            std::copy(line, line + size,
                      labels.begin() + std::ptrdiff_t(std::size_t(row) * std::size_t(size)));
        }
        out.classes.resize(plane);
        transform.apply(labels.data(), out.classes.data());
        break;
    }
    case TaskKind::PatchClassification:
        out.classes = { std::int64_t(site.classIndex) };
        break;
    default:
        out.target = out.input;
        break;
    }
}

} // namespace deepterra
