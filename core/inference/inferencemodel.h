#pragma once

#include "inference/runmetadata.h"

#include <QString>
#include <QStringList>

namespace deepterra {

class InferenceNetwork; // core-private: inference/private/inferencenetwork.h

// A model that prediction and forecasting can run: what its run's configuration says
// (RunMetadata) and a network to evaluate. A training run (TrainedModel) and an exported
// TorchScript model with its card (ExportedModel) are both one, and give the same maps and values.
class InferenceModel
{
public:
    virtual ~InferenceModel() = default;

    virtual const RunMetadata &metadata() const = 0;
    // The run folder or model file, named in messages and errors about the model.
    virtual QString displayPath() const = 0;
    // The files the network and its configuration come from: a prediction made from them can be
    // resumed only while they are unchanged (PredictionResumeState).
    virtual QStringList sourceFiles() const { return { displayPath() }; }
    // The network in evaluation mode. Core-private: torch code includes
    // inference/private/inferencenetwork.h to call it.
    virtual InferenceNetwork &network() const = 0;

protected:
    InferenceModel() = default;
    InferenceModel(const InferenceModel &) = default;
    InferenceModel(InferenceModel &&) = default;
    InferenceModel &operator=(const InferenceModel &) = default;
    InferenceModel &operator=(InferenceModel &&) = default;
};

} // namespace deepterra
