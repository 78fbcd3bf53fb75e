#include "training/seriestrainingdatabuilder.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "project/layersource.h"
#include "project/project.h"
#include "series/gapfiller.h"
#include "series/seriesorigin.h"
#include "training/serieswindowdataset.h"
#include "training/tasklayers.h"

#include <QJsonArray>

#include <cmath>

namespace deepterra {

namespace {

// Column indices for `names`, or `fallback` when `names` is empty.
std::vector<int> resolveColumns(const TimeSeries &series, const QStringList &names, const QString &role)
{
    std::vector<int> indices;
    for (const QString &name : names) {
        const int index = series.columnIndex(name);
        if (index < 0)
            throw DataError(series.source,
                            QStringLiteral("no %1 column named \"%2\" (available: %3)")
                                .arg(role, name, series.columnNames().join(QStringLiteral(", "))));
        indices.push_back(index);
    }
    return indices;
}

QStringList namesOf(const TimeSeries &series, const std::vector<int> &columns)
{
    QStringList names;
    for (int c : columns)
        names << series.columns[std::size_t(c)].name;
    return names;
}

// Values of `columns` over rows [0, rows), one vector per column, for fitting.
std::vector<std::vector<float>> head(const TimeSeries &series, const std::vector<int> &columns, int rows)
{
    std::vector<std::vector<float>> values;
    for (int c : columns) {
        const std::vector<double> &column = series.columns[std::size_t(c)].values;
        values.emplace_back(column.begin(), column.begin() + rows);
    }
    return values;
}

// The columns normalised, row after row; NaN stays NaN (such rows are in no window).
std::vector<float> normalisedRows(const TimeSeries &series, const std::vector<int> &columns,
                                  const Normalizer &normalizer)
{
    std::vector<float> rows(std::size_t(series.rowCount()) * columns.size());
    for (int row = 0; row < series.rowCount(); ++row)
        for (std::size_t c = 0; c < columns.size(); ++c)
            rows[std::size_t(row) * columns.size() + c] = float(normalizer.normalize(
                series.columns[std::size_t(columns[c])].values[std::size_t(row)], int(c)));
    return rows;
}

QString isoTime(const QDateTime &time)
{
    return time.toString(Qt::ISODate);
}

// What the forecast evaluation will compare the network with, in the run's log.
void reportBaselines(const TrainingData &data, const SeriesFrequency &frequency, Feedback &feedback)
{
    const int season = SeasonalNaive::seasonLengthFor(frequency);
    feedback.info(data.seasonalNaive.isEmpty()
                      ? (season > 1
                             ? QStringLiteral("No seasonal naive baseline: the training period is shorter "
                                              "than one season (%1 steps)")
                                   .arg(season)
                             : QStringLiteral("No seasonal naive baseline: a %1 series has no season")
                                   .arg(frequency.label()))
                      : QStringLiteral("Seasonal naive baseline: the value %1 steps earlier")
                            .arg(data.seasonalNaive.seasonLength()));
    for (std::size_t t = 0; t < data.autoregressive.size(); ++t) {
        const AutoregressiveModel &model = data.autoregressive[t];
        const QString column = data.targetColumns.value(qsizetype(t));
        if (model.isEmpty())
            feedback.warning(
                QStringLiteral("No autoregressive baseline for %1: %2").arg(column, model.note()));
        else
            feedback.info(
                QStringLiteral("Autoregressive baseline for %1: AR(%2) by AIC over orders 1..%3, fitted "
                               "on %4 steps of the training period%5")
                    .arg(column)
                    .arg(model.order())
                    .arg(model.maxOrder())
                    .arg(model.rowCount())
                    .arg(model.note().isEmpty() ? QString() : QStringLiteral(" (%1)").arg(model.note())));
    }
}

} // namespace

CsvSeriesOptions SeriesTrainingDataBuilder::csvOptions(const ProjectLayer &layer)
{
    CsvSeriesOptions options;
    options.dateColumn = layer.properties.value(QStringLiteral("dateColumn")).toString();
    if (layer.properties.contains(QStringLiteral("missingMarkers"))) {
        // The layer's markers replace the defaults; an empty field stays missing, as nothing else can
        // be read from it.
        options.missingMarkers = { QString() };
        for (const QJsonValue &marker : layer.properties.value(QStringLiteral("missingMarkers")).toArray())
            options.missingMarkers << (marker.isDouble() ? QString::number(marker.toDouble(), 'g', 17)
                                                         : marker.toString().trimmed());
    }
    return options;
}

Season SeriesTrainingDataBuilder::seasonFor(const SeriesFrequency &frequency)
{
    switch (frequency.unit) {
    case SeriesFrequency::Unit::Month:
        return Season::MonthOfYear;
    case SeriesFrequency::Unit::Week:
        return Season::WeekOfYear;
    case SeriesFrequency::Unit::Day:
        return Season::DayOfYear;
    case SeriesFrequency::Unit::Hour:
    case SeriesFrequency::Unit::Minute:
    case SeriesFrequency::Unit::Second:
        return Season::HourOfDay;
    case SeriesFrequency::Unit::Year:
    case SeriesFrequency::Unit::Irregular:
        break;
    }
    return Season::None;
}

TrainingData SeriesTrainingDataBuilder::build(const Project &project, const TaskConfig &task,
                                              std::uint64_t seed, Feedback *feedback)
{
    Q_UNUSED(seed) // the chronological split has no randomness
    const SeriesTaskConfig &config = task.series;
    const bool reconstruct = task.kind == TaskKind::SeriesAutoencoder;
    if (config.lookback < 1 || (!reconstruct && config.horizon < 1))
        throw DataError(project.filePath,
                        QStringLiteral("lookback and horizon must be at least 1 (got %1 and %2)")
                            .arg(config.lookback)
                            .arg(config.horizon));
    if (!(task.split.validationFraction > 0.0 && task.split.validationFraction < 1.0))
        throw DataError(project.filePath,
                        QStringLiteral("the validation fraction must lie between 0 and 1 (got %1)")
                            .arg(task.split.validationFraction));
    if (!(task.split.testFraction >= 0.0 && task.split.testFraction + task.split.validationFraction < 1.0))
        throw DataError(
            project.filePath,
            QStringLiteral("the test fraction %1 and the validation fraction %2 leave nothing for "
                           "training")
                .arg(task.split.testFraction)
                .arg(task.split.validationFraction));
    if (!(config.jitter >= 0.0))
        throw DataError(project.filePath,
                        QStringLiteral("the jitter must not be negative (got %1)").arg(config.jitter));
    const ProjectLayer &layer
        = TaskLayers::require(project, config.seriesLayer, QStringLiteral("series"), { LayerKind::Series });
    const QString path = LayerSource::series(project, layer);
    if (feedback) {
        feedback->checkpoint();
        feedback->info(QStringLiteral("Reading the series %1").arg(path));
    }
    TimeSeries series
        = GapFiller::fill(SeriesOrigin::parse(path).read(csvOptions(layer), feedback), config.gapFill);
    series.source = path;
    const SeriesFrequency frequency = SeriesFrequency::detect(series.times);

    const std::vector<int> targets = resolveColumns(
        series, config.targets.isEmpty() ? QStringList { series.columns.front().name } : config.targets,
        QStringLiteral("target"));
    const std::vector<int> inputs
        = config.inputs.isEmpty() ? targets : resolveColumns(series, config.inputs, QStringLiteral("input"));

    const SeriesWindows windows(config.lookback, config.horizon, reconstruct);
    if (series.rowCount() < windows.span())
        throw DataError(path,
                        QStringLiteral("the series has %1 %2 steps, fewer than the %3 one window needs (%4)")
                            .arg(series.rowCount())
                            .arg(frequency.label())
                            .arg(windows.span())
                            .arg(reconstruct ? QStringLiteral("lookback")
                                             : QStringLiteral("lookback %1 + horizon %2")
                                                   .arg(config.lookback)
                                                   .arg(config.horizon)));
    std::vector<const std::vector<double> *> inputColumns, targetColumns;
    for (int c : inputs)
        inputColumns.push_back(&series.columns[std::size_t(c)].values);
    for (int c : (reconstruct ? inputs : targets))
        targetColumns.push_back(&series.columns[std::size_t(c)].values);
    const std::vector<int> starts = windows.complete(inputColumns, targetColumns, series.rowCount());
    const std::size_t possible = std::size_t(series.rowCount() - windows.span() + 1);
    if (starts.empty())
        throw DataError(
            path,
            QStringLiteral("none of the %1 windows of %2 steps is free of missing values: fill the gaps "
                           "(linear gap filling) or shorten the window")
                .arg(possible)
                .arg(windows.span()));
    // A test period first: the last windows, never seen by training or the choice of the best epoch.
    // Validation comes before it, training before that; each side's targets strictly after the last
    // target of the side before.
    std::vector<int> pool = starts;
    std::vector<int> test;
    std::size_t droppedBeforeTest = 0;
    if (task.split.testFraction > 0.0) {
        const SeriesWindows::Split held = windows.splitChronologically(starts, task.split.testFraction);
        test = held.validation;
        pool = held.train;
        droppedBeforeTest = held.droppedAtBoundary;
        if (pool.size() < 2)
            throw DataError(
                path,
                QStringLiteral("the test period of %1 windows leaves %2 for training and validation: "
                               "lower the test fraction, the lookback or the horizon")
                    .arg(test.size())
                    .arg(pool.size()));
    }
    const bool crossValidated = task.split.folds >= 2;
    SeriesWindows::Split split = crossValidated
        ? windows.rollingOrigin(pool, task.split.folds, task.split.fold)
        : windows.splitChronologically(
            pool, std::min(0.9, task.split.validationFraction / (1.0 - task.split.testFraction)));
    split.droppedAtBoundary += droppedBeforeTest;
    if (crossValidated && split.validation.empty())
        throw DataError(
            path,
            QStringLiteral("%1 windows are too few for %2 rolling origins (each needs at least one "
                           "window): use fewer folds, a shorter lookback or horizon")
                .arg(pool.size())
                .arg(task.split.folds));
    if (split.train.empty())
        throw DataError(
            path,
            QStringLiteral("the chronological split of %1 windows leaves none for training: lower the "
                           "validation fraction, the lookback or the horizon")
                .arg(starts.size()));

    // The training period ends with the last training target: nothing later shapes the normalisation
    // or the climatology.
    const int trainingRows = windows.lastTargetRow(split.train.back()) + 1;
    TrainingData data;
    data.task = task.kind;
    data.inputChannels = namesOf(series, inputs);
    data.normalizer
        = Normalizer::fit(config.normalization, data.inputChannels, head(series, inputs, trainingRows),
                          config.percentileLow, config.percentileHigh);

    auto source = std::make_shared<SeriesSource>();
    source->windows = windows;
    source->rows = series.rowCount();
    source->inputCount = int(inputs.size());
    source->inputs = normalisedRows(series, inputs, data.normalizer);
    source->times = series.times;
    if (reconstruct) {
        data.targetNormalizer = data.normalizer;
    } else {
        data.targetColumns = namesOf(series, targets);
        data.targetNormalizer
            = Normalizer::fit(config.normalization, data.targetColumns, head(series, targets, trainingRows),
                              config.percentileLow, config.percentileHigh);
        source->targetCount = int(targets.size());
        source->targets = normalisedRows(series, targets, data.targetNormalizer);
        source->relative = config.relative;
        data.relativeTargets = config.relative;
        const Season season = seasonFor(frequency);
        const std::vector<QDateTime> trainingTimes(series.times.begin(), series.times.begin() + trainingRows);
        data.seasonalNaive = SeasonalNaive::forSeries(frequency, trainingRows);
        const int maxOrder
            = AutoregressiveModel::defaultMaxOrder(trainingRows, SeasonalNaive::seasonLengthFor(frequency));
        for (int c : targets) {
            const std::vector<double> &values = series.columns[std::size_t(c)].values;
            source->rawTargets.push_back(values);
            const std::vector<double> trainingValues(values.begin(), values.begin() + trainingRows);
            data.climatology.push_back(ClimatologyBaseline::fit(trainingTimes, trainingValues, season));
            data.autoregressive.push_back(AutoregressiveModel::select(trainingValues, maxOrder));
        }
        source->seasonalNaive = data.seasonalNaive;
        source->autoregressive = data.autoregressive;
        if (feedback)
            reportBaselines(data, frequency, *feedback);
    }

    auto train = std::make_shared<SeriesWindowDataset>(source, split.train, config.jitter);
    auto validation = std::make_shared<SeriesWindowDataset>(source, split.validation, 0.0);
    data.train = train;
    data.validation = validation;
    if (!reconstruct)
        data.forecastWindow = [validation](std::size_t index) { return validation->forecastWindow(index); };
    if (!test.empty()) {
        auto testWindows = std::make_shared<SeriesWindowDataset>(source, test, 0.0);
        data.test = testWindows;
        if (!reconstruct)
            data.testForecastWindow
                = [testWindows](std::size_t index) { return testWindows->forecastWindow(index); };
    }

    const QDateTime trainingEnd = series.times[std::size_t(trainingRows - 1)];
    const QDateTime validationStart
        = series.times[std::size_t(windows.firstTargetRow(split.validation.front()))];
    const QDateTime validationEnd = series.times[std::size_t(windows.lastTargetRow(split.validation.back()))];
    data.summary = QJsonObject {
        { QStringLiteral("task"), TaskConfig::kindName(task.kind) },
        { QStringLiteral("series"), path },
        { QStringLiteral("rows"), series.rowCount() },
        { QStringLiteral("frequency"), frequency.label() },
        { QStringLiteral("inputs"), QJsonArray::fromStringList(data.inputChannels) },
        { QStringLiteral("targets"), QJsonArray::fromStringList(data.targetColumns) },
        { QStringLiteral("lookback"), config.lookback },
        { QStringLiteral("horizon"), reconstruct ? 0 : config.horizon },
        { QStringLiteral("gapFill"),
          config.gapFill == GapFillMethod::Linear ? QStringLiteral("linear") : QStringLiteral("none") },
        { QStringLiteral("windows"), double(possible) },
        { QStringLiteral("windowsWithMissingValues"), double(possible - starts.size()) },
        { QStringLiteral("trainingWindows"), double(split.train.size()) },
        { QStringLiteral("validationWindows"), double(split.validation.size()) },
        { QStringLiteral("droppedAtBoundary"), double(split.droppedAtBoundary) },
        { QStringLiteral("trainingPeriod"),
          QJsonArray { isoTime(series.times.front()), isoTime(trainingEnd) } },
        { QStringLiteral("validationPeriod"),
          QJsonArray { isoTime(validationStart), isoTime(validationEnd) } },
        { QStringLiteral("split"),
          crossValidated
              ? QJsonObject { { QStringLiteral("method"), QStringLiteral("rolling-origin") },
                              { QStringLiteral("folds"), task.split.folds },
                              { QStringLiteral("fold"), task.split.fold + 1 } }
              : QJsonObject { { QStringLiteral("method"), QStringLiteral("chronological") },
                              { QStringLiteral("validationFraction"), task.split.validationFraction } } },
        { QStringLiteral("climatologySeason"),
          seasonName(data.climatology.empty() ? Season::None : data.climatology.front().season()) },
        // The seasonal naive baseline's season in steps; null without one.
        { QStringLiteral("seasonLength"),
          data.seasonalNaive.isEmpty() ? QJsonValue() : QJsonValue(data.seasonalNaive.seasonLength()) }
    };
    if (!test.empty()) {
        const QDateTime testStart = series.times[std::size_t(windows.firstTargetRow(test.front()))];
        const QDateTime testEnd = series.times[std::size_t(windows.lastTargetRow(test.back()))];
        data.summary.insert(QStringLiteral("testWindows"), double(test.size()));
        data.summary.insert(QStringLiteral("testPeriod"),
                            QJsonArray { isoTime(testStart), isoTime(testEnd) });
        QJsonObject splitSummary = data.summary.value(QStringLiteral("split")).toObject();
        splitSummary.insert(QStringLiteral("testFraction"), task.split.testFraction);
        data.summary.insert(QStringLiteral("split"), splitSummary);
        if (feedback)
            feedback->info(
                QStringLiteral("%1 test windows held out from %2 to %3: evaluated once, after training")
                    .arg(test.size())
                    .arg(isoTime(testStart), isoTime(testEnd)));
    }
    if (feedback) {
        feedback->info(
            QStringLiteral(
                "%1 training windows up to %2, %3 validation windows from %4 (%5 with missing values "
                "skipped, %6 dropped at the boundary)")
                .arg(split.train.size())
                .arg(isoTime(trainingEnd))
                .arg(split.validation.size())
                .arg(isoTime(validationStart))
                .arg(possible - starts.size())
                .arg(split.droppedAtBoundary));
        feedback->setProgress(100.0);
    }
    return data;
}

} // namespace deepterra
