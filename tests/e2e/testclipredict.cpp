#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// deepterra-cli predict / forecast as a user runs them, on runs trained with the CLI itself.
class TestCliPredict : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void predictWritesTheMaps();
    void predictRefusesBadInput();
    void forecastWritesTheCsv();

private:
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Result run(const QStringList &arguments);
    QTemporaryDir m_dir;
};

TestCliPredict::Result TestCliPredict::run(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    Result result;
    if (!process.waitForFinished(300000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
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

QTEST_GUILESS_MAIN(TestCliPredict)
#include "testclipredict.moc"
