#include "training/trainingdatabuilder.h"

#include "training/rastertrainingdatabuilder.h"
#include "training/seriestrainingdatabuilder.h"

namespace deepterra {

TrainingData TrainingDataBuilder::build(const Project &project, const TaskConfig &task, std::uint64_t seed,
                                        Feedback *feedback)
{
    if (task.isRasterTask())
        return RasterTrainingDataBuilder::build(project, task, seed, feedback);
    return SeriesTrainingDataBuilder::build(project, task, seed, feedback);
}

} // namespace deepterra
