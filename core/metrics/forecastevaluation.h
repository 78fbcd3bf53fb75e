#pragma once

#include "metrics/climatologybaseline.h"
#include "metrics/regressionmetrics.h"
#include "metrics/season.h"

#include <QDateTime>
#include <QJsonObject>

#include <limits>
#include <utility>
#include <vector>

namespace deepterra {

// One forecast of one validation target.
struct ForecastSample
{
    QDateTime targetTime;
    int horizonStep = 1; // steps ahead of the forecast origin
    double observed = std::numeric_limits<double>::quiet_NaN();
    double predicted = std::numeric_limits<double>::quiet_NaN();
    double lastObserved = std::numeric_limits<double>::quiet_NaN(); // the value at the forecast origin: the
                                                                    // persistence forecast
};

// A forecast model's scores next to two baselines scored on the very same samples: persistence
// (the value at the forecast origin carries on) and climatology (the training mean for the
// target's season). A skill of 0 means no better than the baseline, 1 perfect, negative worse.
//
// A sample counts only when its observation, prediction, persistence value and (for a fitted
// climatology) climatology value are all known; the others are counted in `skipped`. Comparing
// the model on one set of samples with a baseline on another would make the skill meaningless.
// An empty climatology (not fitted) is left out: its metrics have count 0 and its skill is NaN.
struct ForecastEvaluation
{
    RegressionMetrics model, persistence, climatology;
    double skillVsPersistence
        = std::numeric_limits<double>::quiet_NaN(); // 1 - MSE_model / MSE_persistence on the SAME samples
    double skillVsClimatology = std::numeric_limits<double>::quiet_NaN(); // 1 - MSE_model / MSE_climatology
    std::vector<std::pair<int, RegressionMetrics>> perHorizon; // model metrics per horizon step, ascending
    Season climatologySeason = Season::None;
    qint64 skipped = 0;

    static ForecastEvaluation compute(const std::vector<ForecastSample> &samples,
                                      const ClimatologyBaseline &climatology);

    // {"model": {...}, "persistence": {...}, "climatology": {...}, "skillVsPersistence",
    //  "skillVsClimatology", "climatologySeason", "skipped", "perHorizon": [{"step", "rmse", ...}]};
    // NaN is written as null.
    QJsonObject toJson() const;
};

} // namespace deepterra
