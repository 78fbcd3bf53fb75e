#include "inference/predictionjob.h"

#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"

namespace deepterra {

PredictionJob::PredictionJob(QString runFolder, PredictionRequest request)
    : m_runFolder(std::move(runFolder))
    , m_request(std::move(request))
{ }

void PredictionJob::run(Feedback &feedback)
{
    const TrainedModel model = TrainedModel::loadRun(m_runFolder);
    RasterPredictor predictor(model, m_request);
    m_request = predictor.request();
    feedback.info(QStringLiteral("Predicting %1 with tiles of %2 pixels, overlap %3, batch %4")
                      .arg(m_request.input)
                      .arg(m_request.tile)
                      .arg(m_request.overlap)
                      .arg(m_request.batch));
    predictor.run(&feedback);
}

} // namespace deepterra
