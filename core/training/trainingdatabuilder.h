#pragma once

#include "training/trainingdata.h"

#include <cstdint>

namespace deepterra {

class Feedback;
class Project;

// Turns a project's layers into the examples of a training run.
//
// Raster tasks (segmentation, patch classification, raster autoencoder) keep the input channels
// of a training window in memory: the bounding box of the labelled pixels grown by one patch
// (autoencoders: the whole image). Patches on a stride grid are kept when their NoData share is at
// most maxNoDataFraction and they carry a label (any labelled pixel for segmentation, a scene
// label for patch classification). Labelled pixels where an input channel has NoData count as
// unlabelled. The split is random or by spatial blocks with a buffer that keeps every training
// patch off every validation patch. The normaliser is fitted on the training patches only; NoData
// input pixels are 0 after normalisation.
//
// Series tasks (forecasting, series autoencoder) read the CSV series, put it on its regular time
// axis (filling gaps when asked), cut windows free of missing values and split them
// chronologically: validation windows are the latest, and no training target reaches into the
// validation period. Normalisers and the climatology come from the training period only. Series
// tasks are always split chronologically, whatever task.split.kind says.
class TrainingDataBuilder
{
public:
    // Throws DataError naming the file at fault for bad input (labels that do not overlap the
    // image, a band the image lacks, a missing column, a series too short for one window, no
    // labelled pixel, a split that leaves a side empty...) and naming the project file for
    // settings that cannot work (an unknown layer, a layer of the wrong kind). Reports progress and
    // messages through `feedback` (may be null) and throws JobCanceled when it is cancelled.
    static TrainingData build(const Project &project, const TaskConfig &task, std::uint64_t seed,
                              Feedback *feedback = nullptr);
};

} // namespace deepterra
