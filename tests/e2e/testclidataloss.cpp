#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// The data-loss cases of issue 18 as a user meets them with deepterra-cli: an output that is the
// input or a device is refused before any work (exit 1, one line naming the file, the input
// unchanged), and `info --stats` on a raster declaring 10^6 x 10^6 pixels answers in seconds.
// A full disk during `predict` fails with exit 1 and leaves no output (TestPredictionWriterFailures
// checks the writer's every step without a model).
class TestCliDataLoss : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void predictOutputThatIsTheInputIsRefused_data();
    void predictOutputThatIsTheInputIsRefused();
    void predictOutputOnADeviceIsRefused();
    void hugeRasterStatisticsAreSampled();
    void predictOnAFullDiskFailsAndLeavesNothing();
    void forecastOutputThatIsAnInputIsRefused_data();
    void forecastOutputThatIsAnInputIsRefused();
    void exportOutputThatIsARunFileIsRefused_data();
    void exportOutputThatIsARunFileIsRefused();

private:
    struct Result
    {
        int exitCode = -1; // -1: still running after the time allowed (then killed)
        QString out;
        QString err;
    };
    Result run(const QStringList &arguments, int timeoutMs = 60000);
    QByteArray sceneChecksum() const;
    static QByteArray checksum(const QString &path);
    QTemporaryDir m_dir;
    QString m_scene;
};

TestCliDataLoss::Result TestCliDataLoss::run(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QByteArray TestCliDataLoss::sceneChecksum() const
{
    return checksum(m_scene);
}

QByteArray TestCliDataLoss::checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void TestCliDataLoss::initTestCase()
{
    QVERIFY(m_dir.isValid());
    deepterra::test::RasterSpec spec;
    spec.width = 8;
    spec.height = 8;
    m_scene = deepterra::test::writeRaster(m_dir.filePath(QStringLiteral("scene.tif")), spec,
                                           std::vector<double>(64, 3.0));
    QVERIFY(QFile::exists(m_scene));
    QVERIFY(QFile::link(m_scene, m_dir.filePath(QStringLiteral("link.tif"))));

    // The inputs of forecast and export, which only their paths matter for: the outputs are
    // checked before anything is read. A series, an exported model and its card; a run folder.
    const QList<QPair<QString, QByteArray>> files {
        { QStringLiteral("co2.csv"), "date,co2\n2020-01-01,410.1\n2020-02-01,411.2\n" },
        { QStringLiteral("forecaster.pt"), "an exported model" },
        { QStringLiteral("forecaster.json"), "{}" },
        { QStringLiteral("run/config.json"), "{}" },
        { QStringLiteral("run/metrics.json"), "{}" },
        { QStringLiteral("run/history.csv"), "epoch,train_loss\n1,0.5\n" },
        { QStringLiteral("run/checkpoints/best.pt"), "the best epoch" },
        { QStringLiteral("run/checkpoints/last.pt"), "the last epoch" },
    };
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("run/checkpoints")));
    for (const auto &[name, bytes] : files) {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), qint64(bytes.size()));
    }
}

void TestCliDataLoss::predictOutputThatIsTheInputIsRefused_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("outputs");
    QTest::addColumn<QString>("named");
    const QString absolute = m_dir.filePath(QStringLiteral("scene.tif"));
    QTest::newRow("same name") << "scene.tif" << QStringList { "--output", "scene.tif" } << "scene.tif";
    QTest::newRow("./ against absolute")
        << absolute << QStringList { "--output", "./scene.tif" } << "./scene.tif";
    QTest::newRow("probabilities through a symlink")
        << "scene.tif" << QStringList { "--output", "map.tif", "--probabilities", "link.tif" } << "link.tif";
    QTest::newRow("confidence") << "link.tif"
                                << QStringList { "--output", "map.tif", "--confidence", absolute }
                                << absolute;
}

void TestCliDataLoss::predictOutputThatIsTheInputIsRefused()
{
    QFETCH(QString, input);
    QFETCH(QStringList, outputs);
    QFETCH(QString, named);
    const QByteArray before = sceneChecksum();
    // The run need not exist: the outputs are checked before the model is loaded.
    QElapsedTimer timer;
    timer.start();
    const Result r = run(QStringList { QStringLiteral("predict"), QStringLiteral("no-such-run"),
                                       QStringLiteral("--input"), input }
                         + outputs);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(named + QStringLiteral(": this output is the same file as the input")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("choose another name")), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0); // one line
    QVERIFY(!r.out.contains(QStringLiteral("Wrote")));
    QCOMPARE(sceneChecksum(), before);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("map.tif"))));
    QVERIFY(QDir(m_dir.path()).entryList({ QStringLiteral("*.partial") }).isEmpty());
    QVERIFY(timer.elapsed() < 30000);
}

void TestCliDataLoss::predictOutputOnADeviceIsRefused()
{
#ifdef Q_OS_UNIX
    const Result r
        = run({ QStringLiteral("predict"), QStringLiteral("no-such-run"), QStringLiteral("--input"),
                QStringLiteral("scene.tif"), QStringLiteral("--output"), QStringLiteral("/dev/null") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("/dev/null: the output exists and is a device")),
             qPrintable(r.err));
    QVERIFY(QFileInfo(QStringLiteral("/dev/null")).exists());
    QVERIFY(!QFileInfo(QStringLiteral("/dev/null")).isFile()); // still the device, not a regular file
#else
    QSKIP("device files are a Unix test");
#endif
}

void TestCliDataLoss::hugeRasterStatisticsAreSampled()
{
    // A VRT declaring 10^6 x 10^6 pixels over the 8 x 8 scene in its corner: a few hundred bytes
    // whose exact statistics would read 10^12 pixels.
    const QString vrt = m_dir.filePath(QStringLiteral("huge.vrt"));
    QFile file(vrt);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"(<VRTDataset rasterXSize="1000000" rasterYSize="1000000">
  <VRTRasterBand dataType="Float32" band="1">
    <NoDataValue>-9999</NoDataValue>
    <SimpleSource>
      <SourceFilename relativeToVRT="1">scene.tif</SourceFilename>
      <SourceBand>1</SourceBand>
      <SrcRect xOff="0" yOff="0" xSize="8" ySize="8"/>
      <DstRect xOff="0" yOff="0" xSize="8" ySize="8"/>
    </SimpleSource>
  </VRTRasterBand>
</VRTDataset>
)");
    file.close();
    QElapsedTimer timer;
    timer.start();
    const Result r = run({ QStringLiteral("info"), QStringLiteral("--stats"), vrt }, 60000);
    QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(r.out.contains(QStringLiteral("1000000 x 1000000 pixels")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("statistics (approximate)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("approximate, from a sample of")), qPrintable(r.out));
    const Result json
        = run({ QStringLiteral("info"), QStringLiteral("--stats"), QStringLiteral("--json"), vrt });
    QCOMPARE(json.exitCode, 0);
    QVERIFY(json.out.trimmed().startsWith(QLatin1Char('{')) && json.out.trimmed().endsWith(QLatin1Char('}')));
    QVERIFY2(json.err.contains(QStringLiteral("approximate, from a sample of")), qPrintable(json.err));
}

void TestCliDataLoss::predictOnAFullDiskFailsAndLeavesNothing()
{
#ifdef Q_OS_UNIX
    const QString image = deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    if (image.isEmpty())
        QSKIP("the samples are missing (scripts/fetch-samples.sh)");
    const Result init = run(
        { QStringLiteral("init"), QStringLiteral("seg.deepterra"), QStringLiteral("--task"),
          QStringLiteral("segmentation"), QStringLiteral("--image"), image, QStringLiteral("--labels"),
          QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
          QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
          QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"), QStringLiteral("--epochs"),
          QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("seg.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("seg") },
              240000);
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    // A full disk without root: a file-size limit of 256 blocks (128 or 256 KiB by the shell; the
    // probabilities take 1.3 MB) makes write(2) fail as ENOSPC does; SIGXFSZ ignored, as the kernel would
    // otherwise kill the process.
    QProcess shell;
    shell.setWorkingDirectory(m_dir.path());
    shell.start(
        QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"),
          QStringLiteral("trap '' XFSZ; ulimit -f 256; exec \"$0\" predict seg --input \"$1\" --output "
                         "full-map.tif --probabilities full-p.tif --threads 2"),
          QStringLiteral(DEEPTERRA_CLI_PATH), image });
    QVERIFY(shell.waitForFinished(120000));
    const QString out = QString::fromUtf8(shell.readAllStandardOutput());
    const QString err = QString::fromUtf8(shell.readAllStandardError());
    QCOMPARE(shell.exitStatus(), QProcess::NormalExit);
    QCOMPARE(shell.exitCode(), 1);
    QVERIFY2(err.contains(QStringLiteral("full-p.tif: could not write the output: File too large")),
             qPrintable(err));
    QVERIFY2(!out.contains(QStringLiteral("Wrote")), qPrintable(out));
    const QStringList left = QDir(m_dir.path()).entryList({ QStringLiteral("full-*") });
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
#else
    QSKIP("file-size limits are a Unix test");
#endif
}

void TestCliDataLoss::forecastOutputThatIsAnInputIsRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::addColumn<QString>("input");
    QTest::newRow("the series") << QStringList { "no-such-run", "--series", "co2.csv", "--output",
                                                 "./co2.csv" }
                                << "./co2.csv"
                                << "co2.csv";
    QTest::newRow("the exported model")
        << QStringList { "forecaster.pt", "--series", "co2.csv", "--output", "forecaster.pt" }
        << "forecaster.pt"
        << "forecaster.pt";
    QTest::newRow("the card") << QStringList { "forecaster.pt",
                                               "--card",
                                               "forecaster.json",
                                               "--series",
                                               "co2.csv",
                                               "--output",
                                               m_dir.filePath(QStringLiteral("forecaster.json")) }
                              << m_dir.filePath(QStringLiteral("forecaster.json")) << "forecaster.json";
}

void TestCliDataLoss::forecastOutputThatIsAnInputIsRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    QFETCH(QString, input);
    const QByteArray before = checksum(m_dir.filePath(input));
    QVERIFY(!before.isEmpty());
    const Result r = run(QStringList { QStringLiteral("forecast") } + arguments);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(named + QStringLiteral(": this output is the same file as the input")),
             qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0); // one line
    QVERIFY(!r.out.contains(QStringLiteral("Wrote")));
    QCOMPARE(checksum(m_dir.filePath(input)), before);
}

void TestCliDataLoss::exportOutputThatIsARunFileIsRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("input");
    QTest::newRow("the checkpoint") << QStringList { "--format", "torchscript", "--output",
                                                     "run/checkpoints/best.pt" }
                                    << "run/checkpoints/best.pt";
    QTest::newRow("the other checkpoint")
        << QStringList { "--format", "onnx",     "--checkpoint",
                         "best.pt",  "--output", "./run/checkpoints/last.pt" }
        << "run/checkpoints/last.pt";
    QTest::newRow("the configuration")
        << QStringList { "--format", "card", "--output", "run/config.json" } << "run/config.json";
    QTest::newRow("the metrics") << QStringList { "--format", "card", "--output", "run/../run/metrics.json" }
                                 << "run/metrics.json";
}

void TestCliDataLoss::exportOutputThatIsARunFileIsRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, input);
    const QByteArray before = checksum(m_dir.filePath(input));
    QVERIFY(!before.isEmpty());
    // The run is not a real one: the output is checked before the model is loaded.
    const Result r = run(QStringList { QStringLiteral("export"), QStringLiteral("run") } + arguments);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral(": this output is the same file as the input")),
             qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY(!r.out.contains(QStringLiteral("Wrote")));
    QCOMPARE(checksum(m_dir.filePath(input)), before);
}

QTEST_GUILESS_MAIN(TestCliDataLoss)
#include "testclidataloss.moc"
