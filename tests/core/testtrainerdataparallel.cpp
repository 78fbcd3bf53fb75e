#include "common/dataerror.h"
#include "distributed/processgroup.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "models/model.h"
#include "models/private/modelprivate.h"
#include "toysegmentation.h"
#include "training/private/checkpointfile.h"
#include "training/private/evaluationpass.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <exception>
#include <thread>

using namespace deepterra;
using namespace deepterra::test;

// Issue 19, data-parallel training: ranks of a job (threads of this process here, each its own
// Trainer and process group; TestCliTrainParallel runs real processes) train on their slices of
// every batch. With the same global batch and seed they end with the weights one process gets,
// within float tolerance, for class-weighted cross-entropy over sparse labels; a cancel on one rank
// stops all at the same batch.
class TestTrainerDataParallel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ranksEndWithOneProcessesWeights_data();
    void ranksEndWithOneProcessesWeights();
    void validationShardsUseTheLeadsStatistics();
    void theTestSplitIsShardedWithTheBestWeights();
    void aShardThatFailsStopsEveryRank();
    void aCancelOnOneRankStopsEveryRank();
    void onlyTheLeadWritesTheRun();

private:
    struct RankRun
    {
        TrainingOutcome outcome;
        std::exception_ptr error;
    };
    // Trains `ranks` ranks on threads into `folder`; `setUp(rank, feedback)` may arm a cancel.
    std::vector<RankRun> trainRanks(int ranks, const QString &folder, int epochs,
                                    const std::function<void(int, Feedback &)> &setUp = {},
                                    bool batchNorm = false, std::shared_ptr<TrainingData> data = nullptr);
};

namespace {

// No batch norm (each rank would normalise its own slice) and no dropout (each rank draws its own
// masks): then nothing but the summation order tells the ranks from one process.
TrainerOptions exactOptions(const QString &folder, int epochs, bool batchNorm = false)
{
    TrainerOptions options = toyOptions(folder, epochs);
    UNetSpec unet;
    unet.depth = 2;
    unet.baseFilters = 8;
    unet.batchNorm = batchNorm;
    options.model = ModelSpec(unet, QStringLiteral("toy-unet-plain"));
    options.config.classWeighted = true;
    options.config.threads = 1;
    options.batchEventIntervalMs = 50;
    return options;
}

std::vector<torch::Tensor> weightsOf(const QString &folder, const ModelSpec &spec)
{
    Model model = Model::createForWeights(spec);
    CheckpointFile::load(QDir(folder).filePath(QStringLiteral("checkpoints/last.pt")),
                         *model.privateData().network, nullptr, false);
    return model.privateData().network->parameters();
}

} // namespace

void TestTrainerDataParallel::initTestCase()
{
    if (!ProcessGroup::isAvailable())
        QSKIP("built without Gloo (libgloo-dev)");
}

std::vector<TestTrainerDataParallel::RankRun>
TestTrainerDataParallel::trainRanks(int ranks, const QString &folder, int epochs,
                                    const std::function<void(int, Feedback &)> &setUp, bool batchNorm,
                                    std::shared_ptr<TrainingData> data)
{
    const auto groups = ProcessGroup::connectInProcess(ranks, 60);
    if (!data)
        data = toyData();
    std::vector<RankRun> runs(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int rank = 0; rank < ranks; ++rank)
        threads.emplace_back([&, rank] {
            TrainerOptions options = exactOptions(folder, epochs, batchNorm);
            options.processGroup = groups[std::size_t(rank)];
            Feedback feedback;
            if (setUp)
                setUp(rank, feedback);
            try {
                runs[std::size_t(rank)].outcome = Trainer(data, options).run(feedback);
            } catch (...) {
                runs[std::size_t(rank)].error = std::current_exception();
            }
        });
    for (std::thread &thread : threads)
        thread.join();
    return runs;
}

void TestTrainerDataParallel::ranksEndWithOneProcessesWeights_data()
{
    QTest::addColumn<int>("ranks");
    QTest::newRow("2 ranks, batches of 8 in 4 + 4") << 2;
    QTest::newRow("3 ranks, batches of 8 in 2 + 3 + 3") << 3;
}

void TestTrainerDataParallel::ranksEndWithOneProcessesWeights()
{
    QFETCH(int, ranks);
    QTemporaryDir one, job;
    Feedback feedback;
    const TrainingOutcome alone = Trainer(toyData(), exactOptions(one.path(), 2)).run(feedback);
    const std::vector<RankRun> runs = trainRanks(ranks, job.path(), 2);
    for (const RankRun &run : runs)
        if (run.error)
            std::rethrow_exception(run.error);

    // Every rank holds the same weights: the digest is of the final model state.
    for (const RankRun &run : runs)
        QCOMPARE(run.outcome.finalWeightsDigest, runs[0].outcome.finalWeightsDigest);
    const ModelSpec spec = runs[0].outcome.model;
    const std::vector<torch::Tensor> a = weightsOf(one.path(), spec);
    const std::vector<torch::Tensor> b = weightsOf(job.path(), spec);
    QCOMPARE(a.size(), b.size());
    double largest = 0.0;
    double changed = 0.0;
    const std::vector<torch::Tensor> initial
        = Model::create(spec, exactOptions(one.path(), 2).config.seed).privateData().network->parameters();
    for (std::size_t i = 0; i < a.size(); ++i) {
        largest = std::max(largest, (a[i] - b[i]).abs().max().item<double>());
        changed = std::max(changed, (a[i] - initial[i]).abs().max().item<double>());
    }
    // Two epochs of Adam moved the weights by far more than the ranks and one process differ.
    qInfo("largest difference %g, largest change %g", largest, changed);
    QVERIFY2(largest < 1e-4, qPrintable(QString::number(largest)));
    QVERIFY2(changed > 1e-2, qPrintable(QString::number(changed)));

    // The lead's history is the whole batches': the same losses and validation as one process,
    // the validation metrics merged from every rank's shard of the 16 examples.
    const TrainingOutcome &lead = runs[0].outcome;
    QCOMPARE(lead.history.size(), alone.history.size());
    for (std::size_t e = 0; e < alone.history.size(); ++e) {
        QVERIFY(std::abs(lead.history[e].trainLoss - alone.history[e].trainLoss) < 1e-5);
        QCOMPARE(lead.history[e].metrics.keys(), alone.history[e].metrics.keys());
        for (const QString &metric : alone.history[e].metrics.keys())
            QVERIFY2(std::abs(lead.history[e].metrics.value(metric) - alone.history[e].metrics.value(metric))
                         < 1e-5,
                     qPrintable(metric));
        QCOMPARE(lead.history[e].details.value(QStringLiteral("validationExamples")).toInt(), 16);
        QCOMPARE(lead.history[e].details.value(QStringLiteral("classification")),
                 alone.history[e].details.value(QStringLiteral("classification")));
    }
    QVERIFY(runs[1].outcome.history.empty());
}

void TestTrainerDataParallel::validationShardsUseTheLeadsStatistics()
{
    // With batch norm each rank's running statistics follow its own slices; the ranks evaluate
    // their validation shards with the lead's, which last.pt keeps: the lead's figures are those of
    // the checkpoint evaluated by one process.
    QTemporaryDir job;
    const std::vector<RankRun> runs = trainRanks(2, job.path(), 1, {}, true);
    for (const RankRun &run : runs)
        if (run.error)
            std::rethrow_exception(run.error);
    const TrainingOutcome &lead = runs[0].outcome;
    QCOMPARE(lead.history.size(), std::size_t(1));

    Model model = Model::createForWeights(lead.model);
    NetworkImpl &network = *model.privateData().network;
    CheckpointFile::load(QDir(job.path()).filePath(QStringLiteral("checkpoints/last.pt")), network, nullptr,
                         false);
    const std::shared_ptr<TrainingData> data = toyData();
    Feedback feedback;
    const TrainerOptions options = exactOptions(job.path(), 1, true);
    const torch::Tensor classWeights = torch::tensor({ 0.75f, 1.5f });
    const EvaluationPass::Result alone
        = EvaluationPass::run(network, *data, ValidationAccumulator::Side::Validation, options.config,
                              classWeights, torch::kCPU, feedback);
    for (const QString &metric : alone.metrics.keys())
        QVERIFY2(std::abs(lead.history[0].metrics.value(metric) - alone.metrics.value(metric)) < 1e-6,
                 qPrintable(QStringLiteral("%1: %2 against %3")
                                .arg(metric)
                                .arg(lead.history[0].metrics.value(metric))
                                .arg(alone.metrics.value(metric))));
}

namespace {

// Labels the other way round: the better a model learns the toy, the worse its validation loss, so
// that the best epoch is the first and the last weights are not the best.
class InvertedToy : public ToySegmentation
{
public:
    using ToySegmentation::ToySegmentation;
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override
    {
        ToySegmentation::sample(index, out, augment);
        for (std::int64_t &label : out.classes)
            if (label >= 0)
                label = 1 - label;
    }
};

// A validation example that cannot be read (a damaged block of the raster).
class DamagedToy : public ToySegmentation
{
public:
    using ToySegmentation::ToySegmentation;
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override
    {
        if (index == 5)
            throw DataError(QStringLiteral("toy.tif"), QStringLiteral("block 5 is damaged"));
        ToySegmentation::sample(index, out, augment);
    }
};

} // namespace

void TestTrainerDataParallel::theTestSplitIsShardedWithTheBestWeights()
{
    // Rank 0 reads best.pt (epoch 1) and shares its weights; the ranks evaluate their shards of the
    // 13 test examples (7 and 6 of batches of 8 and 5): the figures of one process evaluating them
    // all with the best weights, not with the last.
    auto data = toyData();
    data->validation = std::make_shared<InvertedToy>(16, 2);
    data->test = std::make_shared<ToySegmentation>(13, 3);
    QTemporaryDir one, job;
    Feedback feedback;
    const TrainingOutcome alone = Trainer(data, exactOptions(one.path(), 3, true)).run(feedback);
    QCOMPARE(alone.bestEpoch, 1);
    // Both monitor val_loss (the configuration's default).
    const std::vector<RankRun> runs = trainRanks(2, job.path(), 3, {}, true, data);
    for (const RankRun &run : runs)
        if (run.error)
            std::rethrow_exception(run.error);
    const TrainingOutcome &lead = runs[0].outcome;
    QCOMPARE(lead.bestEpoch, 1);
    QVERIFY(!alone.testMetrics.isEmpty());
    QCOMPARE(lead.testDetails.value(QStringLiteral("validationExamples")).toInt(), 13);
    QVERIFY(runs[1].outcome.testMetrics.isEmpty());

    // The reference: the job's best.pt evaluated by one process.
    Model model = Model::createForWeights(lead.model);
    NetworkImpl &network = *model.privateData().network;
    CheckpointFile::load(QDir(job.path()).filePath(QStringLiteral("checkpoints/best.pt")), network, nullptr,
                         false);
    const torch::Tensor classWeights = torch::tensor({ 0.75f, 1.5f });
    const EvaluationPass::Result reference
        = EvaluationPass::run(network, *data, ValidationAccumulator::Side::Test,
                              exactOptions(job.path(), 3, true).config, classWeights, torch::kCPU, feedback);
    QCOMPARE(lead.testMetrics.keys(), reference.metrics.keys());
    for (const QString &metric : reference.metrics.keys())
        QVERIFY2(std::abs(lead.testMetrics.value(metric) - reference.metrics.value(metric)) < 1e-6,
                 qPrintable(metric));
}

void TestTrainerDataParallel::aShardThatFailsStopsEveryRank()
{
    // Example 5 is in rank 1's slice (4-7) of the first validation batch: rank 1 reports the
    // damage, rank 0 stops at once with it rather than waiting for rank 1 until the timeout.
    auto data = toyData();
    data->validation = std::make_shared<DamagedToy>(16, 2);
    QTemporaryDir job;
    const std::vector<RankRun> runs = trainRanks(2, job.path(), 2, {}, false, data);
    QStringList causes;
    for (const RankRun &run : runs) {
        QVERIFY(run.error);
        try {
            std::rethrow_exception(run.error);
        } catch (const DataError &e) {
            causes << e.cause();
        }
    }
    QCOMPARE(causes.size(), 2);
    QVERIFY2(causes[0].contains(QStringLiteral("another process of the training job failed")),
             qPrintable(causes[0]));
    QCOMPARE(causes[1], QStringLiteral("block 5 is damaged"));
}

void TestTrainerDataParallel::aCancelOnOneRankStopsEveryRank()
{
    QTemporaryDir job;
    const std::vector<RankRun> runs = trainRanks(2, job.path(), 50, [](int rank, Feedback &feedback) {
        if (rank != 1)
            return;
        auto batches = std::make_shared<int>(0);
        // Rank 1 is asked to stop during its second epoch, as Ctrl+C or SIGTERM would.
        QObject::connect(
            &feedback, &Feedback::progressChanged, &feedback,
            [&feedback, batches](double) {
                if (++*batches == 9)
                    feedback.cancel();
            },
            Qt::DirectConnection);
    });
    for (const RankRun &run : runs) {
        QVERIFY(run.error);
        try {
            std::rethrow_exception(run.error);
        } catch (const JobCanceled &) {
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
    }
    // The lead had finished one epoch and kept it.
    QVERIFY(QFileInfo::exists(QDir(job.path()).filePath(QStringLiteral("checkpoints/last.pt"))));
}

void TestTrainerDataParallel::onlyTheLeadWritesTheRun()
{
    QTemporaryDir lead, other;
    const auto groups = ProcessGroup::connectInProcess(2, 60);
    const std::shared_ptr<TrainingData> data = toyData();
    std::exception_ptr errors[2];
    std::thread ranks[2];
    for (int rank = 0; rank < 2; ++rank)
        ranks[rank] = std::thread([&, rank] {
            // Each rank its own folder here, to see who writes: a job shares one.
            TrainerOptions options = exactOptions(rank == 0 ? lead.path() : other.path(), 1);
            options.processGroup = groups[std::size_t(rank)];
            Feedback feedback;
            try {
                Trainer(data, options).run(feedback);
            } catch (...) {
                errors[rank] = std::current_exception();
            }
        });
    for (std::thread &rank : ranks)
        rank.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);
    QVERIFY(QFileInfo::exists(QDir(lead.path()).filePath(QStringLiteral("checkpoints/last.pt"))));
    QVERIFY(QFileInfo::exists(QDir(lead.path()).filePath(QStringLiteral("checkpoints/best.pt"))));
    QVERIFY(QDir(other.path()).entryList({ QStringLiteral("*.pt") }, QDir::Files).isEmpty());
    QVERIFY(QDir(QDir(other.path()).filePath(QStringLiteral("checkpoints")))
                .entryList({ QStringLiteral("*.pt") }, QDir::Files)
                .isEmpty());
}

QTEST_GUILESS_MAIN(TestTrainerDataParallel)
#include "testtrainerdataparallel.moc"
