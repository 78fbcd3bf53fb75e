#pragma once

#include "metrics/forecastevaluation.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <vector>

namespace deepterra {

class Feedback;

// What the results view of a forecasting run shows, computed from its folder: the run's network
// forecasts the validation period again (rolling, one forecast per validation window) and the
// future from the series' last window. Scored with ForecastEvaluation on the samples training
// scored (every horizon step of the windows whose first target lies in the validation period),
// so the RMSE is the run's val_rmse. Runs the network and reads the series: load it off the GUI
// thread.
struct ForecastRunResults
{
    QString runFolder;
    QString series; // the CSV the run was trained on
    QString column; // the first target column: the one plotted and scored
    int horizon = 1;
    // The one-step-ahead forecasts over the validation period (x in ms since 1970, UTC).
    QVector<double> validationTimesMs;
    QVector<double> validationObserved;
    QVector<double> validationForecast;
    // The one-step-ahead forecasts over the held-out test period, after validation (empty
    // without a test split); the test period runs from testStartMs to testEndMs.
    QVector<double> testTimesMs;
    QVector<double> testObserved;
    QVector<double> testForecast;
    double testStartMs = 0.0;
    double testEndMs = 0.0;
    // The forecast beyond the series' end, horizon steps from the last window.
    QVector<double> futureTimesMs;
    QVector<double> futureForecast;
    double seriesEndMs = 0.0; // the last time of the series: where the horizon starts
    QJsonObject test; // metrics.json › test: the held-out split's scores; empty without one
    std::vector<ForecastSample> samples; // what `evaluation` scored
    ClimatologyBaseline climatology; // fitted on the training period, as training did
    SeasonalNaive seasonalNaive; // the run's season (config.json), empty without one
    AutoregressiveModel autoregressive; // selected and fitted on the training period, as training did
    ForecastEvaluation evaluation;

    // Throws DataError for a run that is not a forecasting run, lacks its checkpoint or whose
    // series cannot be read; JobCanceled when cancelled.
    static ForecastRunResults load(const QString &runFolder, Feedback *feedback = nullptr);
};

} // namespace deepterra
