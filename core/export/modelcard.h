#pragma once

#include <QJsonObject>

namespace deepterra {

class TrainedModel;

// The model card of an exported model (JSON): what the model does (task, classes with values,
// names and colours), what it takes (bands in order, normalisation, patch size) and returns, what
// it was trained on (CRS and resolution of the training grid), how well it did (the run's
// validation metrics), with which software, and the training configuration. "runConfig" holds the
// run's config.json unchanged, so that an exported model predicts exactly as its run
// (ExportedModel reads it).
class ModelCard
{
public:
    static QJsonObject build(const TrainedModel &model);
};

} // namespace deepterra
