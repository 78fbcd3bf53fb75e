#pragma once

#include "training/trainingdata.h"

#include <cstdint>

namespace deepterra {

class Feedback;
class Project;

// Prepares segmentation, patch classification and raster autoencoder data (see TrainingDataBuilder).
class RasterTrainingDataBuilder
{
public:
    static TrainingData build(const Project &project, const TaskConfig &task, std::uint64_t seed,
                              Feedback *feedback = nullptr);
};

} // namespace deepterra
