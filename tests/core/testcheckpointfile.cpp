#include "common/dataerror.h"
#include "filesizelimit.h"
#include "testdata.h"
#include "training/private/checkpointfile.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using namespace deepterra;
using namespace deepterra::test;

// A checkpoint is replaced in one step: a save really replaces the weights, and a failed one (a
// full disk while `last.pt` is rewritten) throws DataError naming the file and leaves the previous
// checkpoint byte for byte, loadable, with no temporary file beside it.
class TestCheckpointFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void saveReplacesTheCheckpoint();
    void failedSaveKeepsThePreviousCheckpoint();

private:
    QTemporaryDir m_dir;
};

void TestCheckpointFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestCheckpointFile::saveReplacesTheCheckpoint()
{
    const QString path = m_dir.filePath(QStringLiteral("replace.pt"));
    torch::nn::Linear network(4, 2);
    torch::NoGradGuard noGrad;
    network->weight.fill_(1.0f);
    CheckpointFile::save(path, *network, nullptr, { { QStringLiteral("epoch"), 1 } });
    network->weight.fill_(2.0f);
    CheckpointFile::save(path, *network, nullptr, { { QStringLiteral("epoch"), 2 } });

    torch::nn::Linear loaded(4, 2);
    const QJsonObject state = CheckpointFile::load(path, *loaded, nullptr, false);
    QCOMPARE(state.value(QStringLiteral("epoch")).toInt(), 2);
    QCOMPARE(loaded->weight.min().item<float>(), 2.0f);
    QCOMPARE(folderEntries(m_dir.path()), QStringList { QStringLiteral("replace.pt") });
}

void TestCheckpointFile::failedSaveKeepsThePreviousCheckpoint()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("last.pt"));
    torch::nn::Linear small(4, 2);
    CheckpointFile::save(path, *small, nullptr, { { QStringLiteral("epoch"), 1 } });
    const QByteArray previous = fileBytes(path);
    QVERIFY(!previous.isEmpty());

    // 256 x 256 floats: 256 KiB, past the limit.
    torch::nn::Linear large(256, 256);
    QString named;
    QString cause;
    {
        FileSizeLimit limit(qint64(previous.size()) + 16 * 1024);
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = dataErrorCause(
            [&] {
                CheckpointFile::save(path, *large, nullptr, { { QStringLiteral("epoch"), 2 } });
            },
            &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot write the checkpoint: ")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(fileBytes(path), previous);
    QCOMPARE(folderEntries(dir.path()), QStringList { QStringLiteral("last.pt") });
    QCOMPARE(CheckpointFile::readState(path).value(QStringLiteral("epoch")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestCheckpointFile)
#include "testcheckpointfile.moc"
