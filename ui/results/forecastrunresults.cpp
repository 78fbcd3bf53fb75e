#include "results/forecastrunresults.h"

#include "common/dataerror.h"
#include "inference/seriesforecaster.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "results/testsplitfigures.h"
#include "series/gapfiller.h"
#include "series/seriesfrequency.h"
#include "series/seriesorigin.h"
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

// The seasonal naive baseline training used: config.json's seasonLength (null: none). A run from
// before the statistical baselines lacks the key and gets what training would choose today.
SeasonalNaive runSeasonalNaive(const QJsonObject &data, const SeriesFrequency &frequency,
                               qint64 trainingCount)
{
    const QJsonValue length = data.value(QStringLiteral("seasonLength"));
    if (length.isUndefined())
        return SeasonalNaive::forSeries(frequency, trainingCount);
    return SeasonalNaive(length.toInt(0));
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
    // With a test split the validation period ends before the test period: its windows stay out.
    const QDateTime validationEnd = periodBound(data, QStringLiteral("validationPeriod"), 1, configPath);
    const QJsonObject split = data.value(QStringLiteral("split")).toObject();
    const double validationShare = split.value(QStringLiteral("validationFraction")).toDouble(0.2);
    const double testShare = split.value(QStringLiteral("testFraction")).toDouble(0.0);
    const bool tested = data.contains(QStringLiteral("testPeriod"));
    const QDateTime testStart
        = tested ? periodBound(data, QStringLiteral("testPeriod"), 0, configPath) : QDateTime();
    if (tested) {
        results.testStartMs = double(testStart.toMSecsSinceEpoch());
        results.testEndMs
            = double(periodBound(data, QStringLiteral("testPeriod"), 1, configPath).toMSecsSinceEpoch());
    }

    // The series as training saw it (gaps filled the same way): the persistence value at each
    // origin and the training period the climatology is fitted on.
    const TimeSeries series
        = GapFiller::fill(SeriesOrigin::parse(results.series).read(), metadata.setup().task.series.gapFill);
    const auto column = std::find_if(series.columns.begin(), series.columns.end(),
                                     [&](const TimeSeriesColumn &c) { return c.name == results.column; });
    if (column == series.columns.end() || series.times.empty())
        throw DataError(results.series, QStringLiteral("no column \"%1\"").arg(results.column));
    std::map<QDateTime, std::size_t> rowAt;
    std::vector<QDateTime> trainingTimes;
    std::vector<double> trainingValues;
    for (std::size_t r = 0; r < series.times.size(); ++r) {
        rowAt[series.times[r]] = r;
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
    // The statistical baselines, fitted on the same training values by the same code as training.
    const SeriesFrequency frequency = SeriesFrequency::detect(series.times);
    results.seasonalNaive = runSeasonalNaive(data, frequency, qint64(trainingValues.size()));
    results.autoregressive = AutoregressiveModel::select(
        trainingValues,
        AutoregressiveModel::defaultMaxOrder(qint64(trainingValues.size()),
                                             SeasonalNaive::seasonLengthFor(frequency)));

    // A little more than the validation share, so that the windows the chronological split dropped
    // at its boundary do not shorten the validation period; the ones before it are left out below.
    const SeriesForecaster forecaster(model);
    ForecastRequest rolling;
    rolling.series = results.series;
    rolling.rolling = true;
    rolling.tailShare = std::clamp((validationShare + testShare) * 1.25 + 0.02, 0.01, 1.0);
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
        const auto [first, last] = std::minmax_element(
            window.begin(), window.end(), [](auto *a, auto *b) { return a->horizon < b->horizon; });
        if (tested && complete && (*first)->time >= testStart && (*first)->horizon == 1) {
            // Drawn, not scored here: metrics.json › test has the test split's scores.
            results.testTimesMs << double((*first)->time.toMSecsSinceEpoch());
            results.testObserved << (*first)->observed;
            results.testForecast << (*first)->value;
            continue;
        }
        if (!complete || (*first)->time < validationStart || (*last)->time > validationEnd)
            continue;
        const auto originRow = rowAt.find(origin);
        const bool known = originRow != rowAt.end();
        const std::vector<double> autoregressive = known
            ? results.autoregressive.forecast(column->values, originRow->second, results.horizon)
            : std::vector<double>();
        for (const ForecastRow *row : window) {
            ForecastSample sample;
            sample.targetTime = row->time;
            sample.horizonStep = row->horizon;
            sample.observed = row->observed;
            sample.predicted = row->value;
            if (known) {
                sample.lastObserved = column->values[originRow->second];
                sample.seasonalNaive
                    = results.seasonalNaive.forecast(column->values, originRow->second, row->horizon);
                if (row->horizon >= 1 && row->horizon <= int(autoregressive.size()))
                    sample.autoregressive = autoregressive[std::size_t(row->horizon - 1)];
            }
            results.samples.push_back(sample);
            if (row->horizon == 1) {
                results.validationTimesMs << double(row->time.toMSecsSinceEpoch());
                results.validationObserved << row->observed;
                results.validationForecast << row->value;
            }
        }
    }
    results.evaluation = ForecastEvaluation::compute(results.samples, results.climatology,
                                                     results.seasonalNaive, results.autoregressive);
    if (feedback)
        feedback->checkpoint();

    ForecastRequest future;
    future.series = results.series;
    for (const ForecastRow &row : forecaster.forecast(future, feedback))
        if (row.column == results.column) {
            results.futureTimesMs << double(row.time.toMSecsSinceEpoch());
            results.futureForecast << row.value;
        }
    results.test = TestSplitFigures::read(runFolder);
    return results;
}

} // namespace deepterra
