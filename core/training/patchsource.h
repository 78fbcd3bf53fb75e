#pragma once

#include "training/diskstack.h"
#include "training/normalizer.h"
#include "training/patchsite.h"
#include "training/rasterstack.h"
#include "training/taskconfig.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// What the splits of a raster task cut their patches from, shared by all of them: the training
// window in memory, or (a window larger than the task's memory limit) its copy on disk.
struct PatchSource
{
    TaskKind task = TaskKind::Segmentation;
    int patchSize = 0;
    // The window and its channel names; in memory, also the normalised input channels, NoData
    // pixels holding 0, the mean (mean/std) or the low percentile (percentile min-max) of the
    // training data, so that they pull the network nowhere.
    RasterStack stack;
    // In memory: the class index per pixel of the stack's window (-1 = unlabelled); empty for
    // autoencoders.
    std::vector<std::int32_t> labels;
    // On disk: the raw channels and labels, normalised with `normalizer` as each patch is read.
    std::shared_ptr<const DiskStack> disk;
    Normalizer normalizer;
    // Every patch that qualified, before the split (for the split preview).
    std::vector<PatchSite> sites;

    bool onDisk() const { return disk != nullptr; }
};

} // namespace deepterra
