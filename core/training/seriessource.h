#pragma once

#include "metrics/autoregressivemodel.h"
#include "metrics/seasonalnaive.h"
#include "training/serieswindows.h"

#include <QDateTime>

#include <vector>

namespace deepterra {

// What the two splits of a series task cut their windows from, shared by both.
struct SeriesSource
{
    SeriesWindows windows { 1, 1, false };
    int rows = 0;
    int inputCount = 0;
    int targetCount = 0;
    std::vector<float> inputs; // normalised, row after row: rows x inputCount
    std::vector<float> targets; // normalised, rows x targetCount (forecasting only)
    std::vector<QDateTime> times;
    std::vector<std::vector<double>> rawTargets; // per target column, original units
    bool relative = false; // see SeriesTaskConfig::relative
    // The statistical baselines of the forecast evaluation, fitted on the training period.
    SeasonalNaive seasonalNaive;
    std::vector<AutoregressiveModel> autoregressive; // per target column
};

} // namespace deepterra
