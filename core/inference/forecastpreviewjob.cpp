#include "inference/forecastpreviewjob.h"

#include "inference/seriesforecaster.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

ForecastPreviewJob::ForecastPreviewJob(ForecastPreviewRequest request)
    : m_request(std::move(request))
{ }

void ForecastPreviewJob::run(Feedback &feedback)
{
    const TrainedModel model = TrainedModel::loadRun(m_request.runFolder, m_request.checkpoint);
    ForecastRequest request;
    request.series = m_request.series;
    request.rolling = true;
    const double share = std::clamp(m_request.validationShare, 0.0, 1.0);
    if (share > 0.0)
        request.tailShare = share;
    const std::vector<ForecastRow> rows = SeriesForecaster(model).forecast(request, &feedback);
    feedback.checkpoint();

    std::vector<const ForecastRow *> oneStep;
    for (const ForecastRow &row : rows) {
        if (m_column.isEmpty())
            m_column = row.column;
        if (row.horizon == 1 && row.column == m_column && std::isfinite(row.observed))
            oneStep.push_back(&row);
    }
    for (std::size_t i = 0; i < oneStep.size(); ++i) {
        m_times << double(oneStep[i]->time.toMSecsSinceEpoch());
        m_observed << oneStep[i]->observed;
        m_forecast << oneStep[i]->value;
    }
}

} // namespace deepterra
