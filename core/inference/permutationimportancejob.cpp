#include "inference/permutationimportancejob.h"

#include "common/dataerror.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "models/private/modelprivate.h"
#include "project/projectfile.h"
#include "training/batchloader.h"
#include "training/private/losses.h"
#include "training/private/validationaccumulator.h"
#include "training/runfolder.h"
#include "training/trainingdatabuilder.h"
#include "training/trainingdefaults.h"
#include "training/trainingsetup.h"

#include <QFileInfo>

#include <torch/torch.h>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace deepterra {

namespace {

// Fisher-Yates driven by the raw engine (no distribution object, whose algorithm the standard
// leaves to the library): the same seed shuffles the same way on every platform.
torch::Tensor permutation(std::int64_t count, std::uint64_t seed)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), std::int64_t(0));
    std::mt19937_64 engine(seed);
    for (std::int64_t i = count - 1; i > 0; --i)
        std::swap(order[std::size_t(i)], order[std::size_t(engine() % std::uint64_t(i + 1))]);
    return torch::tensor(order, torch::kInt64);
}

torch::Tensor classWeightsOf(const TrainingData &data, const TrainingConfig &config)
{
    // As the trainer weights its loss, so that a monitored val_loss means the same here.
    if (!config.classWeighted || data.trainClassCounts.empty())
        return {};
    const double total = std::accumulate(data.trainClassCounts.begin(), data.trainClassCounts.end(), 0.0);
    std::vector<float> w;
    for (std::int64_t count : data.trainClassCounts)
        w.push_back(count > 0 ? float(total / (double(data.trainClassCounts.size()) * double(count))) : 0.0f);
    return torch::tensor(w);
}

// The validation set in the trainer's batches and order, every example's inputs in one tensor so
// that a channel can be shuffled between examples of different batches.
struct ValidationExamples
{
    torch::Tensor inputs; // (examples, ...)
    std::vector<SampleBatch> batches; // targets and indices; their inputs are dropped
};

ValidationExamples collect(const TrainingData &data, const TrainingConfig &config, Feedback &feedback)
{
    BatchLoaderOptions loading;
    loading.batchSize = config.batchSize;
    loading.shuffle = false;
    loading.seed = config.seed;
    BatchLoader loader(*data.validation, loading);
    ValidationExamples examples;
    std::vector<torch::Tensor> parts;
    SampleBatch batch;
    while (loader.next(batch)) {
        feedback.checkpoint();
        parts.push_back(torch::from_blob(batch.inputs.data(), batch.inputShape, torch::kFloat32).clone());
        batch.inputs = {};
        examples.batches.push_back(std::move(batch));
        batch = SampleBatch();
    }
    examples.inputs = torch::cat(parts, 0);
    return examples;
}

} // namespace

PermutationImportanceJob::PermutationImportanceJob(PermutationImportanceRequest request)
    : m_request(std::move(request))
{ }

void PermutationImportanceJob::run(Feedback &feedback)
{
    const RunFolder run(m_request.runFolder);
    const QJsonObject config = run.readConfig();
    const QString configPath = run.filePath(QStringLiteral("config.json"));
    const TrainingSetup setup
        = TrainingSetup::fromJson(config.value(QStringLiteral("setup")).toObject(), configPath);
    const TaskKind kind = setup.task.kind;
    if (kind != TaskKind::Segmentation && kind != TaskKind::PatchClassification
        && kind != TaskKind::Forecasting)
        throw DataError(
            configPath,
            QStringLiteral("permutation importance is for class and forecasting runs, not a %1 run")
                .arg(TaskConfig::kindName(kind)));
    const QString best = run.checkpointPath(QStringLiteral("best.pt"));
    if (!QFileInfo::exists(best))
        throw DataError(best, QStringLiteral("the run has no best checkpoint yet"));
    if (m_request.writeToMetrics && !QFileInfo::exists(run.filePath(QStringLiteral("metrics.json"))))
        throw DataError(run.filePath(QStringLiteral("metrics.json")),
                        QStringLiteral("the run has no metrics yet: it has not finished an epoch"));
    if (m_request.repeats < 1)
        throw DataError(m_request.runFolder,
                        QStringLiteral("permutation importance needs at least one repeat"));

    feedback.info(QStringLiteral("Rebuilding the run's validation set"));
    const Project project = ProjectFile::load(config.value(QStringLiteral("projectPath")).toString());
    const TrainingData data = TrainingDataBuilder::build(project, setup.task, setup.training.seed, &feedback);
    if (!data.validation || data.validation->size() == 0)
        throw DataError(configPath, QStringLiteral("the run's data has no validation examples"));

    const TrainedModel model = TrainedModel::loadRun(m_request.runFolder, QStringLiteral("best.pt"));
    Network net = model.model().privateData().network;
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor classWeights = classWeightsOf(data, setup.training);

    ValidationExamples examples = collect(data, setup.training, feedback);
    const std::int64_t count = examples.inputs.size(0);
    const bool series = kind == TaskKind::Forecasting;
    // Raster examples are (channels, height, width), series windows (lookback, variables).
    const std::int64_t channelDim = series ? 2 : 1;
    const std::int64_t channels = examples.inputs.size(channelDim);
    const std::int64_t lags = series ? examples.inputs.size(1) : 0;
    if (count < 2)
        feedback.warning(QStringLiteral("Only one validation example: permuting it changes nothing"));

    // The trainer's validation pass over `inputs`, scored by ValidationAccumulator.
    const auto evaluate = [&](const torch::Tensor &inputs) {
        ValidationAccumulator accumulator(data);
        std::int64_t offset = 0;
        for (SampleBatch &batch : examples.batches) {
            feedback.checkpoint();
            const std::int64_t size = std::int64_t(batch.size);
            const torch::Tensor output = net->forward(inputs.narrow(0, offset, size));
            offset += size;
            const torch::Tensor classes = batch.classes.empty()
                ? torch::Tensor()
                : torch::from_blob(batch.classes.data(), batch.classShape, torch::kInt64);
            const torch::Tensor targets = batch.targets.empty()
                ? torch::Tensor()
                : torch::from_blob(batch.targets.data(), batch.targetShape, torch::kFloat32);
            const torch::Tensor loss = computeLoss(setup.training, output, classes, targets, classWeights);
            accumulator.add(batch, output, loss.item<double>(),
                            lossDenominator(setup.training, output, classes, classWeights));
        }
        return accumulator.metrics();
    };

    const double evaluations = 1.0 + double(m_request.repeats) * double(channels + lags);
    double done = 0.0;
    const auto advance = [&] { feedback.setProgress(100.0 * ++done / evaluations); };

    const QMap<QString, double> baselineMetrics = evaluate(examples.inputs);
    advance();
    // A run may monitor a score the validation pass does not give (train_loss): the task's own then.
    QString metric = setup.training.earlyStoppingMetric;
    if (!baselineMetrics.contains(metric))
        metric = TrainingDefaults::defaultMonitoredMetric(kind);
    if (!baselineMetrics.contains(metric))
        metric = QStringLiteral("val_loss");
    const bool higher = TrainingConfig::higherIsBetter(metric);
    const double baseline = baselineMetrics.value(metric);
    feedback.info(QStringLiteral("Baseline %1 on %2 validation examples: %3")
                      .arg(metric)
                      .arg(count)
                      .arg(baseline, 0, 'g', 5));

    const std::uint64_t seed = m_request.seed != 0 ? m_request.seed : setup.training.seed;
    std::vector<torch::Tensor> permutations;
    for (int r = 0; r < m_request.repeats; ++r)
        permutations.push_back(permutation(count, seed + std::uint64_t(r)));

    // Drops of every repeat when the slices of `dim` at `index` are shuffled between examples.
    const auto drops = [&](std::int64_t dim, std::int64_t index) {
        std::vector<double> result;
        const torch::Tensor original = examples.inputs.select(dim, index);
        for (const torch::Tensor &order : permutations) {
            torch::Tensor shuffled = examples.inputs.clone();
            shuffled.select(dim, index).copy_(original.index_select(0, order));
            const double permuted = evaluate(shuffled).value(metric, std::nan(""));
            result.push_back(higher ? baseline - permuted : permuted - baseline);
            advance();
        }
        return result;
    };

    m_result = PermutationImportance();
    m_result.metric = metric;
    m_result.baseline = baseline;
    m_result.repeats = m_request.repeats;
    m_result.seed = seed;
    m_result.validationExamples = int(count);
    for (std::int64_t c = 0; c < channels; ++c) {
        const QString name = c < data.inputChannels.size() ? data.inputChannels.at(qsizetype(c))
                                                           : QStringLiteral("channel %1").arg(c + 1);
        m_result.inputs.push_back(PermutationImportance::summarize(name, drops(channelDim, c)));
    }
    // Lag k is the k-th step before the first forecast: the window's last row is lag 1.
    for (std::int64_t l = 0; l < lags; ++l)
        m_result.lags.push_back(
            PermutationImportance::summarize(QStringLiteral("lag %1").arg(lags - l), drops(1, l)));
    PermutationImportance::sortByDrop(m_result.inputs);
    PermutationImportance::sortByDrop(m_result.lags);

    if (m_request.writeToMetrics) {
        m_result.writeToRun(m_request.runFolder);
        feedback.info(
            QStringLiteral("Wrote the importances to %1").arg(run.filePath(QStringLiteral("metrics.json"))));
    }
}

} // namespace deepterra
