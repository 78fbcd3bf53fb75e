#pragma once

#include "inference/predictionrequest.h"
#include "jobs/job.h"

#include <memory>

namespace deepterra {

class InferenceModel;

// Predicts a whole raster with a model (a training run's or an exported one; RasterPredictor)
// under JobRunner or the CLI.
class PredictionJob : public Job
{
public:
    PredictionJob(std::shared_ptr<const InferenceModel> model, PredictionRequest request);
    QString name() const override { return QStringLiteral("Prediction"); }
    // Throws DataError for a model that is not a raster model, a bad input, an output that is the
    // input or an existing special file (checked before anything is read; OutputPathCheck), or a
    // failed write (the incomplete file removed), JobCanceled when cancelled (no output left behind).
    void run(Feedback &feedback) override;

    // The request with the defaults the model chose (tile, overlap), once run() has started.
    const PredictionRequest &request() const { return m_request; }

private:
    std::shared_ptr<const InferenceModel> m_model;
    PredictionRequest m_request;
};

} // namespace deepterra
