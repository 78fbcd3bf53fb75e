#include "inference/forecastjob.h"

#include "inference/seriesforecaster.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"

namespace deepterra {

ForecastJob::ForecastJob(QString runFolder, ForecastRequest request)
    : m_runFolder(std::move(runFolder))
    , m_request(std::move(request))
{ }

void ForecastJob::run(Feedback &feedback)
{
    const TrainedModel model = TrainedModel::loadRun(m_runFolder);
    const SeriesForecaster forecaster(model);
    const std::vector<ForecastRow> rows = forecaster.forecast(m_request, &feedback);
    feedback.checkpoint();
    SeriesForecaster::writeCsv(rows, m_request.output);
    m_rows = int(rows.size());
}

} // namespace deepterra
