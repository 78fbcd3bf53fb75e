#include "inference/forecastjob.h"

#include "common/outputpathcheck.h"
#include "inference/inferencemodel.h"
#include "inference/seriesforecaster.h"
#include "jobs/feedback.h"

namespace deepterra {

ForecastJob::ForecastJob(std::shared_ptr<const InferenceModel> model, ForecastRequest request)
    : m_model(std::move(model))
    , m_request(std::move(request))
{ }

void ForecastJob::run(Feedback &feedback)
{
    // Before the series is read: a forecast written over its own series would destroy it.
    OutputPathCheck::check({ m_request.series, m_model->displayPath() }, { m_request.output });
    const SeriesForecaster forecaster(*m_model);
    const std::vector<ForecastRow> rows = forecaster.forecast(m_request, &feedback);
    feedback.checkpoint();
    SeriesForecaster::writeCsv(rows, m_request.output);
    m_rows = int(rows.size());
}

} // namespace deepterra
