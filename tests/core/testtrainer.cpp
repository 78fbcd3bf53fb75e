#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "models/model.h"
#include "models/modelpresets.h"
#include "models/private/modelprivate.h"
#include "runtime/onednncheck.h"
#include "toysegmentation.h"
#include "training/private/checkpointfile.h"
#include "training/trainer.h"
#include "training/trainingdata.h"
#include "training/trainingevents.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <thread>

using namespace deepterra;

using namespace deepterra::test;

class TestTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void learnsToySegmentation();
    void resUNetLearnsToySegmentation();
    void sameSeedGivesIdenticalWeightsAndHistory();
    void modelsBuiltBesideTrainingDoNotChangeIt();
    void resumeEqualsAnUninterruptedRun();
    void batchEventsAreThrottled();
    void resumeReplaysEarlierEpochs();
    void cancelTakesEffectWithinOneBatch();
    void nonFiniteLossStopsAndKeepsTheBestCheckpoint();
    void earlyStoppingStopsAfterPatience();
    void modelFamilyMustFitTheTask();
    void cudaRequestWithoutGpuIsAClearError();
    void bfloat16MixedPrecisionLearns();
    void float16OnTheCpuIsAClearError();
};

void TestTrainer::learnsToySegmentation()
{
    QTemporaryDir dir;
    Trainer trainer(toyData(), toyOptions(dir.path(), 6));
    Feedback feedback;
    TrainingEvents events;
    QSignalSpy epochs(&events, &TrainingEvents::epochFinished);
    QSignalSpy batches(&events, &TrainingEvents::batchFinished);
    const TrainingOutcome outcome = trainer.run(feedback, &events);
    QCOMPARE(outcome.stop, TrainingOutcome::Stop::Completed);
    QCOMPARE(outcome.epochsCompleted, 6);
    QCOMPARE(epochs.count(), 6);
    QCOMPARE(batches.count(), 6 * 6); // 48 examples in batches of 8
    QCOMPARE(int(outcome.history.size()), 6);
    QVERIFY2(outcome.history.back().trainLoss < outcome.history.front().trainLoss,
             qPrintable(QStringLiteral("%1 -> %2")
                            .arg(outcome.history.front().trainLoss)
                            .arg(outcome.history.back().trainLoss)));
    const double iou = outcome.bestMetrics.value(QStringLiteral("val_mean_iou"));
    QVERIFY2(iou > 0.7, qPrintable(QStringLiteral("mean IoU %1").arg(iou)));
    // The model as trained got the data's channels and classes.
    QCOMPARE(outcome.model.as<UNetSpec>().inputChannels, 2);
    QCOMPARE(outcome.model.as<UNetSpec>().classes, 2);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("checkpoints/best.pt"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("checkpoints/last.pt"))));
    QVERIFY(outcome.bestDetails.contains(QStringLiteral("classification")));
    QVERIFY(outcome.history.back().dataWaitShare >= 0.0);
}

// The ResUNet trains through the same generic module: a few seeded epochs lower the loss, and the
// trainer fits its channels and classes to the data.
void TestTrainer::resUNetLearnsToySegmentation()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 4);
    ResUNetSpec resunet;
    resunet.depth = 2;
    resunet.baseFilters = 8;
    resunet.blocksPerLevel = 1;
    options.model = ModelSpec(resunet, QStringLiteral("toy-resunet"));
    Feedback feedback;
    const TrainingOutcome outcome = Trainer(toyData(), options).run(feedback);
    QCOMPARE(outcome.stop, TrainingOutcome::Stop::Completed);
    QCOMPARE(int(outcome.history.size()), 4);
    QVERIFY2(outcome.history.back().trainLoss < 0.9 * outcome.history.front().trainLoss,
             qPrintable(QStringLiteral("%1 -> %2")
                            .arg(outcome.history.front().trainLoss)
                            .arg(outcome.history.back().trainLoss)));
    QVERIFY(outcome.history.back().validationLoss < outcome.history.front().validationLoss);
    QCOMPARE(outcome.model.kind(), ModelKind::ResUNet);
    QCOMPARE(outcome.model.as<ResUNetSpec>().inputChannels, 2);
    QCOMPARE(outcome.model.as<ResUNetSpec>().classes, 2);
    // Seeded: the same run again gives the same weights.
    QTemporaryDir again;
    options.runDirectory = again.path();
    QCOMPARE(Trainer(toyData(), options).run(feedback).finalWeightsDigest, outcome.finalWeightsDigest);

    // A patch that depth 3 does not divide is refused before training, naming the family.
    resunet.depth = 3;
    auto data = toyData();
    data->patchSize = 20;
    try {
        Trainer::fitSpecToData(ModelSpec(resunet), *data);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().contains(QStringLiteral("not a multiple of 2^3, as a ResUNet of depth 3 needs")),
                 qPrintable(e.cause()));
    }
}

void TestTrainer::sameSeedGivesIdenticalWeightsAndHistory()
{
    QTemporaryDir a, b;
    Feedback feedback;
    const TrainingOutcome first = Trainer(toyData(), toyOptions(a.path(), 2)).run(feedback);
    const TrainingOutcome second = Trainer(toyData(), toyOptions(b.path(), 2)).run(feedback);
    QCOMPARE(first.finalWeightsDigest, second.finalWeightsDigest);
    for (std::size_t i = 0; i < first.history.size(); ++i) {
        QCOMPARE(first.history[i].trainLoss, second.history[i].trainLoss);
        QCOMPARE(first.history[i].validationLoss, second.history[i].validationLoss);
    }
    TrainerOptions otherSeed = toyOptions(b.path(), 2);
    otherSeed.config.seed = 12;
    QVERIFY(Trainer(toyData(), otherSeed).run(feedback).finalWeightsDigest != first.finalWeightsDigest);
}

// The app builds models while a run trains (live previews load its checkpoints, the set-up form
// builds layer tables): their initial draws must not reach the run's dropout.
void TestTrainer::modelsBuiltBesideTrainingDoNotChangeIt()
{
    QTemporaryDir a, b;
    Feedback feedback;
    TrainerOptions alone = toyOptions(a.path(), 2);
    UNetSpec unet;
    unet.depth = 2;
    unet.baseFilters = 8;
    unet.dropout = 0.3;
    alone.model = ModelSpec(unet, QStringLiteral("toy-unet-dropout"));
    const TrainingOutcome reference = Trainer(toyData(), alone).run(feedback);

    TrainerOptions beside = alone;
    beside.runDirectory = b.path();
    std::atomic<bool> training { true };
    std::atomic<int> built { 0 };
    std::thread builder([&] {
        const ModelSpec other = *ModelPresets::find(QStringLiteral("unet-small"));
        while (training) {
            Model::createForWeights(other);
            ++built;
        }
    });
    const TrainingOutcome outcome = Trainer(toyData(), beside).run(feedback);
    training = false;
    builder.join();
    QVERIFY2(built > 5, qPrintable(QString::number(built)));
    QCOMPARE(outcome.finalWeightsDigest, reference.finalWeightsDigest);
}

void TestTrainer::resumeEqualsAnUninterruptedRun()
{
    QTemporaryDir straight, interrupted;
    Feedback feedback;
    const TrainingOutcome reference = Trainer(toyData(), toyOptions(straight.path(), 4)).run(feedback);

    // Cancel as soon as epoch 2 is done: the checkpoint of epoch 2 is the last one written.
    {
        Feedback cancelling;
        TrainingEvents events;
        connect(
            &events, &TrainingEvents::epochFinished, &events,
            [&cancelling](const EpochRecord &r) {
                if (r.epoch == 2)
                    cancelling.cancel();
            },
            Qt::DirectConnection);
        QVERIFY_THROWS_EXCEPTION(
            JobCanceled, Trainer(toyData(), toyOptions(interrupted.path(), 4)).run(cancelling, &events));
    }
    TrainerOptions resume = toyOptions(interrupted.path(), 4);
    resume.resume = true;
    const TrainingOutcome resumed = Trainer(toyData(), resume).run(feedback);
    QCOMPARE(resumed.epochsCompleted, 4);
    QCOMPARE(int(resumed.history.size()), 4);
    QCOMPARE(resumed.finalWeightsDigest, reference.finalWeightsDigest);
    QCOMPARE(resumed.history.back().validationLoss, reference.history.back().validationLoss);
    QCOMPARE(resumed.bestEpoch, reference.bestEpoch);
}

void TestTrainer::batchEventsAreThrottled()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 3);
    options.batchEventIntervalMs = 3600 * 1000;
    Feedback feedback;
    TrainingEvents events;
    QList<int> reported; // epoch * 100 + batch
    connect(
        &events, &TrainingEvents::batchFinished, &events,
        [&reported](const BatchProgress &p) { reported << p.epoch * 100 + p.batch; }, Qt::DirectConnection);
    Trainer(toyData(), options).run(feedback, &events);
    // The first batch, then only the last batch of each epoch (6 batches an epoch).
    QCOMPARE(reported, (QList<int> { 101, 106, 206, 306 }));
}

void TestTrainer::resumeReplaysEarlierEpochs()
{
    QTemporaryDir dir;
    {
        Feedback cancelling;
        TrainingEvents events;
        connect(
            &events, &TrainingEvents::epochFinished, &events,
            [&cancelling](const EpochRecord &r) {
                if (r.epoch == 2)
                    cancelling.cancel();
            },
            Qt::DirectConnection);
        QVERIFY_THROWS_EXCEPTION(JobCanceled,
                                 Trainer(toyData(), toyOptions(dir.path(), 3)).run(cancelling, &events));
    }
    TrainerOptions resume = toyOptions(dir.path(), 3);
    resume.resume = true;
    Feedback feedback;
    TrainingEvents events;
    QList<EpochRecord> records;
    connect(
        &events, &TrainingEvents::epochFinished, &events, [&records](const EpochRecord &r) { records << r; },
        Qt::DirectConnection);
    const TrainingOutcome outcome = Trainer(toyData(), resume).run(feedback, &events);
    QCOMPARE(records.size(), 3);
    QVERIFY(records.at(0).replayed && records.at(1).replayed && !records.at(2).replayed);
    QCOMPARE(records.at(0).epoch, 1);
    QCOMPARE(records.at(2).epoch, 3);
    QCOMPARE(records.at(1).validationLoss, outcome.history.at(1).validationLoss);
    // Live epochs carry their validation details (the confusion matrix for a class task).
    QVERIFY(records.at(2).details.contains(QStringLiteral("classification")));
}

void TestTrainer::cancelTakesEffectWithinOneBatch()
{
    QTemporaryDir dir;
    Feedback feedback;
    TrainingEvents events;
    int batchesAfterCancel = -1;
    connect(
        &events, &TrainingEvents::batchFinished, &events,
        [&](const BatchProgress &p) {
            if (batchesAfterCancel >= 0)
                ++batchesAfterCancel;
            if (p.epoch == 1 && p.batch == 3) {
                feedback.cancel();
                batchesAfterCancel = 0;
            }
        },
        Qt::DirectConnection);
    QVERIFY_THROWS_EXCEPTION(JobCanceled,
                             Trainer(toyData(), toyOptions(dir.path(), 5)).run(feedback, &events));
    QCOMPARE(batchesAfterCancel, 0);
}

void TestTrainer::nonFiniteLossStopsAndKeepsTheBestCheckpoint()
{
    QTemporaryDir dir;
    std::shared_ptr<ToySegmentation> train;
    auto data = toyData(&train);
    Feedback feedback;
    TrainingEvents events;
    connect(
        &events, &TrainingEvents::epochFinished, &events,
        [&train](const EpochRecord &r) {
            if (r.epoch == 2)
                train->poison = true;
        },
        Qt::DirectConnection);
    QSignalSpy messages(&feedback, &Feedback::messageLogged);
    const TrainingOutcome outcome = Trainer(data, toyOptions(dir.path(), 5)).run(feedback, &events);
    QCOMPARE(outcome.stop, TrainingOutcome::Stop::NonFiniteLoss);
    QVERIFY2(outcome.message.contains(QStringLiteral("NaN at epoch 3, batch 1")),
             qPrintable(outcome.message));
    QCOMPARE(outcome.epochsCompleted, 2);
    QVERIFY(outcome.bestEpoch >= 1);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("checkpoints/best.pt"))));
    QVERIFY(!messages.isEmpty());
}

void TestTrainer::earlyStoppingStopsAfterPatience()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 30);
    options.config.learningRate = 1e-9; // nothing improves after the first epoch
    options.config.earlyStoppingMetric = QStringLiteral("val_mean_iou");
    options.config.earlyStoppingPatience = 2;
    Feedback feedback;
    const TrainingOutcome outcome = Trainer(toyData(), options).run(feedback);
    QCOMPARE(outcome.stop, TrainingOutcome::Stop::EarlyStopped);
    QVERIFY(outcome.epochsCompleted < 30);
    QCOMPARE(outcome.epochsCompleted - outcome.bestEpoch, 2);
}

void TestTrainer::modelFamilyMustFitTheTask()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 1);
    options.model = *ModelPresets::find(QStringLiteral("seed-lstm"));
    Feedback feedback;
    try {
        Trainer(toyData(), options).run(feedback);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().contains(QStringLiteral("a segmentation task needs a unet or resunet model")),
                 qPrintable(e.cause()));
    }
}

void TestTrainer::cudaRequestWithoutGpuIsAClearError()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 1);
    options.config.device = QStringLiteral("cuda:0");
    Feedback feedback;
    try {
        const TrainingOutcome outcome = Trainer(toyData(), options).run(feedback);
        QVERIFY(outcome.device.startsWith(QStringLiteral("cuda"))); // a machine with a GPU trains on it
    } catch (const DataError &e) {
        QVERIFY2(e.cause().contains(QStringLiteral("no CUDA GPU is usable")), qPrintable(e.cause()));
    }
}

void TestTrainer::bfloat16MixedPrecisionLearns()
{
    // The same seeded run in float32 and in mixed bfloat16: the mixed one learns as well, its
    // losses are near but not equal to float32's (bfloat16 keeps 8 bits of mantissa), and it saves
    // float32 weights. Where LibTorch's oneDNN computes wrong, bfloat16 is refused with the reason.
    QTemporaryDir full, mixed;
    Feedback feedback;
    if (!OneDnnCheck::bfloat16Problem().isEmpty()) {
        TrainerOptions options = toyOptions(mixed.path(), 4);
        options.config.precision = PrecisionKind::BFloat16;
        try {
            Trainer(toyData(), options).run(feedback);
            QFAIL("bfloat16 trained where LibTorch's oneDNN computes convolutions wrong");
        } catch (const DataError &e) {
            QCOMPARE(e.cause(), OneDnnCheck::bfloat16Problem());
        }
        QSKIP(qPrintable(OneDnnCheck::finding()));
    }
    const TrainingOutcome reference = Trainer(toyData(), toyOptions(full.path(), 4)).run(feedback);
    TrainerOptions options = toyOptions(mixed.path(), 4);
    options.config.precision = PrecisionKind::BFloat16;
    const TrainingOutcome outcome = Trainer(toyData(), options).run(feedback);
    QCOMPARE(outcome.epochsCompleted, 4);
    const double first = outcome.history.front().trainLoss;
    const double firstReference = reference.history.front().trainLoss;
    qInfo("epoch 1 train loss: bf16 %.6f, fp32 %.6f; best IoU bf16 %.4f, fp32 %.4f", first, firstReference,
          outcome.bestMetrics.value(QStringLiteral("val_mean_iou")),
          reference.bestMetrics.value(QStringLiteral("val_mean_iou")));
    QVERIFY(first != firstReference);
    QVERIFY2(std::abs(first - firstReference) < 0.05 * firstReference, qPrintable(QString::number(first)));
    QVERIFY(outcome.history.back().trainLoss < first);
    QVERIFY(outcome.bestMetrics.value(QStringLiteral("val_mean_iou"))
            > reference.bestMetrics.value(QStringLiteral("val_mean_iou")) - 0.05);
    Model model = Model::createForWeights(outcome.model);
    CheckpointFile::load(mixed.filePath(QStringLiteral("checkpoints/last.pt")), *model.privateData().network,
                         nullptr, false);
    for (const torch::Tensor &parameter : model.privateData().network->parameters())
        QCOMPARE(parameter.scalar_type(), at::kFloat);
}

void TestTrainer::float16OnTheCpuIsAClearError()
{
    QTemporaryDir dir;
    TrainerOptions options = toyOptions(dir.path(), 1);
    options.config.precision = PrecisionKind::Float16;
    Feedback feedback;
    try {
        Trainer(toyData(), options).run(feedback);
        QFAIL("float16 trained on the CPU");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().contains(QStringLiteral("float16 mixed precision needs a CUDA GPU")),
                 qPrintable(e.cause()));
        QVERIFY2(e.cause().contains(QStringLiteral("bf16")), qPrintable(e.cause()));
    }
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "testtrainer.moc"
