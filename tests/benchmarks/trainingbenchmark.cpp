// Training throughput of Deepterra's engine for the reference architectures: samples per second
// and the share of step time spent waiting for batches. Run it through
// scripts/benchmark-training.sh, which runs the PyTorch reference (reference_training.py) with the
// same models, batch sizes and threads in the same session and prints both.
//
//   trainingbenchmark [--threads N] [--steps N] [--json] [--ranks R] [--only MODEL] [--device D]
//
// --ranks R: data-parallel training in R processes of this program (each --threads threads), met
// through c10d on the loopback interface as `deepterra-cli train --nproc R` meets them; rank 0
// prints the whole job's samples per second.

#include "distributed/distributedsettings.h"
#include "distributed/processgroup.h"
#include "jobs/feedback.h"
#include "models/modelpresets.h"
#include "runtime/memorypolicy.h"
#include "runtime/torchruntime.h"
#include "training/trainer.h"
#include "training/trainingdata.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>
#include <numeric>
#include <random>

using namespace deepterra;

namespace {

// Random examples of a fixed shape, copied on the loader thread from a pool made in advance, as
// real patches are copied out of the raster stack that the data builder holds in memory (the
// reference, too, trains on tensors already in memory). Drawing millions of normal numbers per
// batch on the loader thread would measure the random generator, not the trainer.
class RandomExamples : public SampleDataset
{
public:
    RandomExamples(std::vector<std::int64_t> input, std::vector<std::int64_t> target, bool classes,
                   int classCount, std::size_t count)
        : m_input(std::move(input))
        , m_target(std::move(target))
        , m_classes(classes)
        , m_classCount(classCount)
        , m_count(count)
    {
        m_pool.resize(std::min<std::size_t>(count, 32));
        for (std::size_t i = 0; i < m_pool.size(); ++i)
            generate(i, m_pool[i]);
    }
    std::size_t size() const override { return m_count; }
    std::vector<std::int64_t> inputShape() const override { return m_input; }
    std::vector<std::int64_t> targetShape() const override { return m_target; }
    void sample(std::size_t index, Sample &out, std::mt19937_64 *) const override
    {
        out = m_pool[index % m_pool.size()];
    }

private:
    void generate(std::size_t index, Sample &out) const
    {
        std::mt19937_64 rng(index);
        std::normal_distribution<float> normal;
        const auto n = std::accumulate(m_input.begin(), m_input.end(), std::int64_t(1), std::multiplies<>());
        out.input.resize(std::size_t(n));
        for (float &v : out.input)
            v = normal(rng);
        const auto t
            = std::accumulate(m_target.begin(), m_target.end(), std::int64_t(1), std::multiplies<>());
        if (m_classes) {
            out.classes.resize(std::size_t(t));
            for (std::int64_t &c : out.classes)
                c = std::int64_t(rng() % std::uint64_t(m_classCount));
        } else {
            out.target.resize(std::size_t(t));
            for (float &v : out.target)
                v = normal(rng);
        }
    }

    std::vector<std::int64_t> m_input, m_target;
    bool m_classes;
    int m_classCount;
    std::size_t m_count;
    std::vector<Sample> m_pool;
};

struct Case
{
    const char *name;
    const char *preset;
    TaskKind task;
    std::vector<std::int64_t> input;
    std::vector<std::int64_t> target;
    int classes;
    int batch;
    LossKind loss;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    int threads = 0, steps = 20, ranks = 1;
    QString only;
    QString device = QStringLiteral("cpu");
    bool json = false;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--threads") && i + 1 < args.size())
            threads = args[++i].toInt();
        else if (args[i] == QLatin1String("--steps") && i + 1 < args.size())
            steps = args[++i].toInt();
        else if (args[i] == QLatin1String("--json"))
            json = true;
        else if (args[i] == QLatin1String("--ranks") && i + 1 < args.size())
            ranks = args[++i].toInt();
        else if (args[i] == QLatin1String("--only") && i + 1 < args.size())
            only = args[++i];
        else if (args[i] == QLatin1String("--device") && i + 1 < args.size())
            device = args[++i];
    }
    std::shared_ptr<ProcessGroup> group;
    const DistributedSettings settings = DistributedSettings::fromEnvironment();
    if (settings.isDistributed()) {
        group = ProcessGroup::connect(settings);
    } else if (ranks > 1) {
        // The launcher: the ranks are processes of this program, on a port of the loopback interface.
        DistributedSettings job;
        job.worldSize = ranks;
        job.masterPort = 29500 + int(QCoreApplication::applicationPid() % 10000);
        std::vector<std::unique_ptr<QProcess>> workers;
        for (int rank = 0; rank < ranks; ++rank) {
            auto worker = std::make_unique<QProcess>();
            worker->setProcessEnvironment(
                job.workerEnvironment(QProcessEnvironment::systemEnvironment(), rank));
            worker->setProcessChannelMode(rank == 0 ? QProcess::ForwardedChannels
                                                    : QProcess::ForwardedErrorChannel);
            QStringList arguments = args.mid(1);
            worker->start(QCoreApplication::applicationFilePath(), arguments);
            workers.push_back(std::move(worker));
        }
        int failed = 0;
        for (auto &worker : workers) {
            worker->waitForFinished(-1);
            failed += worker->exitStatus() != QProcess::NormalExit || worker->exitCode() != 0;
        }
        return failed ? 1 : 0;
    }
    // As the deepterra and deepterra-cli mains do.
    MemoryPolicy::reuseFreedMemory();
    TorchRuntime::setIntraOpThreads(threads);

    const std::vector<Case> cases {
        { "seed-cnn",
          "seed-cnn",
          TaskKind::PatchClassification,
          { 3, 224, 224 },
          {},
          10,
          16,
          LossKind::CrossEntropy },
        { "unet-small",
          "unet-small",
          TaskKind::Segmentation,
          { 6, 64, 64 },
          { 64, 64 },
          4,
          16,
          LossKind::CrossEntropy },
        { "seed-lstm", "seed-lstm", TaskKind::Forecasting, { 100, 1 }, { 1, 1 }, 0, 64, LossKind::Mse },
    };
    QJsonArray results;
    QTextStream out(stdout);
    for (const Case &c : cases) {
        if (!only.isEmpty() && only != QLatin1String(c.name))
            continue;
        auto data = std::make_shared<TrainingData>();
        data->task = c.task;
        const bool classes = c.classes > 0;
        // One warm-up epoch of 2 steps is not timed: the first epoch record is skipped below.
        const std::size_t examples = std::size_t(c.batch) * std::size_t(steps);
        data->train = std::make_shared<RandomExamples>(c.input, c.target, classes, c.classes, examples);
        data->validation
            = std::make_shared<RandomExamples>(c.input, c.target, classes, c.classes, std::size_t(c.batch));
        data->inputChannels = QStringList(int(c.input.front()), QStringLiteral("band"));
        if (classes) {
            std::vector<int> values(std::size_t(c.classes));
            std::iota(values.begin(), values.end(), 0);
            data->classes = ClassTable::fromValues(values);
        }
        data->patchSize = c.input.size() == 3 ? int(c.input[1]) : 0;
        data->targetColumns = { QStringLiteral("y") };
        data->targetNormalizer
            = Normalizer::fit(NormalizationKind::MeanStd, { QStringLiteral("y") }, { { 0.0f, 1.0f } });
        data->climatology = { ClimatologyBaseline() };
        data->forecastWindow = [](std::size_t) {
            ForecastWindow w;
            w.targetTimes = { QDateTime::currentDateTimeUtc() };
            w.lastObserved = { 0.0 };
            return w;
        };

        TrainerOptions options;
        options.model = *ModelPresets::find(QString::fromLatin1(c.preset));
        options.config.epochs = 2;
        options.config.batchSize = c.batch;
        options.config.loss = c.loss;
        options.config.threads = threads;
        options.config.device = device;
        options.processGroup = group;
        QTemporaryDir dir;
        options.runDirectory = dir.path();
        Feedback feedback;
        const TrainingOutcome outcome = Trainer(data, options).run(feedback);
        if (group && !group->isLead())
            continue; // rank 0 reports the job's throughput
        const EpochRecord &timed = outcome.history.back(); // epoch 2: warm caches and allocator
        results.append(
            QJsonObject { { QStringLiteral("model"), QString::fromLatin1(c.name) },
                          { QStringLiteral("batch"), c.batch },
                          { QStringLiteral("samplesPerSecond"), timed.samplesPerSecond },
                          // Same seed and data on every device: scripts/gpu-check.sh compares them.
                          { QStringLiteral("firstEpochLoss"), outcome.history.front().trainLoss },
                          { QStringLiteral("dataWaitShare"), timed.dataWaitShare } });
        if (!json)
            out << QStringLiteral("%1  batch %2  %3 samples/s  data wait %4 %\n")
                       .arg(QString::fromLatin1(c.name).leftJustified(11))
                       .arg(c.batch, 3)
                       .arg(timed.samplesPerSecond, 9, 'f', 1)
                       .arg(100.0 * timed.dataWaitShare, 5, 'f', 2)
                << Qt::flush;
    }
    if (group && !group->isLead())
        return 0;
    if (json)
        out << QJsonDocument(QJsonObject { { QStringLiteral("threads"), TorchRuntime::intraOpThreads() },
                                           { QStringLiteral("ranks"), group ? group->size() : 1 },
                                           { QStringLiteral("device"), device },
                                           { QStringLiteral("results"), results } })
                   .toJson(QJsonDocument::Compact)
            << "\n";
    return 0;
}
