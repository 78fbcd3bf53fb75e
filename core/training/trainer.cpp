#include "training/trainer.h"

#include "common/dataerror.h"
#include "distributed/processgroup.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "models/model.h"
#include "models/private/modelprivate.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "training/batchloader.h"
#include "training/learningrateschedule.h"
#include "training/private/batchstep.h"
#include "training/private/batchtensors.h"
#include "training/private/checkpointfile.h"
#include "training/private/epochrecordjson.h"
#include "training/private/evaluationpass.h"
#include "training/private/gradscaler.h"
#include "training/private/losses.h"
#include "training/private/optimizerfactory.h"
#include "training/private/validationaccumulator.h"
#include "training/trainingdata.h"
#include "training/trainingevents.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>
#include <numeric>

namespace deepterra {

namespace {

std::int64_t product(const std::vector<std::int64_t> &shape)
{
    return std::accumulate(shape.begin(), shape.end(), std::int64_t(1), std::multiplies<>());
}

// Whether a data-parallel job stops after this epoch: rank 0's early stop. A cancel on any rank
// stops every rank here (JobCanceled).
bool epochDecision(ProcessGroup &group, bool stopEarly, Feedback &feedback)
{
    std::vector<double> votes { stopEarly ? 1.0 : 0.0, feedback.isCanceled() ? 1.0 : 0.0 };
    group.allReduceSum(votes);
    if (votes[1] > 0.0)
        throw JobCanceled();
    return votes[0] > 0.0;
}

// The ranks of a resumed job go on from the same epoch, or none does: each reads the run folder's
// last.pt, so the folder must be one they share.
void requireTheSameStart(ProcessGroup &group, int startEpoch, const QString &runDirectory)
{
    std::vector<double> epochs { double(startEpoch), double(startEpoch) * double(startEpoch) };
    group.allReduceSum(epochs);
    // All equal exactly when the square of the sum is the count times the sum of squares.
    if (epochs[0] * epochs[0] != double(group.size()) * epochs[1])
        throw DataError(
            runDirectory,
            QStringLiteral("the processes of the training job found different checkpoints to go on "
                           "from: the run folder must be on a filesystem every process reads"));
}

// The held-out test split, once, with the weights of the best epoch: the test examples chose nothing.
// In a data-parallel job rank 0 reads them and shares them, and every rank evaluates its shard.
void evaluateTest(NetworkImpl &network, const TrainingData &data, const TrainingConfig &config,
                  const QString &bestCheckpoint, const torch::Tensor &classWeights,
                  const torch::Device &device, BatchStep &batchStep, ProcessGroup *group, bool lead,
                  Feedback &feedback, TrainingOutcome &outcome)
{
    std::vector<double> haveBest { lead && QFileInfo::exists(bestCheckpoint) ? 1.0 : 0.0 };
    if (group)
        group->allReduceSum(haveBest);
    if (haveBest[0] == 0.0) {
        if (lead)
            feedback.warning(QStringLiteral("no epoch had a finite %1: the test split was not evaluated")
                                 .arg(outcome.monitoredMetric));
        return;
    }
    // A best.pt rank 0 cannot read stops every rank, not only rank 0 (the others would wait for its
    // weights until the timeout).
    std::exception_ptr unreadable;
    if (lead) {
        try {
            CheckpointFile::load(bestCheckpoint, network, nullptr, false);
        } catch (...) {
            unreadable = std::current_exception();
        }
    }
    std::vector<double> failed { unreadable ? 1.0 : 0.0 };
    if (group)
        group->allReduceSum(failed);
    if (unreadable)
        std::rethrow_exception(unreadable);
    if (failed[0] > 0.0)
        throw DataError(bestCheckpoint,
                        QStringLiteral("rank 0 of the training job could not read the best "
                                       "checkpoint: see its messages"));
    batchStep.shareLeadState();
    const EvaluationPass::Result test = EvaluationPass::run(network, data, ValidationAccumulator::Side::Test,
                                                            config, classWeights, device, feedback, group);
    if (!lead)
        return;
    outcome.testMetrics = test.metrics;
    outcome.testDetails = test.details;
    QStringList figures;
    for (auto it = test.metrics.cbegin(); it != test.metrics.cend(); ++it)
        figures << QStringLiteral("%1 %2").arg(it.key()).arg(it.value(), 0, 'g', 4);
    feedback.info(QStringLiteral("Test split (%1 examples, best epoch %2): %3")
                      .arg(data.test->size())
                      .arg(outcome.bestEpoch)
                      .arg(figures.join(QStringLiteral(", "))));
}

// A kill while a checkpoint was written leaves the previous checkpoint intact and, where the system
// has no unnamed temporary files (Linux's O_TMPFILE, which QSaveFile uses, vanishes with the
// process), the writer's "last.pt.XXXXXX" beside it: nothing reads that, so it goes.
void removeInterruptedWrites(const QString &checkpointFolder)
{
    const QDir folder(checkpointFolder);
    for (const QString &name : folder.entryList({ QStringLiteral("*.pt.*") }, QDir::Files | QDir::Hidden))
        QFile::remove(folder.filePath(name));
}

} // namespace

Trainer::Trainer(std::shared_ptr<const TrainingData> data, TrainerOptions options)
    : m_data(std::move(data))
    , m_options(std::move(options))
{ }

Trainer::~Trainer() = default;

ModelSpec Trainer::fitSpecToData(const ModelSpec &spec, const TrainingData &data)
{
    ModelSpec fitted = spec;
    const auto mismatch = [&](const char *needed) {
        return DataError(QString(),
                         QStringLiteral("a %1 task needs %2 model, but the project's model is \"%3\"")
                             .arg(TaskConfig::kindName(data.task), QLatin1String(needed),
                                  ModelSpec::kindName(spec.kind())));
    };
    const std::vector<std::int64_t> in = data.train->inputShape();
    const std::vector<std::int64_t> out = data.train->targetShape();
    const int channels = int(data.inputChannels.size());
    switch (data.task) {
    case TaskKind::Segmentation: {
        if (spec.kind() == ModelKind::UNet) {
            UNetSpec &u = fitted.as<UNetSpec>();
            u.inputChannels = channels;
            u.classes = data.classes.size();
        } else if (spec.kind() == ModelKind::ResUNet) {
            ResUNetSpec &r = fitted.as<ResUNetSpec>();
            r.inputChannels = channels;
            r.classes = data.classes.size();
        } else {
            throw mismatch("a unet or resunet");
        }
        const int depth = fitted.segmenterDepth();
        if (data.patchSize % (1 << depth) != 0)
            throw DataError(
                QString(),
                QStringLiteral("patch size %1 is not a multiple of 2^%2, as a %3 of depth %2 needs")
                    .arg(data.patchSize)
                    .arg(depth)
                    .arg(spec.kind() == ModelKind::UNet ? QStringLiteral("U-Net")
                                                        : QStringLiteral("ResUNet")));
        break;
    }
    case TaskKind::PatchClassification: {
        if (spec.kind() != ModelKind::Cnn)
            throw mismatch("a cnn");
        CnnSpec &c = fitted.as<CnnSpec>();
        c.inputChannels = channels;
        c.inputHeight = data.patchSize;
        c.inputWidth = data.patchSize;
        c.classes = data.classes.size();
        break;
    }
    case TaskKind::Forecasting: {
        if (spec.kind() != ModelKind::Recurrent)
            throw mismatch("a recurrent");
        RecurrentSpec &r = fitted.as<RecurrentSpec>();
        r.lookback = int(in.at(0));
        r.inputs = int(in.at(1));
        r.horizon = int(out.at(0));
        r.targets = int(out.at(1));
        break;
    }
    case TaskKind::RasterAutoencoder:
        if (spec.kind() == ModelKind::ConvAutoencoder) {
            ConvAutoencoderSpec &a = fitted.as<ConvAutoencoderSpec>();
            a.inputChannels = channels;
            a.inputSize = data.patchSize;
        } else if (spec.kind() == ModelKind::DenseAutoencoder) {
            fitted.as<DenseAutoencoderSpec>().inputSize = int(product(in));
        } else {
            throw mismatch("an autoencoder");
        }
        break;
    case TaskKind::SeriesAutoencoder:
        if (spec.kind() != ModelKind::DenseAutoencoder)
            throw mismatch("a dense-autoencoder");
        fitted.as<DenseAutoencoderSpec>().inputSize = int(product(in));
        break;
    }
    const QStringList problems = fitted.validate();
    if (!problems.isEmpty())
        throw DataError(
            QString(),
            QStringLiteral("the model does not fit the data: %1").arg(problems.join(QStringLiteral("; "))));
    return fitted;
}

TrainingOutcome Trainer::run(Feedback &feedback, TrainingEvents *events)
{
    const TrainingConfig &config = m_options.config;
    const TrainingData &data = *m_data;
    if (!data.train || data.train->size() == 0)
        throw DataError(
            QString(), QStringLiteral("no training examples: check the labels, patch size and NoData limit"));
    if (!data.validation || data.validation->size() == 0)
        throw DataError(QString(),
                        QStringLiteral("no validation examples: lower the validation fraction's block size "
                                       "or label more of the scene"));

    const bool classificationTask
        = data.task == TaskKind::Segmentation || data.task == TaskKind::PatchClassification;
    if (isClassificationLoss(config.loss) != classificationTask)
        throw DataError(
            QString(),
            classificationTask
                ? QStringLiteral("a %1 task needs a classification loss (cross-entropy, dice or focal)")
                      .arg(TaskConfig::kindName(data.task))
                : QStringLiteral("a %1 task needs a regression loss (mse, mae, huber or bce)")
                      .arg(TaskConfig::kindName(data.task)));
    if (config.loss == LossKind::Bce && m_options.model.kind() == ModelKind::DenseAutoencoder
        && !m_options.model.as<DenseAutoencoderSpec>().sigmoidOutput)
        throw DataError(QString(),
                        QStringLiteral("binary cross-entropy needs outputs in 0..1: give the autoencoder a "
                                       "sigmoid output, or use the mse loss"));

    if (m_options.model.kind() == ModelKind::DenseAutoencoder
        && m_options.model.as<DenseAutoencoderSpec>().sigmoidOutput
        && data.normalizer.kind == NormalizationKind::MeanStd)
        throw DataError(
            QString(),
            QStringLiteral("a sigmoid-output autoencoder reconstructs values in 0..1, but the inputs "
                           "are standardised (mean 0, std 1): set the task's normalization to "
                           "\"percentile\", or the model's output to \"linear\""));

    TorchRuntime::setThisThreadsIntraOpThreads(config.threads);
    const QString deviceName = TorchRuntime::resolveDevice(config.device);
    const torch::Device device(deviceName.toStdString());

    if (config.precision == PrecisionKind::Float16 && !device.is_cuda())
        throw DataError(QString(),
                        QStringLiteral("float16 mixed precision needs a CUDA GPU, and this run trains on %1: "
                                       "choose bf16 (bfloat16) or fp32 precision")
                            .arg(deviceName));
    if (config.precision == PrecisionKind::BFloat16 && !device.is_cuda()
        && !OneDnnCheck::bfloat16Problem().isEmpty())
        throw DataError(QString(), OneDnnCheck::bfloat16Problem());

    TrainingOutcome outcome;
    outcome.device = deviceName;
    outcome.model = fitSpecToData(m_options.model, data);
    Model model = Model::create(outcome.model, config.seed);
    Network net = model.privateData().network;
    net->to(device);
    auto optimizer = OptimizerFactory::make(config, net->parameters());
    // A data-parallel job: every rank trains on its slice of each batch and validates its shard of
    // the validation examples; rank 0 alone writes the checkpoints, which every rank resumes from.
    const bool distributed = m_options.processGroup && m_options.processGroup->size() > 1;
    const bool lead = !distributed || m_options.processGroup->isLead();
    if (lead && !device.is_cuda() && !OneDnnCheck::finding().isEmpty())
        feedback.warning(OneDnnCheck::finding());

    torch::Tensor classWeights;
    if (config.classWeighted && !data.trainClassCounts.empty()) {
        const double total = std::accumulate(data.trainClassCounts.begin(), data.trainClassCounts.end(), 0.0);
        std::vector<float> w;
        for (std::int64_t count : data.trainClassCounts)
            w.push_back(count > 0 ? float(total / (double(data.trainClassCounts.size()) * double(count)))
                                  : 0.0f);
        classWeights = torch::tensor(w).to(device);
    }

    const QString checkpoints = QDir(m_options.runDirectory).filePath(QStringLiteral("checkpoints"));
    if (!QDir().mkpath(checkpoints))
        throw DataError(checkpoints, QStringLiteral("cannot create the checkpoint folder"));
    const QString lastPath = QDir(checkpoints).filePath(QStringLiteral("last.pt"));
    const QString bestPath = QDir(checkpoints).filePath(QStringLiteral("best.pt"));

    outcome.monitoredMetric
        = config.earlyStoppingMetric.isEmpty() ? QStringLiteral("val_loss") : config.earlyStoppingMetric;
    const bool higher = TrainingConfig::higherIsBetter(outcome.monitoredMetric);
    double best = higher ? -INFINITY : INFINITY;
    int badEpochs = 0;
    int startEpoch = 0;
    GradScaler scaler(config.precision == PrecisionKind::Float16);

    if (lead)
        removeInterruptedWrites(checkpoints);
    // A run killed before its first epoch ended has no last.pt: it resumes from the start, which
    // with the same seed is the run it would have been.
    if (m_options.resume && !QFileInfo::exists(lastPath)) {
        feedback.info(QStringLiteral("No epoch of this run was complete: starting again from epoch 1"));
    } else if (m_options.resume) {
        const QJsonObject state = CheckpointFile::load(lastPath, *net, optimizer.get(), true);
        startEpoch = state.value(QStringLiteral("epoch")).toInt();
        best = state.value(QStringLiteral("best")).toDouble(best);
        badEpochs = state.value(QStringLiteral("badEpochs")).toInt();
        scaler.restore(state.value(QStringLiteral("gradScaler")).toObject());
        outcome.bestEpoch = state.value(QStringLiteral("bestEpoch")).toInt();
        for (const QJsonValue &v : state.value(QStringLiteral("history")).toArray())
            outcome.history.push_back(EpochRecordJson::fromJson(v.toObject()));
        outcome.bestDetails = state.value(QStringLiteral("bestDetails")).toObject();
        if (!outcome.history.empty() && outcome.bestEpoch > 0)
            outcome.bestMetrics = outcome.history.at(std::size_t(outcome.bestEpoch - 1)).metrics;
        feedback.info(QStringLiteral("Resuming after epoch %1 of %2").arg(startEpoch).arg(config.epochs));
        if (m_options.historyChanged)
            m_options.historyChanged(outcome.history);
        if (events)
            for (EpochRecord record : outcome.history) {
                record.replayed = true;
                events->announceEpoch(record);
            }
    }
    outcome.epochsCompleted = startEpoch;
    outcome.bestValue = best;

    BatchLoaderOptions trainLoading;
    trainLoading.batchSize = config.batchSize;
    trainLoading.shuffle = true;
    trainLoading.augment = true;
    trainLoading.seed = config.seed;
    if (device.is_cuda())
        trainLoading.prepare = &BatchTensors::stageInPinnedMemory;
    if (distributed) {
        trainLoading.shardRank = m_options.processGroup->rank();
        trainLoading.shardCount = m_options.processGroup->size();
        requireTheSameStart(*m_options.processGroup, startEpoch, m_options.runDirectory);
    }
    // One batch of one example breaks batch norm; drop such a tail.
    // Across N ranks the tail is cut in N slices: no slice may be a single example.
    const std::size_t ranks = distributed ? std::size_t(m_options.processGroup->size()) : 1;
    const std::size_t tail = data.train->size() % std::size_t(std::max(1, config.batchSize));
    trainLoading.dropLast = tail > 0 && tail < 2 * ranks;
    if (distributed && std::size_t(config.batchSize) < 2 * ranks)
        throw DataError(
            QString(),
            QStringLiteral("a batch of %1 over %2 processes leaves slices of one example, which batch "
                           "norm cannot train on: use a batch of at least %3")
                .arg(config.batchSize)
                .arg(ranks)
                .arg(2 * ranks));
    const std::size_t batchesPerEpoch = BatchLoader::batchCount(data.train->size(), trainLoading);
    const LearningRateSchedule schedule(config, int(batchesPerEpoch));
    BatchStep batchStep(*net, data, config, classWeights, device, m_options.processGroup);

    QElapsedTimer clock;
    clock.start();
    double secondsPerBatch = 0.0;
    QElapsedTimer sinceBatchEvent; // invalid until the first batch: that one is always reported
    QElapsedTimer sinceSnapshot;
    sinceSnapshot.start();
    const QString livePath = QDir(checkpoints).filePath(QStringLiteral("live.pt"));
    std::int64_t batchesDone = 0;

    for (int epoch = startEpoch; epoch < config.epochs; ++epoch) {
        if (!distributed)
            feedback.checkpoint();
        QElapsedTimer epochClock;
        epochClock.start();
        trainLoading.epoch = epoch;
        BatchLoader loader(*data.train, trainLoading);
        net->train();
        double lossSum = 0.0;
        std::size_t seen = 0;
        SampleBatch batch;
        for (int b = 0; loader.next(batch); ++b) {
            // One process pauses and cancels here; the ranks of a job all stop at the same batch.
            if (!distributed)
                feedback.checkpoint();
            const double lr = schedule.at(epoch, b);
            OptimizerFactory::setLearningRate(*optimizer, lr);
            optimizer->zero_grad();
            const BatchStep::Result step
                = batchStep.run(batch, distributed && feedback.isCanceled(), scaler.scale());
            if (step.canceled)
                throw JobCanceled();
            const double value = step.loss;
            if (!std::isfinite(value)) {
                outcome.stop = TrainingOutcome::Stop::NonFiniteLoss;
                outcome.message
                    = QStringLiteral("training stopped: the loss became %1 at epoch %2, batch %3. The best "
                                     "checkpoint (epoch %4) is kept. Lower the learning rate, clip "
                                     "gradients, or check the inputs for extreme values%5.")
                          .arg(std::isnan(value) ? QStringLiteral("NaN") : QStringLiteral("infinite"))
                          .arg(epoch + 1)
                          .arg(b + 1)
                          .arg(outcome.bestEpoch)
                          .arg(config.precision == PrecisionKind::Float16
                                   ? QStringLiteral("; in float16, activations above 65504 overflow: "
                                                    "train in bf16 or fp32")
                                   : QString());
                feedback.error(outcome.message);
                return outcome;
            }
            // float16: gradients that overflowed at this loss scale skip the step (every rank holds
            // the same summed gradients, so every rank skips it).
            const bool finiteGradients = scaler.unscale(net->parameters());
            scaler.update(finiteGradients);
            if (finiteGradients) {
                if (config.gradientClipNorm > 0.0)
                    torch::nn::utils::clip_grad_norm_(net->parameters(), config.gradientClipNorm);
                optimizer->step();
            }

            lossSum += value * double(step.examples);
            seen += step.examples;
            ++batchesDone;
            secondsPerBatch = double(clock.elapsed()) / 1000.0 / double(batchesDone);
            const std::int64_t remaining = std::int64_t(batchesPerEpoch) * (config.epochs - epoch) - (b + 1);
            BatchProgress progress;
            progress.epoch = epoch + 1;
            progress.epochs = config.epochs;
            progress.batch = b + 1;
            progress.batches = int(loader.batchCount());
            progress.loss = value;
            progress.learningRate = lr;
            progress.samplesPerSecond = double(seen) / std::max(1e-9, double(epochClock.elapsed()) / 1000.0);
            progress.etaSeconds = secondsPerBatch * double(std::max<std::int64_t>(0, remaining));
            if (lead && m_options.liveSnapshotSeconds > 0.0 && b + 1 != progress.batches
                && sinceSnapshot.hasExpired(qint64(m_options.liveSnapshotSeconds * 1000.0))) {
                const QJsonObject snapshot { { QStringLiteral("epoch"), epoch },
                                             { QStringLiteral("batch"), b + 1 },
                                             { QStringLiteral("monitoredMetric"), outcome.monitoredMetric } };
                CheckpointFile::save(livePath, *net, nullptr, snapshot);
                sinceSnapshot.start();
                if (events)
                    events->announceSnapshot(QStringLiteral("live.pt"), epoch + 1, b + 1);
            }
            // Throttled: a small model runs hundreds of batches a second, more than any plot needs.
            const bool lastOfEpoch = b + 1 == progress.batches;
            if (events
                && (lastOfEpoch || !sinceBatchEvent.isValid()
                    || sinceBatchEvent.hasExpired(m_options.batchEventIntervalMs))) {
                events->announceBatch(progress);
                sinceBatchEvent.start();
            }
            feedback.setProgress(100.0 * (double(epoch) + double(b + 1) / double(batchesPerEpoch))
                                 / config.epochs);
        }
        const double trainSeconds = double(epochClock.elapsed()) / 1000.0;
        // Every rank evaluates its shard of the validation examples, with rank 0's batch-norm
        // statistics, and every rank gets the metrics of all of them.
        batchStep.shareLeadBuffers();
        const EvaluationPass::Result validation
            = EvaluationPass::run(*net, data, ValidationAccumulator::Side::Validation, config, classWeights,
                                  device, feedback, distributed ? m_options.processGroup.get() : nullptr);
        // Checked on every rank, each holding the metrics: all stop together.
        QMap<QString, double> available = validation.metrics;
        available.insert(QStringLiteral("train_loss"), 0.0);
        if (!available.contains(outcome.monitoredMetric))
            throw DataError(
                QString(),
                QStringLiteral("early-stopping metric \"%1\" is not computed for this task (available: %2)")
                    .arg(outcome.monitoredMetric, available.keys().join(QStringLiteral(", "))));
        if (!lead) {
            // Rank 0 keeps the history and the checkpoints and decides whether training goes on.
            if (epochDecision(*m_options.processGroup, false, feedback))
                break;
            outcome.epochsCompleted = epoch + 1;
            continue;
        }

        EpochRecord record;
        record.epoch = epoch + 1;
        record.trainLoss = seen ? lossSum / double(seen) : 0.0;
        record.metrics = validation.metrics;
        record.validationLoss = record.metrics.value(QStringLiteral("val_loss"));
        record.learningRate = schedule.at(epoch, int(batchesPerEpoch) - 1);
        record.seconds = double(epochClock.elapsed()) / 1000.0;
        record.samplesPerSecond = double(seen) / std::max(1e-9, trainSeconds);
        record.dataWaitShare = loader.waitedSeconds() / std::max(1e-9, trainSeconds);
        record.metrics.insert(QStringLiteral("train_loss"), record.trainLoss);
        record.details = validation.details;

        const double monitored = record.metrics.value(outcome.monitoredMetric, std::nan(""));
        record.improved = std::isfinite(monitored) && (higher ? monitored > best : monitored < best);
        outcome.history.push_back(record);
        outcome.epochsCompleted = epoch + 1;

        if (record.improved) {
            best = monitored;
            badEpochs = 0;
            outcome.bestEpoch = epoch + 1;
            outcome.bestMetrics = record.metrics;
            outcome.bestDetails = record.details;
        } else {
            ++badEpochs;
        }
        outcome.bestValue = best;

        QJsonArray history;
        for (const EpochRecord &r : outcome.history)
            history.append(EpochRecordJson::toJson(r));
        QJsonObject state { { QStringLiteral("epoch"), epoch + 1 },
                            { QStringLiteral("best"), best },
                            { QStringLiteral("bestEpoch"), outcome.bestEpoch },
                            { QStringLiteral("badEpochs"), badEpochs },
                            { QStringLiteral("monitoredMetric"), outcome.monitoredMetric },
                            { QStringLiteral("history"), history },
                            { QStringLiteral("bestDetails"), outcome.bestDetails } };
        if (scaler.enabled())
            state.insert(QStringLiteral("gradScaler"), scaler.toJson());
        if (record.improved)
            CheckpointFile::save(bestPath, *net, optimizer.get(), state);
        CheckpointFile::save(lastPath, *net, optimizer.get(), state);
        if (m_options.historyChanged)
            m_options.historyChanged(outcome.history);
        if (events) {
            events->announceEpoch(record);
            events->announceSnapshot(QStringLiteral("last.pt"), epoch + 1, int(batchesPerEpoch));
        }
        sinceSnapshot.start();

        const bool stopEarly = config.earlyStoppingPatience > 0 && badEpochs >= config.earlyStoppingPatience;
        if (distributed)
            epochDecision(*m_options.processGroup, stopEarly, feedback);
        if (stopEarly) {
            outcome.stop = TrainingOutcome::Stop::EarlyStopped;
            outcome.message
                = QStringLiteral(
                      "early stopping after epoch %1: %2 did not improve for %3 epochs (best %4 at epoch %5)")
                      .arg(epoch + 1)
                      .arg(outcome.monitoredMetric)
                      .arg(badEpochs)
                      .arg(best)
                      .arg(outcome.bestEpoch);
            feedback.info(outcome.message);
            break;
        }
    }
    if (scaler.skippedSteps() > 0)
        feedback.info(QStringLiteral("float16: %1 batches overflowed at their loss scale and were not "
                                     "stepped on (the loss scale is now %2)")
                          .arg(scaler.skippedSteps())
                          .arg(scaler.scale()));
    outcome.finalWeightsDigest = model.weightsDigest();
    if (data.test && data.test->size() > 0)
        evaluateTest(*net, data, config, bestPath, classWeights, device, batchStep,
                     distributed ? m_options.processGroup.get() : nullptr, lead, feedback, outcome);
    feedback.setProgress(100.0);
    return outcome;
}

} // namespace deepterra
