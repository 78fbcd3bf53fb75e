#pragma once

#include <QString>

namespace deepterra {

// One thing that keeps a training set-up from running, said so that a geoscientist can fix it,
// and the setting it is about, so that a form shows it next to that field.
//
// `field` is a dotted key named after the set-up's members (TaskConfig, SplitConfig,
// TrainingConfig), which is the project file's key except where noted:
//   task.type, task.imageLayer ("image" in the file), task.bands, task.demLayer ("dem"),
//   task.demChannels, task.labelLayer ("labels"), task.classField (the label layer's "classField"),
//   task.patchSize, task.stride, task.maxNoDataFraction, task.memoryLimitMiB, task.seriesLayer ("series"),
//   task.targets, task.inputs, task.lookback, task.horizon, task.split.method,
//   task.split.validationFraction, task.split.blockSize, task.split.buffer, task.split.stratified,
//   model.preset (the model as a whole: unknown preset, wrong family for the task), model.<key>,
//   training.epochs, training.batchSize, training.optimizer, training.learningRate,
//   training.schedule, training.loss, training.earlyStoppingMetric ("earlyStopping.metric"),
//   training.earlyStoppingPatience ("earlyStopping.patience"), training.device, training.<key>,
//   outputs.runs.
// Other task or training keys of the file keep their file name ("task.jitter").
struct SetupProblem
{
    QString field;
    QString message;

    bool operator==(const SetupProblem &other) const
    {
        return field == other.field && message == other.message;
    }
};

} // namespace deepterra
