#pragma once

#include "inference/predictionrequest.h"
#include "jobs/job.h"

#include <QString>

namespace deepterra {

// Predicts a whole raster with a training run's model (RasterPredictor) under JobRunner or the CLI.
class PredictionJob : public Job
{
public:
    PredictionJob(QString runFolder, PredictionRequest request);
    QString name() const override { return QStringLiteral("Prediction"); }
    // Throws DataError for a bad run or input, JobCanceled when cancelled (no output left behind).
    void run(Feedback &feedback) override;

    // The request with the defaults the model chose (tile, overlap), once run() has started.
    const PredictionRequest &request() const { return m_request; }

private:
    QString m_runFolder;
    PredictionRequest m_request;
};

} // namespace deepterra
