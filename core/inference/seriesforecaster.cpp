#include "inference/seriesforecaster.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "inference/private/inferencenetwork.h"
#include "jobs/feedback.h"
#include "series/gapfiller.h"
#include "series/seriesfrequency.h"
#include "series/seriesorigin.h"

#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

std::vector<int> columnsOf(const TimeSeries &series, const QStringList &names, const QString &role)
{
    std::vector<int> indices;
    for (const QString &name : names) {
        const int index = series.columnIndex(name);
        if (index < 0)
            throw DataError(series.source,
                            QStringLiteral("the model needs the %1 column \"%2\" (available: %3)")
                                .arg(role, name, series.columnNames().join(QStringLiteral(", "))));
        indices.push_back(index);
    }
    return indices;
}

} // namespace

SeriesForecaster::SeriesForecaster(const InferenceModel &model)
    : m_model(model)
{
    const TaskKind task = model.metadata().task();
    if (task != TaskKind::Forecasting)
        throw DataError(
            model.displayPath(),
            QStringLiteral("the model is a %1 model, not a forecaster").arg(TaskConfig::kindName(task)));
}

std::vector<ForecastRow> SeriesForecaster::forecast(const ForecastRequest &request, Feedback *feedback) const
{
    const RunMetadata &model = m_model.metadata();
    const SeriesTaskConfig &config = model.setup().task.series;
    CsvSeriesOptions options;
    options.dateColumn = request.dateColumn;
    TimeSeries series = GapFiller::fill(SeriesOrigin::parse(request.series).read(options), config.gapFill);
    series.source = request.series;
    const std::vector<int> inputs = columnsOf(series, model.inputChannels(), QStringLiteral("input"));
    const std::vector<int> targets = columnsOf(series, model.targetColumns(), QStringLiteral("target"));
    const SeriesFrequency frequency = SeriesFrequency::detect(series.times);
    const int lookback = config.lookback;
    const int horizon = config.horizon;
    const int rows = series.rowCount();
    const bool relative = model.relativeTargets();
    const Normalizer &inputNormalizer = model.normalizer();
    const Normalizer &targetNormalizer = model.targetNormalizer();

    // Origins whose lookback window (and, for relative models, the origin's targets) are complete.
    auto complete = [&](int origin) {
        for (int r = origin - lookback + 1; r <= origin; ++r)
            for (int c : inputs)
                if (!std::isfinite(series.columns[std::size_t(c)].values[std::size_t(r)]))
                    return false;
        if (relative)
            for (int c : targets)
                if (!std::isfinite(series.columns[std::size_t(c)].values[std::size_t(origin)]))
                    return false;
        return true;
    };
    std::vector<int> origins;
    for (int origin = rows - 1; origin >= lookback - 1; --origin) {
        if (!complete(origin))
            continue;
        origins.insert(origins.begin(), origin);
        if (!request.rolling)
            break;
    }
    if (origins.empty())
        throw DataError(request.series,
                        QStringLiteral("no complete window of %1 steps to forecast from").arg(lookback));
    if (request.rolling && request.tailShare > 0.0 && request.tailShare < 1.0) {
        const auto keep
            = std::max<std::size_t>(1, std::size_t(std::ceil(request.tailShare * double(origins.size()))));
        origins.erase(origins.begin(), origins.end() - std::ptrdiff_t(std::min(keep, origins.size())));
    }

    InferenceNetwork &network = m_model.network();
    torch::NoGradGuard noGrad;
    const std::int64_t inputCount = std::int64_t(inputs.size());
    std::vector<ForecastRow> result;
    constexpr std::size_t kBatch = 256;
    for (std::size_t b0 = 0; b0 < origins.size(); b0 += kBatch) {
        if (feedback) {
            feedback->checkpoint();
            feedback->setProgress(100.0 * double(b0) / double(origins.size()));
        }
        const std::size_t count = std::min(kBatch, origins.size() - b0);
        torch::Tensor batch = torch::empty({ std::int64_t(count), lookback, inputCount });
        float *in = batch.data_ptr<float>();
        for (std::size_t i = 0; i < count; ++i) {
            const int origin = origins[b0 + i];
            float *window = in + i * std::size_t(lookback) * std::size_t(inputCount);
            for (int t = 0; t < lookback; ++t)
                for (std::int64_t c = 0; c < inputCount; ++c)
                    window[std::size_t(t) * std::size_t(inputCount) + std::size_t(c)]
                        = float(inputNormalizer.normalize(series.columns[std::size_t(inputs[std::size_t(c)])]
                                                              .values[std::size_t(origin - lookback + 1 + t)],
                                                          int(c)));
            if (relative) {
                // As in training: every input relative to the window's last step.
                for (std::int64_t c = 0; c < inputCount; ++c) {
                    const float last
                        = window[std::size_t(lookback - 1) * std::size_t(inputCount) + std::size_t(c)];
                    for (int t = 0; t < lookback; ++t)
                        window[std::size_t(t) * std::size_t(inputCount) + std::size_t(c)] -= last;
                }
            }
        }
        const torch::Tensor output = network.forward(batch).contiguous();
        const float *out = output.data_ptr<float>();
        const std::size_t targetCount = targets.size();
        for (std::size_t i = 0; i < count; ++i) {
            const int origin = origins[b0 + i];
            for (int h = 0; h < horizon; ++h) {
                for (std::size_t k = 0; k < targetCount; ++k) {
                    const std::vector<double> &column = series.columns[std::size_t(targets[k])].values;
                    double normalised = out[(i * std::size_t(horizon) + std::size_t(h)) * targetCount + k];
                    if (relative)
                        normalised += float(targetNormalizer.normalize(column[std::size_t(origin)], int(k)));
                    ForecastRow row;
                    row.origin = series.times[std::size_t(origin)];
                    row.horizon = h + 1;
                    const int target = origin + h + 1;
                    row.time = target < rows ? series.times[std::size_t(target)]
                                             : frequency.advance(series.times.back(), target - rows + 1);
                    row.column = series.columns[std::size_t(targets[k])].name;
                    row.value = targetNormalizer.denormalize(normalised, int(k));
                    row.observed = target < rows ? column[std::size_t(target)]
                                                 : std::numeric_limits<double>::quiet_NaN();
                    result.push_back(row);
                }
            }
        }
    }
    if (feedback)
        feedback->setProgress(100.0);
    return result;
}

void SeriesForecaster::writeCsv(const std::vector<ForecastRow> &rows, const QString &path)
{
    QString text;
    QTextStream out(&text);
    out << "time,origin,horizon,column,value,observed\n";
    for (const ForecastRow &row : rows)
        out << row.time.toString(Qt::ISODate) << ',' << row.origin.toString(Qt::ISODate) << ',' << row.horizon
            << ',' << row.column << ',' << QString::number(row.value, 'g', 10) << ','
            << (std::isfinite(row.observed) ? QString::number(row.observed, 'g', 10) : QString()) << '\n';
    out.flush();
    AtomicFile::write(path, text.toUtf8(), QStringLiteral("cannot write the forecast"));
}

} // namespace deepterra
