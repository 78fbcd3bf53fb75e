#pragma once

#include "inference/forecastrequest.h"
#include "jobs/job.h"

#include <QString>

namespace deepterra {

// Forecasts a series with a training run's forecaster (SeriesForecaster) and writes the CSV,
// under JobRunner or the CLI.
class ForecastJob : public Job
{
public:
    ForecastJob(QString runFolder, ForecastRequest request);
    QString name() const override { return QStringLiteral("Forecast"); }
    void run(Feedback &feedback) override;
    int rowsWritten() const { return m_rows; }

private:
    QString m_runFolder;
    ForecastRequest m_request;
    int m_rows = 0;
};

} // namespace deepterra
