#pragma once

#include "training/splitpreviewlayer.h"

#include <QString>

#include <cstddef>
#include <cstdint>

namespace deepterra {

struct TaskConfig;
struct TrainingData;

// Where a raster class task's patches went: the polygons of the training, validation and test
// sides (the spatial blocks, or for a random split the area around each patch's centre) and the
// buffer where patches were dropped for coming too close to another side.
struct SplitLayout
{
    SplitPreviewLayer layer;
    std::size_t patches = 0; // sampled, before the split
    std::size_t droppedByBuffer = 0;
};

// Draws the split the trainer made: samples the prepared data's patches and splits them again with
// the same settings and seed (the split is deterministic), so that each patch's side is known,
// including those the split dropped. For the split preview and for the run folder's split.gpkg.
class SplitLayerBuilder
{
public:
    // `data`: prepared by RasterTrainingDataBuilder for a segmentation or patch classification
    // task. Throws DataError(errorPath) as PatchSplitter does when a side would be empty.
    static SplitLayout build(const TrainingData &data, const TaskConfig &task, std::uint64_t seed,
                             const QString &errorPath);
    // Cross-validation (task.split.folds >= 2): each block, or each patch's cell for a random
    // split, as the fold that validates it ("fold 1" ... "fold K"), the test blocks and the buffer
    // dropped next to them, as the folds' runs split the patches.
    static SplitLayout buildFolds(const TrainingData &data, const TaskConfig &task, std::uint64_t seed,
                                  const QString &errorPath);
};

} // namespace deepterra
