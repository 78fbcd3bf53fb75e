#include "common/dataerror.h"
#include "filesizelimit.h"
#include "testdata.h"
#include "training/runfolder.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace deepterra;
using namespace deepterra::test;

// RunFolder's files (config.json, history.csv, metrics.json) are replaced in one step: a write
// really replaces the content, and a failed one (a full disk) throws DataError naming the file and
// leaves the previous file byte for byte, with no temporary file beside it.
class TestRunFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writesReplaceTheFiles();
    void failedWritesKeepThePreviousFiles_data();
    void failedWritesKeepThePreviousFiles();
    void historyRoundTrips();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

std::vector<EpochRecord> historyOf(int epochs)
{
    std::vector<EpochRecord> history;
    for (int e = 1; e <= epochs; ++e) {
        EpochRecord r;
        r.epoch = e;
        r.trainLoss = 1.0 / e;
        r.validationLoss = 1.5 / e;
        r.learningRate = 1e-3;
        r.seconds = 2.5;
        r.metrics.insert(QStringLiteral("val_accuracy"), 0.5 + 0.01 * e);
        r.improved = e % 2 == 1;
        history.push_back(r);
    }
    return history;
}

// A JSON object of about `bytes` bytes: large enough to pass a file-size limit.
QJsonObject largeJson(int bytes)
{
    return { { QStringLiteral("padding"), QString(bytes, QLatin1Char('x')) } };
}

} // namespace

void TestRunFolder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRunFolder::writesReplaceTheFiles()
{
    const RunFolder run(m_dir->path());
    run.writeConfig({ { QStringLiteral("version"), 1 } });
    run.writeConfig({ { QStringLiteral("version"), 2 } });
    QCOMPARE(run.readConfig().value(QStringLiteral("version")).toInt(), 2);
    run.writeMetrics({ { QStringLiteral("val_accuracy"), 0.5 } });
    run.writeMetrics({ { QStringLiteral("val_accuracy"), 0.75 } });
    QVERIFY(fileBytes(run.filePath(QStringLiteral("metrics.json"))).contains("0.75"));
    run.writeHistory(historyOf(3));
    run.writeHistory(historyOf(2));
    QCOMPARE(int(run.readHistory().size()), 2);
    QCOMPARE(folderEntries(m_dir->path()),
             (QStringList { QStringLiteral("config.json"), QStringLiteral("history.csv"),
                            QStringLiteral("metrics.json") }));
}

void TestRunFolder::failedWritesKeepThePreviousFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("config.json") << QStringLiteral("config.json");
    QTest::newRow("history.csv") << QStringLiteral("history.csv");
    QTest::newRow("metrics.json") << QStringLiteral("metrics.json");
}

void TestRunFolder::failedWritesKeepThePreviousFiles()
{
    QFETCH(QString, file);
    const RunFolder run(m_dir->path());
    const std::function<void(bool large)> write = [&](bool large) {
        if (file == QLatin1String("config.json"))
            run.writeConfig(large ? largeJson(256 * 1024) : QJsonObject { { QStringLiteral("version"), 1 } });
        else if (file == QLatin1String("metrics.json"))
            run.writeMetrics(large ? largeJson(256 * 1024) : QJsonObject { { QStringLiteral("loss"), 1 } });
        else
            run.writeHistory(historyOf(large ? 5000 : 3));
    };
    write(false);
    const QString path = run.filePath(file);
    const QByteArray previous = fileBytes(path);
    QVERIFY(!previous.isEmpty());

    QString named;
    QString cause;
    {
        FileSizeLimit limit(32 * 1024);
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = dataErrorCause([&] { write(true); }, &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(fileBytes(path), previous);
    QCOMPARE(folderEntries(m_dir->path()), QStringList { file });
}

void TestRunFolder::historyRoundTrips()
{
    const RunFolder run(m_dir->path());
    run.writeHistory(historyOf(4));
    const std::vector<EpochRecord> history = run.readHistory();
    QCOMPARE(int(history.size()), 4);
    QCOMPARE(history[3].epoch, 4);
    QCOMPARE(history[3].trainLoss, 0.25);
    QCOMPARE(history[3].metrics.value(QStringLiteral("val_accuracy")), 0.54);
    QVERIFY(history[0].improved && !history[1].improved);
    QVERIFY(history[0].replayed);
}

QTEST_GUILESS_MAIN(TestRunFolder)
#include "testrunfolder.moc"
