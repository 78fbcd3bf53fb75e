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
    // Rolling forecasts from only the latest share of the complete windows (0 < share <= 1): the
    // live preview needs the validation period alone, a fifth of the work of the whole series.
    double tailShare = 1.0;
};

} // namespace deepterra
