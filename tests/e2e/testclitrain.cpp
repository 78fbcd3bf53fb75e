#include "clirun.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

// deepterra-cli model / init / train as a user runs them.
class TestCliTrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelPrintsTheLayerTable();
    void initThenTrainWritesARunFolder();
    void resumeContinuesTheRun();
    void foldsTrainOneRunPerFold();
    void cudaWithoutGpuIsOneClearLine();
    void precisionIsChosenOnTheCommandLine();
    void forecastingSummaryNamesEveryBaseline();
    void testSplitIsHeldOutAndReportedApart();
    void initRefusesBadInput();

private:
    using Result = deepterra::test::CliResult;
    Result run(const QStringList &arguments);
    QTemporaryDir m_dir;
};

TestCliTrain::Result TestCliTrain::run(const QStringList &arguments)
{
    return deepterra::test::runCli(m_dir.path(), arguments);
}

void TestCliTrain::modelPrintsTheLayerTable()
{
    const Result lstm
        = run({ QStringLiteral("model"), QStringLiteral("--preset"), QStringLiteral("seed-lstm") });
    QCOMPARE(lstm.exitCode, 0);
    QVERIFY2(lstm.out.contains(QStringLiteral("Total parameters: 51,451")), qPrintable(lstm.out));
    QVERIFY(lstm.out.contains(QStringLiteral("(1, 100, 50)")));
    const Result unet
        = run({ QStringLiteral("model"), QStringLiteral("--preset"), QStringLiteral("unet-small"),
                QStringLiteral("--input"), QStringLiteral("6x32x32") });
    QCOMPARE(unet.exitCode, 0);
    QVERIFY(unet.out.contains(QStringLiteral("(1, 4, 32, 32)")));
    const Result bad = run({ QStringLiteral("model"), QStringLiteral("--preset"), QStringLiteral("resnet") });
    QCOMPARE(bad.exitCode, 1);
    QVERIFY(bad.err.contains(QStringLiteral("unknown preset \"resnet\"")));
}

void TestCliTrain::initThenTrainWritesARunFolder()
{
    const Result init = run(
        { QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
          QStringLiteral("segmentation"), QStringLiteral("--image"),
          deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
          QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
          QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
          QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"), QStringLiteral("--epochs"),
          QStringLiteral("2"), QStringLiteral("--batch"), QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    QFile project(m_dir.filePath(QStringLiteral("olinda.deepterra")));
    QVERIFY(project.open(QIODevice::ReadOnly));
    // The best epoch is picked as in the app's set-up forms: by the task's metric.
    QCOMPARE(QJsonDocument::fromJson(project.readAll())
                 .object()
                 .value(QStringLiteral("training"))
                 .toObject()
                 .value(QStringLiteral("earlyStopping"))
                 .toObject()
                 .value(QStringLiteral("metric"))
                 .toString(),
             QStringLiteral("val_mean_iou"));

    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("run1") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    QVERIFY2(train.err.contains(QStringLiteral("epoch 2  train_loss")), qPrintable(train.err));
    QVERIFY(train.out.contains(QStringLiteral("Run folder:")));
    for (const char *file : { "config.json", "history.csv", "metrics.json", "training.log",
                              "checkpoints/best.pt", "checkpoints/last.pt" })
        QVERIFY2(QFile::exists(m_dir.filePath(QStringLiteral("run1/") + QLatin1String(file))), file);
    QFile metrics(m_dir.filePath(QStringLiteral("run1/metrics.json")));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(metrics.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("epochsCompleted")).toInt(), 2);
    QVERIFY(json.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("val_mean_iou")));
}

void TestCliTrain::resumeContinuesTheRun()
{
    QVERIFY2(QFile::exists(m_dir.filePath(QStringLiteral("run1/checkpoints/last.pt"))),
             "needs the run of the test before");
    const Result resumed = run({ QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("run1"),
                                 QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--threads"),
                                 QStringLiteral("2") });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY(resumed.err.contains(QStringLiteral("Resuming after epoch 2 of 3")));
    QVERIFY(resumed.err.contains(QStringLiteral("epoch 3  train_loss")));
    QVERIFY(!resumed.err.contains(QStringLiteral("epoch 1  train_loss")));
    QFile history(m_dir.filePath(QStringLiteral("run1/history.csv")));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QCOMPARE(history.readAll().trimmed().split('\n').size(), 4);
}

void TestCliTrain::foldsTrainOneRunPerFold()
{
    const Result cv = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                            QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--epochs"),
                            QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("2"),
                            QStringLiteral("--out"), QStringLiteral("cv") });
    QVERIFY2(cv.exitCode == 0, qPrintable(cv.err));
    QVERIFY2(cv.out.contains(QStringLiteral("Cross-validation, 3 folds (spatial blocks)")),
             qPrintable(cv.out));
    QFile file(m_dir.filePath(QStringLiteral("cv/folds.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject folds = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(folds.value(QStringLiteral("complete")).toBool());
    const QJsonArray perFold = folds.value(QStringLiteral("perFold")).toArray();
    QCOMPARE(perFold.size(), 3);
    double sum = 0;
    for (int f = 0; f < 3; ++f) {
        const QString run = m_dir.filePath(QStringLiteral("cv/fold-%1").arg(f + 1));
        QVERIFY(QFile::exists(run + QStringLiteral("/metrics.json")));
        QFile config(run + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject split = QJsonDocument::fromJson(config.readAll())
                                      .object()
                                      .value(QStringLiteral("setup"))
                                      .toObject()
                                      .value(QStringLiteral("task"))
                                      .toObject()
                                      .value(QStringLiteral("split"))
                                      .toObject();
        QCOMPARE(split.value(QStringLiteral("folds")).toInt(), 3);
        QCOMPARE(split.value(QStringLiteral("fold")).toInt(), f);
        sum += perFold[f]
                   .toObject()
                   .value(QStringLiteral("validation"))
                   .toObject()
                   .value(QStringLiteral("val_mean_iou"))
                   .toDouble();
    }
    const QJsonObject iou = folds.value(QStringLiteral("validation"))
                                .toObject()
                                .value(QStringLiteral("val_mean_iou"))
                                .toObject();
    QVERIFY(std::abs(iou.value(QStringLiteral("mean")).toDouble() - sum / 3.0) < 1e-12);
    QVERIFY(iou.value(QStringLiteral("std")).isDouble());
    // The three folds validate different blocks: their scores differ.
    QVERIFY(perFold[0].toObject().value(QStringLiteral("validation"))
            != perFold[1].toObject().value(QStringLiteral("validation")));

    const Result one = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                             QStringLiteral("--folds"), QStringLiteral("1") });
    QCOMPARE(one.exitCode, 2);
    QVERIFY(one.err.contains(QStringLiteral("--folds takes an integer of at least 2")));
}

void TestCliTrain::cudaWithoutGpuIsOneClearLine()
{
    const Result r = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                           QStringLiteral("--device"), QStringLiteral("cuda"), QStringLiteral("--epochs"),
                           QStringLiteral("1"), QStringLiteral("--out"), QStringLiteral("run-cuda") });
    if (r.exitCode == 0)
        QSKIP("this machine has a CUDA GPU: training on it succeeded");
    QCOMPARE(r.exitCode, 1);
    // Said before any data is read, as the set-up form says it.
    QVERIFY2(r.err.contains(QStringLiteral("training.device: No CUDA GPU can be used here")),
             qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("run-cuda"))));
}

void TestCliTrain::precisionIsChosenOnTheCommandLine()
{
    const Result unknown = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                                 QStringLiteral("--precision"), QStringLiteral("fp8") });
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("--precision takes fp32, bf16, fp16")),
             qPrintable(unknown.err));

    if (!deepterra::TorchRuntime::cudaAvailable()) {
        const Result half = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                                  QStringLiteral("--precision"), QStringLiteral("fp16"),
                                  QStringLiteral("--out"), QStringLiteral("run-fp16") });
        QCOMPARE(half.exitCode, 1);
        QVERIFY2(half.err.contains(QStringLiteral("training.precision: Mixed float16 needs a CUDA GPU")),
                 qPrintable(half.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("run-fp16"))));
    }

    const Result mixed = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                               QStringLiteral("--precision"), QStringLiteral("bf16"),
                               QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--threads"),
                               QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("run-bf16") });
    // The same machine and LibTorch as the CLI's: where its oneDNN computes wrong, bfloat16 is refused.
    if (!deepterra::OneDnnCheck::bfloat16Problem().isEmpty()) {
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY2(mixed.err.contains(
                     QStringLiteral("training.precision: Mixed bfloat16 on the CPU needs LibTorch's oneDNN")),
                 qPrintable(mixed.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("run-bf16"))));
        QSKIP(qPrintable(deepterra::OneDnnCheck::finding()));
    }
    QVERIFY2(mixed.exitCode == 0, qPrintable(mixed.err));
    QFile config(m_dir.filePath(QStringLiteral("run-bf16/config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    // The run records the precision it trained in.
    QCOMPARE(QJsonDocument::fromJson(config.readAll())
                 .object()
                 .value(QStringLiteral("setup"))
                 .toObject()
                 .value(QStringLiteral("training"))
                 .toObject()
                 .value(QStringLiteral("precision"))
                 .toString(),
             QStringLiteral("bf16"));
}

void TestCliTrain::forecastingSummaryNamesEveryBaseline()
{
    const Result init = run(
        { QStringLiteral("init"), QStringLiteral("co2.deepterra"), QStringLiteral("--task"),
          QStringLiteral("forecasting"), QStringLiteral("--series"),
          deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")), QStringLiteral("--target"),
          QStringLiteral("co2"), QStringLiteral("--lookback"), QStringLiteral("26"),
          QStringLiteral("--horizon"), QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("1"),
          QStringLiteral("--batch"), QStringLiteral("64"), QStringLiteral("--seed"), QStringLiteral("3") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("co2.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("co2-run") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    // The epoch line carries the new skills, the summary every baseline with its season or order.
    QVERIFY2(train.err.contains(QStringLiteral("val_skill_autoregressive")), qPrintable(train.err));
    QVERIFY2(train.err.contains(QStringLiteral("Seasonal naive baseline: the value 52 steps earlier")),
             qPrintable(train.err));
    const QRegularExpression summary(QStringLiteral(
        "co2: RMSE [0-9.e+-]+ over [0-9]+ values; skill vs persistence [0-9.e+-]+, climatology "
        "[0-9.e+-]+, seasonal naive \\(52 steps\\) [0-9.e+-]+, AR\\(([0-9]+)\\) [0-9.e+-]+\\n"));
    const QRegularExpressionMatch match = summary.match(train.out);
    QVERIFY2(match.hasMatch(), qPrintable(train.out));

    QFile metrics(m_dir.filePath(QStringLiteral("co2-run/metrics.json")));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QJsonObject co2 = QJsonDocument::fromJson(metrics.readAll())
                                .object()
                                .value(QStringLiteral("details"))
                                .toObject()
                                .value(QStringLiteral("forecast"))
                                .toObject()
                                .value(QStringLiteral("co2"))
                                .toObject();
    // The order printed is the order fitted.
    QCOMPARE(
        match.captured(1).toInt(),
        co2.value(QStringLiteral("autoregressiveModel")).toObject().value(QStringLiteral("order")).toInt());
    QVERIFY(co2.value(QStringLiteral("skillVsAutoregressive")).isDouble());
    QVERIFY(co2.value(QStringLiteral("skillVsSeasonalNaive")).isDouble());
}

void TestCliTrain::testSplitIsHeldOutAndReportedApart()
{
    const QString image = deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const Result init
        = run(deepterra::test::olindaSegmentationInit(QStringLiteral("olinda-test.deepterra"), image)
              + QStringList { QStringLiteral("--patch"), QStringLiteral("32"), QStringLiteral("--stride"),
                              QStringLiteral("16"), QStringLiteral("--test"), QStringLiteral("0.2"),
                              QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"),
                              QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    QFile project(m_dir.filePath(QStringLiteral("olinda-test.deepterra")));
    QVERIFY(project.open(QIODevice::ReadOnly));
    const QJsonObject split = QJsonDocument::fromJson(project.readAll())
                                  .object()
                                  .value(QStringLiteral("task"))
                                  .toObject()
                                  .value(QStringLiteral("split"))
                                  .toObject();
    QCOMPARE(split.value(QStringLiteral("testFraction")).toDouble(), 0.2);

    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("olinda-test.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("run-test") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    QVERIFY2(train.err.contains(QStringLiteral("test patches held out")), qPrintable(train.err));
    QVERIFY2(train.out.contains(QStringLiteral("Test split (held out, never seen while training")),
             qPrintable(train.out));
    QVERIFY(train.out.contains(QStringLiteral("test_mean_iou")));
    QFile metrics(m_dir.filePath(QStringLiteral("run-test/metrics.json")));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(metrics.readAll()).object();
    const QJsonObject test = json.value(QStringLiteral("test")).toObject();
    QVERIFY(test.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test_mean_iou")));
    QVERIFY(test.value(QStringLiteral("details")).toObject().contains(QStringLiteral("classification")));
    QVERIFY(!json.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test_mean_iou")));

    // A test share that leaves nothing to train on is refused before anything is written.
    const Result tooMuch
        = run(deepterra::test::olindaSegmentationInit(QStringLiteral("olinda-much.deepterra"), image)
              + QStringList { QStringLiteral("--validation"), QStringLiteral("0.5"), QStringLiteral("--test"),
                              QStringLiteral("0.45") });
    QCOMPARE(tooMuch.exitCode, 1);
    QVERIFY2(tooMuch.err.contains(QStringLiteral("testFraction"))
                 || tooMuch.err.contains(QStringLiteral("test share")),
             qPrintable(tooMuch.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("olinda-much.deepterra"))));
}

void TestCliTrain::initRefusesBadInput()
{
    const Result noImage = run({ QStringLiteral("init"), QStringLiteral("x.deepterra"),
                                 QStringLiteral("--task"), QStringLiteral("segmentation") });
    QCOMPARE(noImage.exitCode, 2);
    QVERIFY(noImage.err.contains(QStringLiteral("needs --image")));
    const Result missing
        = run({ QStringLiteral("init"), QStringLiteral("y.deepterra"), QStringLiteral("--task"),
                QStringLiteral("forecasting"), QStringLiteral("--series"), QStringLiteral("nowhere.csv") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("nowhere.csv: file not found")), qPrintable(missing.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("y.deepterra"))));
    const Result exists
        = run({ QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
                QStringLiteral("segmentation"), QStringLiteral("--image"), QStringLiteral("a.tif") });
    QCOMPARE(exists.exitCode, 2);
    QVERIFY(exists.err.contains(QStringLiteral("use --force")));
    const Result wrongMetric
        = run({ QStringLiteral("init"), QStringLiteral("m.deepterra"), QStringLiteral("--task"),
                QStringLiteral("segmentation"), QStringLiteral("--image"),
                deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
                QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
                QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--monitor"),
                QStringLiteral("val_rmse"), QStringLiteral("--patience"), QStringLiteral("3") });
    QCOMPARE(wrongMetric.exitCode, 1);
    QVERIFY2(wrongMetric.err.contains(QStringLiteral("\"val_rmse\" is not measured for segmentation")),
             qPrintable(wrongMetric.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("m.deepterra"))));
    const Result badTask = run({ QStringLiteral("init"), QStringLiteral("z.deepterra"),
                                 QStringLiteral("--task"), QStringLiteral("clustering") });
    QCOMPARE(badTask.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliTrain)
#include "testclitrain.moc"
