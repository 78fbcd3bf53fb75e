#pragma once

#include "inference/forecastrequest.h"

#include <QDateTime>
#include <QString>

#include <vector>

namespace deepterra {

class Feedback;
class InferenceModel;

// One forecast value: `column` at `time`, forecast `horizon` steps after `origin` (the last
// input step). `observed` is NaN where the series does not know the value (the future).
struct ForecastRow
{
    QDateTime time;
    QDateTime origin;
    int horizon = 1;
    QString column;
    double value = 0.0;
    double observed = 0.0;
};

// Runs a forecaster (a training run's or an exported one) over a series: reads the CSV, fills gaps as
// training did, normalises the model's input columns with the training normaliser, and turns the network's
// outputs back into values (relative models forecast the change from the origin value, in normalised units).
// Times beyond the end of the series follow the series' detected frequency.
class SeriesForecaster
{
public:
    // Throws DataError for a model that is not a forecaster.
    explicit SeriesForecaster(const InferenceModel &model);

    // Throws DataError naming the series for a missing column or no complete lookback window,
    // JobCanceled when cancelled.
    std::vector<ForecastRow> forecast(const ForecastRequest &request, Feedback *feedback = nullptr) const;
    // Writes "time,origin,horizon,column,value,observed" (ISO 8601 UTC; observed empty where unknown).
    static void writeCsv(const std::vector<ForecastRow> &rows, const QString &path);

private:
    const InferenceModel &m_model;
};

} // namespace deepterra
