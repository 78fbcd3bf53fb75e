#include "clirun.h"
#include "testdata.h"

#include "geodata/rasterdataset.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

// deepterra-cli predict / forecast as a user runs them, on runs trained with the CLI itself.
class TestCliPredict : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void predictWritesTheMaps();
    void predictRefusesBadInput();
    void predictWritesTheUncertainty();
    void forecastWritesTheCsv();
    void exportedModelsGiveTheRunsResults();
    void foreignCardIsOneClearLine();

private:
    using Result = deepterra::test::CliResult;
    Result run(const QStringList &arguments);
    QTemporaryDir m_dir;
};

TestCliPredict::Result TestCliPredict::run(const QStringList &arguments)
{
    return deepterra::test::runCli(m_dir.path(), arguments);
}

void TestCliPredict::initTestCase()
{
    const Result init = run(
        { QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
          QStringLiteral("segmentation"), QStringLiteral("--image"),
          deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
          QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
          QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
          QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"), QStringLiteral("--epochs"),
          QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("seg") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    const Result initCo2
        = run({ QStringLiteral("init"), QStringLiteral("co2.deepterra"), QStringLiteral("--task"),
                QStringLiteral("forecasting"), QStringLiteral("--series"),
                deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
                QStringLiteral("--target"), QStringLiteral("co2"), QStringLiteral("--lookback"),
                QStringLiteral("26"), QStringLiteral("--horizon"), QStringLiteral("4"),
                QStringLiteral("--epochs"), QStringLiteral("1") });
    QVERIFY2(initCo2.exitCode == 0, qPrintable(initCo2.err));
    const Result trainCo2
        = run({ QStringLiteral("train"), QStringLiteral("co2.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("co2") });
    QVERIFY2(trainCo2.exitCode == 0, qPrintable(trainCo2.err));
}

void TestCliPredict::predictWritesTheMaps()
{
    const Result r = run({ QStringLiteral("predict"),
                           QStringLiteral("seg"),
                           QStringLiteral("--input"),
                           deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")),
                           QStringLiteral("--output"),
                           QStringLiteral("map.tif"),
                           QStringLiteral("--probabilities"),
                           QStringLiteral("p.tif"),
                           QStringLiteral("--confidence"),
                           QStringLiteral("c.tif"),
                           QStringLiteral("--confidence-kind"),
                           QStringLiteral("entropy"),
                           QStringLiteral("--tile"),
                           QStringLiteral("128"),
                           QStringLiteral("--overlap"),
                           QStringLiteral("32"),
                           QStringLiteral("--batch"),
                           QStringLiteral("4"),
                           QStringLiteral("--threads"),
                           QStringLiteral("2") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("Wrote map.tif")));
    QVERIFY(r.err.contains(QStringLiteral("tiles of 128 pixels, overlap 32")));
    // stderr is a pipe here: progress comes as a line per tenth, without carriage returns.
    QVERIFY2(r.err.contains(QStringLiteral("\n50 %\n")) && r.err.contains(QStringLiteral("\n100 %\n")),
             qPrintable(r.err));
    QVERIFY(!r.err.contains(QLatin1Char('\r')));
    for (const char *file : { "map.tif", "p.tif", "c.tif" })
        QVERIFY2(QFile::exists(m_dir.filePath(QLatin1String(file))), file);
    QVERIFY(QDir(m_dir.path()).entryList({ QStringLiteral("*.partial") }).isEmpty());
}

void TestCliPredict::predictRefusesBadInput()
{
    const Result usage = run({ QStringLiteral("predict"), QStringLiteral("seg") });
    QCOMPARE(usage.exitCode, 2);
    const Result missing
        = run({ QStringLiteral("predict"), QStringLiteral("seg"), QStringLiteral("--input"),
                QStringLiteral("nowhere.tif"), QStringLiteral("--output"), QStringLiteral("x.tif") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("nowhere.tif")), qPrintable(missing.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.tif"))));
    const Result wrongTask
        = run({ QStringLiteral("predict"), QStringLiteral("co2"), QStringLiteral("--input"),
                deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"),
                QStringLiteral("y.tif") });
    QCOMPARE(wrongTask.exitCode, 1);
    QVERIFY2(wrongTask.err.contains(QStringLiteral("not a raster model")), qPrintable(wrongTask.err));
    // A GPU this machine does not have: one clear line before anything is written.
    const Result gpu
        = run({ QStringLiteral("predict"), QStringLiteral("seg"), QStringLiteral("--input"),
                deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"),
                QStringLiteral("gpu.tif"), QStringLiteral("--device"), QStringLiteral("cuda:7") });
    QCOMPARE(gpu.exitCode, 1);
    QVERIFY2(gpu.err.contains(QStringLiteral("\"cuda:7\" was requested")), qPrintable(gpu.err));
    QCOMPARE(gpu.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("gpu.tif"))));
}

void TestCliPredict::predictWritesTheUncertainty()
{
    const QString image = deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const auto predict = [&](const QString &model, const QString &method, const QString &name) {
        return run({ QStringLiteral("predict"), model, QStringLiteral("--input"), image,
                     QStringLiteral("--output"), name + QStringLiteral(".tif"),
                     QStringLiteral("--uncertainty"), method, QStringLiteral("--threads"),
                     QStringLiteral("2") });
    };
    // Test-time augmentation works with any model: the demo run's U-Net has no dropout.
    const Result tta = predict(QStringLiteral("seg"), QStringLiteral("tta"), QStringLiteral("tta-map"));
    QVERIFY2(tta.exitCode == 0, qPrintable(tta.err));
    QVERIFY2(tta.err.contains(QStringLiteral("Uncertainty by tta: 8 network passes per tile")),
             qPrintable(tta.err));
    QVERIFY2(tta.out.contains(QStringLiteral("Wrote tta-map-uncertainty.tif (uncertainty by tta)")),
             qPrintable(tta.out));
    const deepterra::RasterDataset bands
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("tta-map-uncertainty.tif")));
    QCOMPARE(bands.bandCount(), 3);
    QCOMPARE(bands.width(), deepterra::RasterDataset::open(image).width());

    // Monte Carlo dropout on it would repeat one pass: refused, naming the run, before anything is written.
    const Result refused
        = predict(QStringLiteral("seg"), QStringLiteral("mc-dropout:5"), QStringLiteral("mc-refused"));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("seg"))
                 && refused.err.contains(QStringLiteral("no dropout")),
             qPrintable(refused.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("mc-refused.tif"))));

    const Result typo = predict(QStringLiteral("seg"), QStringLiteral("dropout"), QStringLiteral("typo"));
    QCOMPARE(typo.exitCode, 2);
    QVERIFY2(typo.err.contains(QStringLiteral("mc-dropout:N or tta")), qPrintable(typo.err));

    // unet-medium has bottleneck dropout.
    const Result init
        = run(deepterra::test::olindaSegmentationInit(QStringLiteral("dropout.deepterra"), image)
              + QStringList { QStringLiteral("--model"), QStringLiteral("unet-medium"),
                              QStringLiteral("--patch"), QStringLiteral("32"), QStringLiteral("--stride"),
                              QStringLiteral("32"), QStringLiteral("--epochs"), QStringLiteral("1"),
                              QStringLiteral("--batch"), QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("dropout.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("seg-dropout") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    const Result mc
        = run({ QStringLiteral("predict"), QStringLiteral("seg-dropout"), QStringLiteral("--input"), image,
                QStringLiteral("--output"), QStringLiteral("mc-map.tif"), QStringLiteral("--uncertainty"),
                QStringLiteral("mc-dropout:4"), QStringLiteral("--uncertainty-output"),
                QStringLiteral("mc-bands.tif"), QStringLiteral("--threads"), QStringLiteral("2") });
    QVERIFY2(mc.exitCode == 0, qPrintable(mc.err));
    QVERIFY2(mc.err.contains(QStringLiteral("Uncertainty by mc-dropout:4: 4 network passes per tile")),
             qPrintable(mc.err));
    const deepterra::RasterDataset mcBands
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("mc-bands.tif")));
    QCOMPARE(mcBands.bandCount(), 3);
    QCOMPARE(mcBands.info().bands[1].description, QStringLiteral("mutual information"));
}

void TestCliPredict::forecastWritesTheCsv()
{
    const Result r = run({ QStringLiteral("forecast"), QStringLiteral("co2"), QStringLiteral("--series"),
                           deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
                           QStringLiteral("--output"), QStringLiteral("f.csv") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile csv(m_dir.filePath(QStringLiteral("f.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 5); // header + 4 horizons
    QCOMPARE(lines.front(), QByteArray("time,origin,horizon,column,value,observed"));
    const Result rolling
        = run({ QStringLiteral("forecast"), QStringLiteral("co2"), QStringLiteral("--series"),
                deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
                QStringLiteral("--output"), QStringLiteral("r.csv"), QStringLiteral("--rolling") });
    QVERIFY2(rolling.exitCode == 0, qPrintable(rolling.err));
    QFile all(m_dir.filePath(QStringLiteral("r.csv")));
    QVERIFY(all.open(QIODevice::ReadOnly));
    QVERIFY(all.readAll().count('\n') > 1000);
    const Result wrongTask
        = run({ QStringLiteral("forecast"), QStringLiteral("seg"), QStringLiteral("--series"),
                deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
                QStringLiteral("--output"), QStringLiteral("g.csv") });
    QCOMPARE(wrongTask.exitCode, 1);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("g.csv"))));
}

// export, then predict and forecast with the .pt and its card: the run's map and forecast.
void TestCliPredict::exportedModelsGiveTheRunsResults()
{
    for (const char *runFolder : { "seg", "co2" }) {
        for (const auto &[format, suffix] :
             { std::pair { "torchscript", ".pt" }, std::pair { "card", ".json" } }) {
            const Result r
                = run({ QStringLiteral("export"), QLatin1String(runFolder), QStringLiteral("--format"),
                        QLatin1String(format), QStringLiteral("--output"),
                        QLatin1String(runFolder) + QLatin1String(suffix) });
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
    }
    const QString image = deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const QStringList options { QStringLiteral("--input"),   image,
                                QStringLiteral("--tile"),    QStringLiteral("128"),
                                QStringLiteral("--overlap"), QStringLiteral("32"),
                                QStringLiteral("--threads"), QStringLiteral("2") };
    const Result fromRun = run(QStringList { QStringLiteral("predict"), QStringLiteral("seg"),
                                             QStringLiteral("--output"), QStringLiteral("run-map.tif"),
                                             QStringLiteral("--probabilities"), QStringLiteral("run-p.tif") }
                               + options);
    QVERIFY2(fromRun.exitCode == 0, qPrintable(fromRun.err));
    const Result fromExport = run(
        QStringList { QStringLiteral("predict"), QStringLiteral("seg.pt"), QStringLiteral("--card"),
                      QStringLiteral("seg.json"), QStringLiteral("--output"), QStringLiteral("pt-map.tif"),
                      QStringLiteral("--probabilities"), QStringLiteral("pt-p.tif") }
        + options);
    QVERIFY2(fromExport.exitCode == 0, qPrintable(fromExport.err));
    QVERIFY(fromExport.out.contains(QStringLiteral("Wrote pt-map.tif")));

    const QRect all(0, 0, 349, 352); // gdalinfo L7_ETMs.tif: Size is 349, 352
    const deepterra::RasterBuffer mapRun
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("run-map.tif"))).readWindow(all);
    const deepterra::RasterBuffer mapExport
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("pt-map.tif"))).readWindow(all);
    QCOMPARE(mapExport.values.size(), mapRun.values.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < mapRun.values.size(); ++i)
        differ += mapRun.valid[i] != mapExport.valid[i] || mapRun.values[i] != mapExport.values[i] ? 1 : 0;
    QCOMPARE(differ, std::size_t(0));
    const deepterra::RasterDataset pRun
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("run-p.tif")));
    const deepterra::RasterDataset pExport
        = deepterra::RasterDataset::open(m_dir.filePath(QStringLiteral("pt-p.tif")));
    QCOMPARE(pExport.bandCount(), pRun.bandCount());
    const deepterra::RasterBuffer a = pRun.readWindow(all);
    const deepterra::RasterBuffer b = pExport.readWindow(all);
    double largest = 0.0;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        largest = std::max(largest, std::abs(double(a.values[i]) - double(b.values[i])));
    QVERIFY2(largest <= 1e-5, qPrintable(QString::number(largest)));

    // The forecaster, with the card inside the .pt: the same CSV, digit for digit.
    const QString series = deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    const Result forecastRun
        = run({ QStringLiteral("forecast"), QStringLiteral("co2"), QStringLiteral("--series"), series,
                QStringLiteral("--output"), QStringLiteral("run-f.csv"), QStringLiteral("--rolling") });
    QVERIFY2(forecastRun.exitCode == 0, qPrintable(forecastRun.err));
    const Result forecastExport
        = run({ QStringLiteral("forecast"), QStringLiteral("co2.pt"), QStringLiteral("--series"), series,
                QStringLiteral("--output"), QStringLiteral("pt-f.csv"), QStringLiteral("--rolling") });
    QVERIFY2(forecastExport.exitCode == 0, qPrintable(forecastExport.err));
    QFile runCsv(m_dir.filePath(QStringLiteral("run-f.csv")));
    QFile exportCsv(m_dir.filePath(QStringLiteral("pt-f.csv")));
    QVERIFY(runCsv.open(QIODevice::ReadOnly) && exportCsv.open(QIODevice::ReadOnly));
    const QByteArray expected = runCsv.readAll();
    QVERIFY(expected.count('\n') > 1000);
    QCOMPARE(exportCsv.readAll(), expected);
}

void TestCliPredict::foreignCardIsOneClearLine()
{
    // Needs the exports of exportedModelsGiveTheRunsResults.
    QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("co2.json"))));
    const Result foreign
        = run({ QStringLiteral("predict"), QStringLiteral("seg.pt"), QStringLiteral("--card"),
                QStringLiteral("co2.json"), QStringLiteral("--input"),
                deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"),
                QStringLiteral("foreign.tif") });
    QCOMPARE(foreign.exitCode, 1);
    QCOMPARE(foreign.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY2(foreign.err.startsWith(
                 QStringLiteral("deepterra-cli: co2.json: describes another model than seg.pt")),
             qPrintable(foreign.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("foreign.tif"))));

    const Result cardWithRun
        = run({ QStringLiteral("forecast"), QStringLiteral("co2"), QStringLiteral("--card"),
                QStringLiteral("co2.json"), QStringLiteral("--series"),
                deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
                QStringLiteral("--output"), QStringLiteral("h.csv") });
    QCOMPARE(cardWithRun.exitCode, 1);
    QVERIFY2(cardWithRun.err.contains(QStringLiteral("--card goes with an exported model")),
             qPrintable(cardWithRun.err));

    const Result onnx
        = run({ QStringLiteral("export"), QStringLiteral("seg"), QStringLiteral("--format"),
                QStringLiteral("onnx"), QStringLiteral("--output"), QStringLiteral("seg.onnx") });
    QVERIFY2(onnx.exitCode == 0, qPrintable(onnx.err));
    const Result predictOnnx
        = run({ QStringLiteral("predict"), QStringLiteral("seg.onnx"), QStringLiteral("--input"),
                deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"),
                QStringLiteral("onnx.tif") });
    QCOMPARE(predictOnnx.exitCode, 1);
    QVERIFY2(predictOnnx.err.contains(QStringLiteral("seg.onnx: is an ONNX model")),
             qPrintable(predictOnnx.err));
}

QTEST_GUILESS_MAIN(TestCliPredict)
#include "testclipredict.moc"
