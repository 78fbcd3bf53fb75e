#pragma once

#include "training/trainingdata.h"

#include <cstdint>
#include <vector>

namespace deepterra {

class Feedback;
class Project;
struct PatchSite;
struct PatchSource;

// Prepares segmentation, patch classification and raster autoencoder data (see TrainingDataBuilder).
class RasterTrainingDataBuilder
{
public:
    static TrainingData build(const Project &project, const TaskConfig &task, std::uint64_t seed,
                              Feedback *feedback = nullptr);
    // Labelled pixels per class under the patches (each pixel once), or patches per scene class:
    // what a run reports for each side of its split.
    static std::vector<std::int64_t> classCounts(const PatchSource &source,
                                                 const std::vector<PatchSite> &sites, int classCount);
};

} // namespace deepterra
