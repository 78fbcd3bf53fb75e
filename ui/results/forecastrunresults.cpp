#include "results/forecastrunresults.h"

#include "common/dataerror.h"
#include "inference/seriesforecaster.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "series/csvseriesreader.h"
#include "series/gapfiller.h"
#include "training/taskconfig.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

namespace deepterra {

namespace {

QDateTime periodBound(const QJsonObject &data, const QString &key, int index, const QString &source)
{
    const QDateTime time = QDateTime::fromString(data.value(key).toArray().at(index).toString(), Qt::ISODate);
    if (!time.isValid())
        throw DataError(source, QStringLiteral("config.json's data summary has no %1").arg(key));
    return time;
}

} // namespace

ForecastRunResults ForecastRunResults::load(const QString &runFolder, Feedback *feedback)
{
    const TrainedModel model = TrainedModel::loadRun(runFolder);
    const RunMetadata &metadata = model.metadata();
    const QString configPath = QDir(runFolder).filePath(QStringLiteral("config.json"));
    if (metadata.task() != TaskKind::Forecasting)
        throw DataError(configPath,
                        QStringLiteral("the run is a %1 run, not a forecasting run")
                            .arg(TaskConfig::kindName(metadata.task())));
    const QJsonObject data = metadata.config().value(QStringLiteral("data")).toObject();
    ForecastRunResults results;
    results.runFolder = runFolder;
    results.series = data.value(QStringLiteral("series")).toString();
    results.column = metadata.targetColumns().value(0);
    results.horizon = metadata.setup().task.series.horizon;
    if (results.series.isEmpty() || results.column.isEmpty())
        throw DataError(configPath, QStringLiteral("config.json names no series or no target column"));
    const QDateTime trainingEnd = periodBound(data, QStringLiteral("trainingPeriod"), 1, configPath);
    const QDateTime validationStart = periodBound(data, QStringLiteral("validationPeriod"), 0, configPath);
    const double validationShare = data.value(QStringLiteral("split"))
                                       .toObject()
                                       .value(QStringLiteral("validationFraction"))
                                       .toDouble(0.2);

    // The series as training saw it (gaps filled the same way): the persistence value at each
    // origin and the training period the climatology is fitted on.
    const TimeSeries series
        = GapFiller::fill(CsvSeriesReader::read(results.series), metadata.setup().task.series.gapFill);
    const auto column = std::find_if(series.columns.begin(), series.columns.end(),
                                     [&](const TimeSeriesColumn &c) { return c.name == results.column; });
    if (column == series.columns.end() || series.times.empty())
        throw DataError(results.series, QStringLiteral("no column \"%1\"").arg(results.column));
    std::map<QDateTime, double> valueAt;
    std::vector<QDateTime> trainingTimes;
    std::vector<double> trainingValues;
    for (std::size_t r = 0; r < series.times.size(); ++r) {
        valueAt[series.times[r]] = column->values[r];
        if (series.times[r] <= trainingEnd) {
            trainingTimes.push_back(series.times[r]);
            trainingValues.push_back(column->values[r]);
        }
    }
    results.seriesEndMs = double(series.times.back().toMSecsSinceEpoch());
    // The season training chose for the series' frequency, as config.json records it.
    const Season season
        = seasonFromName(data.value(QStringLiteral("climatologySeason")).toString()).value_or(Season::None);
    results.climatology = ClimatologyBaseline::fit(trainingTimes, trainingValues, season);

    // A little more than the validation share, so that the windows the chronological split dropped
    // at its boundary do not shorten the validation period; the ones before it are left out below.
    const SeriesForecaster forecaster(model);
    ForecastRequest rolling;
    rolling.series = results.series;
    rolling.rolling = true;
    rolling.tailShare = std::clamp(validationShare * 1.25 + 0.02, 0.01, 1.0);
    const std::vector<ForecastRow> rows = forecaster.forecast(rolling, feedback);

    // Training scored only windows whose targets are all observed and start in the validation period.
    std::map<QDateTime, std::vector<const ForecastRow *>> byOrigin;
    for (const ForecastRow &row : rows)
        if (row.column == results.column)
            byOrigin[row.origin].push_back(&row);
    for (const auto &[origin, window] : byOrigin) {
        const bool complete = int(window.size()) == results.horizon
            && std::all_of(window.begin(), window.end(),
                           [](const ForecastRow *row) { return std::isfinite(row->observed); });
        const auto first = std::min_element(window.begin(), window.end(),
                                            [](auto *a, auto *b) { return a->horizon < b->horizon; });
        if (!complete || (*first)->time < validationStart)
            continue;
        const auto persistence = valueAt.find(origin);
        for (const ForecastRow *row : window) {
            ForecastSample sample;
            sample.targetTime = row->time;
            sample.horizonStep = row->horizon;
            sample.observed = row->observed;
            sample.predicted = row->value;
            sample.lastObserved = persistence == valueAt.end() ? std::nan("") : persistence->second;
            results.samples.push_back(sample);
            if (row->horizon == 1) {
                results.validationTimesMs << double(row->time.toMSecsSinceEpoch());
                results.validationObserved << row->observed;
                results.validationForecast << row->value;
            }
        }
    }
    results.evaluation = ForecastEvaluation::compute(results.samples, results.climatology);
    if (feedback)
        feedback->checkpoint();

    ForecastRequest future;
    future.series = results.series;
    for (const ForecastRow &row : forecaster.forecast(future, feedback))
        if (row.column == results.column) {
            results.futureTimesMs << double(row.time.toMSecsSinceEpoch());
            results.futureForecast << row.value;
        }
    return results;
}

} // namespace deepterra
