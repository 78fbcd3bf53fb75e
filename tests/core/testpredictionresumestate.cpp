#include "common/dataerror.h"
#include "inference/predictionrequest.h"
#include "inference/predictionresumestate.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace deepterra;

// The record that lets an interrupted prediction go on, and the fingerprint that keeps it from
// going on with anything changed.
class TestPredictionResumeState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void savedStateLoadsBack();
    void missingStateSaysSo();
    void damagedStateSaysSo();
    void fingerprintFollowsWhatThePixelsDependOn();
    void fingerprintIgnoresThreadsAndStreams();

private:
    QString writeFile(const QString &name, const QByteArray &bytes);
    PredictionRequest request() const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_input;
    QString m_checkpoint;
};

QString TestPredictionResumeState::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestPredictionResumeState::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_input = writeFile(QStringLiteral("input.tif"), QByteArray(1000, 'x'));
    m_checkpoint = writeFile(QStringLiteral("best.pt"), QByteArray(500, 'w'));
    QVERIFY(!m_input.isEmpty() && !m_checkpoint.isEmpty());
}

PredictionRequest TestPredictionResumeState::request() const
{
    PredictionRequest r;
    r.input = m_input;
    r.output = m_dir->filePath(QStringLiteral("map.tif"));
    r.tile = 256;
    r.overlap = 64;
    r.batch = 2;
    return r;
}

void TestPredictionResumeState::savedStateLoadsBack()
{
    PredictionResumeState state;
    state.fingerprint = PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096);
    state.bandFirstColumn = 4096;
    state.rowsDone = 768;
    state.shareDone = 0.375;
    const QString path = PredictionResumeState::pathFor(request().output);
    QCOMPARE(path, m_dir->filePath(QStringLiteral("map.tif.partial.resume")));
    state.save(path);
    PredictionResumeState loaded;
    QString problem;
    QVERIFY2(PredictionResumeState::load(path, &loaded, &problem), qPrintable(problem));
    QCOMPARE(loaded.fingerprint, state.fingerprint);
    QCOMPARE(loaded.bandFirstColumn, 4096);
    QCOMPARE(loaded.rowsDone, 768);
    QCOMPARE(loaded.shareDone, 0.375);
}

void TestPredictionResumeState::missingStateSaysSo()
{
    PredictionResumeState state;
    QString problem;
    QVERIFY(!PredictionResumeState::load(m_dir->filePath(QStringLiteral("none.partial.resume")), &state,
                                         &problem));
    QVERIFY2(problem.contains(QStringLiteral("no interrupted prediction"))
                 && problem.contains(QStringLiteral("none")),
             qPrintable(problem));
}

void TestPredictionResumeState::damagedStateSaysSo()
{
    PredictionResumeState state;
    QString problem;
    // Cut short, as a full disk would leave a file written in place (save() writes atomically).
    const QString truncated
        = writeFile(QStringLiteral("cut.partial.resume"), QByteArray("{\"fingerprint\": {\"form"));
    QVERIFY(!PredictionResumeState::load(truncated, &state, &problem));
    QVERIFY2(problem.contains(QStringLiteral("damaged")) && problem.contains(truncated), qPrintable(problem));
    const QString negative
        = writeFile(QStringLiteral("negative.partial.resume"),
                    QByteArray("{\"fingerprint\": {}, \"band_first_column\": 0, \"rows_done\": -256}"));
    QVERIFY(!PredictionResumeState::load(negative, &state, &problem));
    QVERIFY2(problem.contains(QStringLiteral("damaged")), qPrintable(problem));
}

void TestPredictionResumeState::fingerprintFollowsWhatThePixelsDependOn()
{
    const QJsonObject original = PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096);
    QCOMPARE(PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096), original);

    PredictionRequest other = request();
    other.tile = 128;
    QVERIFY(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096) != original);
    other = request();
    other.overlap = 32;
    QVERIFY(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096) != original);
    other = request();
    other.batch = 4; // batches draw Monte Carlo dropout's masks by their place
    QVERIFY(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096) != original);
    other = request();
    other.confidence = m_dir->filePath(QStringLiteral("confidence.tif"));
    QVERIFY(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096) != original);
    other = request();
    other.uncertainty.seed = 2;
    QVERIFY(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096) != original);
    QVERIFY(PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 2048) != original);

    // A retrained checkpoint (another size) and an input rewritten in place (another time).
    QFile checkpoint(m_checkpoint);
    QVERIFY(checkpoint.open(QIODevice::Append));
    checkpoint.write("more weights");
    checkpoint.close();
    QVERIFY(PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096) != original);
    const QJsonObject beforeTouch = PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096);
    QFile input(m_input);
    QVERIFY(input.open(QIODevice::ReadWrite));
    QVERIFY(input.setFileTime(QFileInfo(m_input).lastModified().addSecs(-3600),
                              QFileDevice::FileModificationTime));
    input.close();
    QVERIFY(PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096) != beforeTouch);
}

void TestPredictionResumeState::fingerprintIgnoresThreadsAndStreams()
{
    PredictionRequest other = request();
    other.threads = 7;
    other.streams = 3;
    other.checkpointSeconds = 0;
    other.resume = true;
    QCOMPARE(PredictionResumeState::makeFingerprint(other, { m_checkpoint }, 4096),
             PredictionResumeState::makeFingerprint(request(), { m_checkpoint }, 4096));
}

QTEST_GUILESS_MAIN(TestPredictionResumeState)
#include "testpredictionresumestate.moc"
