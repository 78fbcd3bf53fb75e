#pragma once

#include "inference/forecastrequest.h"
#include "jobs/job.h"

#include <memory>

namespace deepterra {

class InferenceModel;

// Forecasts a series with a forecaster (a training run's or an exported one; SeriesForecaster)
// and writes the CSV, under JobRunner or the CLI.
class ForecastJob : public Job
{
public:
    ForecastJob(std::shared_ptr<const InferenceModel> model, ForecastRequest request);
    QString name() const override { return QStringLiteral("Forecast"); }
    void run(Feedback &feedback) override;
    int rowsWritten() const { return m_rows; }

private:
    std::shared_ptr<const InferenceModel> m_model;
    ForecastRequest m_request;
    int m_rows = 0;
};

} // namespace deepterra
