#include "inference/predictionjob.h"

#include "common/outputpathcheck.h"
#include "inference/inferencemodel.h"
#include "inference/rasterpredictor.h"
#include "jobs/feedback.h"

namespace deepterra {

PredictionJob::PredictionJob(std::shared_ptr<const InferenceModel> model, PredictionRequest request)
    : m_model(std::move(model))
    , m_request(std::move(request))
{ }

void PredictionJob::run(Feedback &feedback)
{
    // Before the model or the input is touched: nothing may be overwritten that must not be.
    OutputPathCheck::check({ m_request.input }, m_request.outputs());
    RasterPredictor predictor(*m_model, m_request);
    m_request = predictor.request();
    feedback.info(QStringLiteral("Predicting %1 with tiles of %2 pixels, overlap %3, batch %4, %5 stream(s) "
                                 "on %6 thread(s)")
                      .arg(m_request.input)
                      .arg(m_request.tile)
                      .arg(m_request.overlap)
                      .arg(m_request.batch)
                      .arg(m_request.streams)
                      .arg(m_request.threads));
    if (m_request.uncertainty.enabled())
        feedback.info(QStringLiteral("Uncertainty by %1: %2 network passes per tile, written to %3")
                          .arg(m_request.uncertainty.name())
                          .arg(m_request.uncertainty.passCount())
                          .arg(m_request.uncertaintyOutput));
    predictor.run(&feedback);
}

} // namespace deepterra
