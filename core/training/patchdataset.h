#pragma once

#include "training/patchsite.h"
#include "training/patchsource.h"
#include "training/sampledataset.h"

#include <memory>
#include <vector>

namespace deepterra {

// One split of a raster task: patches cut from the in-memory stack or read from its copy on disk, with labels
// for segmentation (one class per pixel, -1 = ignore), a scene class for patch classification, or the input
// itself as the target of an autoencoder. With augmentation, each example gets one of the eight flips and
// quarter turns, the same for its channels and its labels.
class PatchDataset : public SampleDataset
{
public:
    PatchDataset(std::shared_ptr<const PatchSource> source, std::vector<PatchSite> sites, bool augment,
                 std::vector<double> weights = {});

    std::size_t size() const override { return m_sites.size(); }
    std::vector<std::int64_t> inputShape() const override;
    std::vector<std::int64_t> targetShape() const override;
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override;
    std::vector<double> samplingWeights() const override { return m_weights; }

    const std::vector<PatchSite> &sites() const { return m_sites; }
    const PatchSource &source() const { return *m_source; }

private:
    // The example at `site` out of `stack` (which holds it) and its labels (stack layout).
    void cut(const RasterStack &stack, const std::vector<std::int32_t> &stackLabels, const PatchSite &site,
             int transformIndex, Sample &out) const;

    std::shared_ptr<const PatchSource> m_source;
    std::vector<PatchSite> m_sites;
    bool m_augment = false;
    std::vector<double> m_weights;
};

} // namespace deepterra
