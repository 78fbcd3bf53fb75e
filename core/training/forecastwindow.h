#pragma once

#include <QDateTime>

#include <vector>

namespace deepterra {

// What the forecast evaluation needs to know about one validation window beyond its tensors.
struct ForecastWindow
{
    QDateTime origin; // time of the last input step
    std::vector<QDateTime> targetTimes; // one per horizon step
    std::vector<double> lastObserved; // per target, original units: the persistence forecast
    // Per target, per horizon step, original units: the statistical baselines' forecasts (NaN where
    // a baseline is left out or cannot forecast).
    std::vector<std::vector<double>> seasonalNaive;
    std::vector<std::vector<double>> autoregressive;
};

} // namespace deepterra
