#pragma once

#include "jobs/job.h"

#include <QString>
#include <QVector>

namespace deepterra {

// What the dashboard's forecast plot shows after an epoch: the run's current forecaster, one step
// ahead, over the validation period of the series, beside the observations.
struct ForecastPreviewRequest
{
    QString runFolder;
    QString checkpoint = QStringLiteral("last.pt");
    QString series; // the CSV the run was trained on
    // The chronological split's validation share: the preview covers the last share of the
    // forecasts (the whole series when 0).
    double validationShare = 0.2;
};

// Forecasts every complete window of the series with a run's checkpoint (SeriesForecaster, rolling)
// and keeps the one-step-ahead forecasts of the first target column in the validation period.
class ForecastPreviewJob : public Job
{
public:
    explicit ForecastPreviewJob(ForecastPreviewRequest request);
    QString name() const override { return QStringLiteral("Forecast preview"); }
    // Throws DataError when the run has no checkpoint yet or the series cannot be read.
    void run(Feedback &feedback) override;

    const QVector<double> &timesMs() const { return m_times; } // ms since 1970-01-01 UTC
    const QVector<double> &observed() const { return m_observed; } // NaN where not observed
    const QVector<double> &forecast() const { return m_forecast; }
    const QString &column() const { return m_column; }

private:
    ForecastPreviewRequest m_request;
    QVector<double> m_times;
    QVector<double> m_observed;
    QVector<double> m_forecast;
    QString m_column;
};

} // namespace deepterra
