#pragma once

#include "metrics/autoregressivemodel.h"
#include "metrics/climatologybaseline.h"
#include "metrics/regressionmetrics.h"
#include "metrics/season.h"
#include "metrics/seasonalnaive.h"

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
    double seasonalNaive = std::numeric_limits<double>::quiet_NaN(); // SeasonalNaive::forecast
    double autoregressive = std::numeric_limits<double>::quiet_NaN(); // AutoregressiveModel::forecast
};

// A forecast model's scores next to baselines scored on the very same samples: persistence
// (the value at the forecast origin carries on), climatology (the training mean for the target's
// season), the seasonal naive forecast (the value one season earlier) and an AR(p) model fitted
// on the training period. A skill of 0 means no better than the baseline, 1 perfect, negative worse.
//
// A sample counts only when its observation, prediction, persistence value and (for a fitted
// climatology) climatology value are all known; the others are counted in `skipped`. Comparing
// the model on one set of samples with a baseline on another would make the skill meaningless.
// An empty climatology (not fitted) is left out: its metrics have count 0 and its skill is NaN.
// The seasonal naive and AR baselines are scored on the counted samples where their forecast is
// known (all of them for a gap-free series), and their skills compare the model on exactly those
// samples; a sample they cannot forecast does not drop out of the model's own scores. Without a
// season or a fitted AR model they are left out: count 0, skill NaN, null in JSON.
struct ForecastEvaluation
{
    RegressionMetrics model, persistence, climatology, seasonalNaive, autoregressive;
    double skillVsPersistence
        = std::numeric_limits<double>::quiet_NaN(); // 1 - MSE_model / MSE_persistence on the SAME samples
    double skillVsClimatology = std::numeric_limits<double>::quiet_NaN(); // 1 - MSE_model / MSE_climatology
    double skillVsSeasonalNaive = std::numeric_limits<double>::quiet_NaN();
    double skillVsAutoregressive = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::pair<int, RegressionMetrics>> perHorizon; // model metrics per horizon step, ascending
    Season climatologySeason = Season::None;
    int seasonLength = 0; // of the seasonal naive forecast, 0 when it is left out
    AutoregressiveModel autoregressiveModel; // empty when it is left out
    qint64 skipped = 0;

    static ForecastEvaluation compute(const std::vector<ForecastSample> &samples,
                                      const ClimatologyBaseline &climatology,
                                      const SeasonalNaive &seasonal = SeasonalNaive(),
                                      const AutoregressiveModel &autoregressive = AutoregressiveModel());

    // {"model": {...}, "persistence": {...}, "climatology": {...}, "seasonalNaive": {...} or null,
    //  "autoregressive": {...} or null, "skillVsPersistence", "skillVsClimatology",
    //  "skillVsSeasonalNaive", "skillVsAutoregressive", "climatologySeason", "seasonLength" (null
    //  without a season), "autoregressiveModel": AutoregressiveModel::toJson() or null, "skipped",
    //  "perHorizon": [{"step", "rmse", ...}]}; NaN is written as null. Files written before the
    // seasonal naive and AR baselines lack their keys: readers take a missing key as left out.
    QJsonObject toJson() const;
};

} // namespace deepterra
