#pragma once

#include <QString>

namespace deepterra {

// What a forecast reads and writes.
struct ForecastRequest
{
    QString series; // CSV with the model's input and target columns
    QString dateColumn; // empty: detected
    QString output; // CSV: time, origin, horizon, column, value, observed
    // false: one forecast from the last complete lookback window (the future). true: a forecast
    // from every complete window, so that observed values stand beside the forecasts.
    bool rolling = false;
};

} // namespace deepterra
