#include "inference/seriesanomalyjob.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "inference/private/inferencenetwork.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "project/layersource.h"
#include "project/projectfile.h"
#include "series/gapfiller.h"
#include "series/seriesorigin.h"
#include "training/seriestrainingdatabuilder.h"
#include "training/serieswindows.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// The threshold training chose from the best epoch's validation errors (metrics.json › details ›
// reconstruction › threshold), in the units the errors here are computed in.
double runThreshold(const QString &runFolder)
{
    const QString path = QDir(runFolder).filePath(QStringLiteral("metrics.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    const QJsonValue threshold = QJsonDocument::fromJson(file.readAll())
                                     .object()
                                     .value(QStringLiteral("details"))
                                     .toObject()
                                     .value(QStringLiteral("reconstruction"))
                                     .toObject()
                                     .value(QStringLiteral("threshold"));
    if (!threshold.isDouble() || !std::isfinite(threshold.toDouble()))
        throw DataError(path,
                        QStringLiteral("holds no anomaly threshold (the run stopped before its first "
                                       "validation)"));
    return threshold.toDouble();
}

// The run's own series as training read it: the project's series layer with its CSV options, or, when
// the project has moved, the path config.json recorded with default options.
TimeSeries readRunSeries(const RunMetadata &metadata)
{
    const QString projectPath = metadata.projectPath();
    if (!projectPath.isEmpty() && QFileInfo::exists(projectPath)) {
        const Project project = ProjectFile::load(projectPath);
        if (const ProjectLayer *layer = project.layer(metadata.setup().task.series.seriesLayer)) {
            const QString path = LayerSource::series(project, *layer);
            TimeSeries series = SeriesOrigin::parse(path).read(SeriesTrainingDataBuilder::csvOptions(*layer));
            series.source = path;
            return series;
        }
    }
    const QString path = metadata.config()
                             .value(QStringLiteral("data"))
                             .toObject()
                             .value(QStringLiteral("series"))
                             .toString();
    if (path.isEmpty())
        throw DataError(projectPath,
                        QStringLiteral("names no series layer \"%1\" and the run recorded no series: "
                                       "give the series to score")
                            .arg(metadata.setup().task.series.seriesLayer));
    TimeSeries series = SeriesOrigin::parse(path).read();
    series.source = path;
    return series;
}

} // namespace

SeriesAnomalyJob::SeriesAnomalyJob(SeriesAnomalyRequest request)
    : m_request(std::move(request))
{ }

void SeriesAnomalyJob::run(Feedback &feedback)
{
    OutputPathCheck::check({ m_request.series }, { m_request.output });
    feedback.info(QStringLiteral("Loading the run %1").arg(m_request.runFolder));
    const TrainedModel model = TrainedModel::loadRun(m_request.runFolder);
    const RunMetadata &metadata = model.metadata();
    if (metadata.task() != TaskKind::SeriesAutoencoder)
        throw DataError(m_request.runFolder,
                        QStringLiteral("the run is a %1 run, not a series-autoencoder run")
                            .arg(TaskConfig::kindName(metadata.task())));
    const double threshold = runThreshold(m_request.runFolder);
    const SeriesTaskConfig &config = metadata.setup().task.series;
    feedback.checkpoint();

    TimeSeries read;
    if (m_request.series.isEmpty()) {
        read = readRunSeries(metadata);
    } else {
        CsvSeriesOptions options;
        options.dateColumn = m_request.dateColumn;
        read = SeriesOrigin::parse(m_request.series).read(options);
        read.source = m_request.series;
    }
    const QString source = read.source;
    // The run's own series is only known now: the scores must not replace it.
    OutputPathCheck::check({ source }, { m_request.output });
    TimeSeries series = GapFiller::fill(std::move(read), config.gapFill);
    series.source = source;
    std::vector<int> inputs;
    for (const QString &name : metadata.inputChannels()) {
        const int index = series.columnIndex(name);
        if (index < 0)
            throw DataError(source,
                            QStringLiteral("the run needs the input column \"%1\" (available: %2)")
                                .arg(name, series.columnNames().join(QStringLiteral(", "))));
        inputs.push_back(index);
    }
    if (inputs.empty())
        throw DataError(m_request.runFolder, QStringLiteral("config.json names no input columns"));
    std::vector<const std::vector<double> *> columns;
    for (int c : inputs)
        columns.push_back(&series.columns[std::size_t(c)].values);
    const SeriesWindows windows(config.lookback, 0, true);
    const std::vector<int> starts = windows.complete(columns, columns, series.rowCount());
    if (starts.empty())
        throw DataError(source,
                        QStringLiteral("no window of %1 steps is free of missing values (%2 rows)")
                            .arg(config.lookback)
                            .arg(series.rowCount()));

    const Normalizer &normalizer = metadata.normalizer();
    const std::size_t inputCount = inputs.size();
    const std::size_t lookback = std::size_t(config.lookback);
    // Normalised once per row, as SeriesTrainingDataBuilder does before cutting windows.
    std::vector<float> normalised(std::size_t(series.rowCount()) * inputCount);
    for (std::size_t row = 0; row < std::size_t(series.rowCount()); ++row)
        for (std::size_t c = 0; c < inputCount; ++c)
            normalised[row * inputCount + c]
                = float(normalizer.normalize(series.columns[std::size_t(inputs[c])].values[row], int(c)));

    InferenceNetwork &network = model.network();
    torch::NoGradGuard noGrad;
    std::vector<double> errors;
    errors.reserve(starts.size());
    const std::size_t perWindow = lookback * inputCount;
    constexpr std::size_t kBatch = 256;
    for (std::size_t b0 = 0; b0 < starts.size(); b0 += kBatch) {
        feedback.checkpoint();
        feedback.setProgress(100.0 * double(b0) / double(starts.size()));
        const std::size_t count = std::min(kBatch, starts.size() - b0);
        torch::Tensor batch
            = torch::empty({ std::int64_t(count), std::int64_t(lookback), std::int64_t(inputCount) });
        float *in = batch.data_ptr<float>();
        for (std::size_t i = 0; i < count; ++i)
            std::copy_n(normalised.begin() + std::ptrdiff_t(std::size_t(starts[b0 + i]) * inputCount),
                        perWindow, in + i * perWindow);
        const torch::Tensor output = network.forward(batch).to(torch::kCPU).to(torch::kFloat32).contiguous();
        if (std::size_t(output.numel()) != count * perWindow)
            throw DataError(m_request.runFolder,
                            QStringLiteral("the network reconstructs %1 values per window, not %2")
                                .arg(output.numel() / std::int64_t(count))
                                .arg(perWindow));
        const float *out = output.data_ptr<float>();
        // As ValidationAccumulator scores a validation window: the mean squared difference, in
        // double, of the float reconstruction and the float normalised values.
        for (std::size_t i = 0; i < count; ++i) {
            double sum = 0.0;
            for (std::size_t k = 0; k < perWindow; ++k) {
                const double d = double(out[i * perWindow + k]) - double(in[i * perWindow + k]);
                sum += d * d;
            }
            errors.push_back(sum / double(perWindow));
        }
    }

    SeriesAnomalies result;
    result.source = source;
    result.column = series.columns[std::size_t(inputs.front())].name;
    result.lookback = config.lookback;
    result.threshold = threshold;
    result.times = series.times;
    result.values = series.columns[std::size_t(inputs.front())].values;
    result.windowStarts = starts;
    result.windowErrors = std::move(errors);
    result.score();
    feedback.checkpoint();
    if (!m_request.output.isEmpty())
        result.writeCsv(m_request.output);
    feedback.setProgress(100.0);
    m_result = std::move(result);
}

} // namespace deepterra
