#include "geodata/rasterdataset.h"
#include "inference/predictionresumestate.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/jobcanceled.h"
#include "rasterpredictorfixture.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSize>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;
using namespace deepterra::test;

// An interrupted whole-raster prediction goes on from where its files end and gives the maps an
// uninterrupted one gives, bit for bit (one stream: the batches run as before, in the same order).
// The interruption here is a cancel that keeps the files (the CLI's Ctrl+C and SIGTERM);
// TestCliPredictResume kills the CLI with SIGKILL.
class TestRasterPredictorResume : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resumedMapsEqualUninterruptedMaps_data();
    void resumedMapsEqualUninterruptedMaps();
    void changedSettingsStartOver();
    void resumeWithoutAnInterruptionStartsOver();
    void finishedPredictionLeavesNoResumeState();

private:
    PredictionRequest request(const QString &name, bool uncertainty) const;
    // Runs `r` and cancels it once `share` (percent) of it is written; true when it was cancelled.
    bool interrupt(const PredictionRequest &r, double share) const;
    QStringList notes(const PredictionRequest &r) const; // runs `r`, returns its info messages

    QTemporaryDir m_dir;
    QSize m_size { 700, 600 };
    QString m_input;
    std::unique_ptr<TrainedModel> m_model;
};

void TestRasterPredictorResume::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error = trainSmoothDropoutUNet(m_dir.path(), m_size, QRect(), &m_input);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_model = std::make_unique<TrainedModel>(TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run"))));
}

PredictionRequest TestRasterPredictorResume::request(const QString &name, bool uncertainty) const
{
    PredictionRequest r;
    r.input = m_input;
    r.output = m_dir.filePath(name + QStringLiteral("-classes.tif"));
    r.probabilities = m_dir.filePath(name + QStringLiteral("-probabilities.tif"));
    r.confidence = m_dir.filePath(name + QStringLiteral("-confidence.tif"));
    r.tile = 64;
    r.overlap = 16;
    r.batch = 5; // batches that straddle tile rows, so that the resumed band's first batch does
    r.bandWidth = 256; // three bands: 0-255, 256-511, 512-699
    r.streams = 1;
    r.threads = 2;
    r.checkpointSeconds = 0;
    if (uncertainty) {
        QString problem;
        if (!UncertaintySettings::parse(QStringLiteral("mc-dropout:3"), &r.uncertainty, &problem))
            qFatal("%s", qPrintable(problem));
        r.uncertaintyOutput = m_dir.filePath(name + QStringLiteral("-uncertainty.tif"));
    }
    return r;
}

bool TestRasterPredictorResume::interrupt(const PredictionRequest &r, double share) const
{
    PredictionRequest kept = r;
    kept.keepPartialWhenCanceled = true;
    Feedback feedback;
    connect(
        &feedback, &Feedback::progressChanged, &feedback,
        [&feedback, share](double percent) {
            if (percent >= share)
                feedback.cancel();
        },
        Qt::DirectConnection);
    try {
        RasterPredictor(*m_model, kept).run(&feedback);
    } catch (const JobCanceled &) {
        return true;
    }
    return false;
}

QStringList TestRasterPredictorResume::notes(const PredictionRequest &r) const
{
    Feedback feedback;
    QStringList messages;
    connect(
        &feedback, &Feedback::messageLogged, &feedback,
        [&messages](Feedback::Level, const QString &text) { messages << text; }, Qt::DirectConnection);
    RasterPredictor(*m_model, r).run(&feedback);
    return messages;
}

void TestRasterPredictorResume::resumedMapsEqualUninterruptedMaps_data()
{
    QTest::addColumn<bool>("uncertainty");
    QTest::addColumn<double>("share");
    // Within the first band, and in the second: the first band is then skipped whole.
    QTest::newRow("plain, 20 %") << false << 20.0;
    QTest::newRow("plain, 55 %") << false << 55.0;
    QTest::newRow("mc-dropout, 55 %") << true << 55.0;
}

void TestRasterPredictorResume::resumedMapsEqualUninterruptedMaps()
{
    QFETCH(bool, uncertainty);
    QFETCH(double, share);
    const QString tag = QStringLiteral("%1-%2")
                            .arg(uncertainty ? QStringLiteral("mc") : QStringLiteral("plain"))
                            .arg(int(share));
    const PredictionRequest reference = request(QStringLiteral("reference-") + tag, uncertainty);
    RasterPredictor(*m_model, reference).run();

    PredictionRequest resumed = request(QStringLiteral("resumed-") + tag, uncertainty);
    QVERIFY(interrupt(resumed, share));
    const QString statePath = PredictionResumeState::pathFor(resumed.output);
    PredictionResumeState state;
    QString problem;
    QVERIFY2(PredictionResumeState::load(statePath, &state, &problem), qPrintable(problem));
    QVERIFY2(state.shareDone > 0.0 && state.shareDone < 1.0, qPrintable(QString::number(state.shareDone)));
    for (const QString &output : resumed.outputs())
        if (!output.isEmpty()) {
            QVERIFY2(QFileInfo::exists(output + QStringLiteral(".partial")), qPrintable(output));
            QVERIFY(!QFileInfo::exists(output));
        }

    resumed.resume = true;
    const QStringList messages = notes(resumed);
    QVERIFY2(messages.filter(QStringLiteral("resuming the interrupted prediction")).size() == 1,
             qPrintable(messages.join(QLatin1Char('\n'))));
    QVERIFY(!QFileInfo::exists(statePath));
    for (int i = 0; i < reference.outputs().size(); ++i) {
        if (reference.outputs()[i].isEmpty())
            continue;
        QVERIFY(!QFileInfo::exists(resumed.outputs()[i] + QStringLiteral(".partial")));
        const QString difference = test::firstRasterDifference(reference.outputs()[i], resumed.outputs()[i]);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

void TestRasterPredictorResume::changedSettingsStartOver()
{
    PredictionRequest r = request(QStringLiteral("changed"), false);
    QVERIFY(interrupt(r, 30.0));
    const PredictionRequest reference = [&] {
        PredictionRequest other = request(QStringLiteral("changed-reference"), false);
        other.overlap = 32;
        return other;
    }();
    RasterPredictor(*m_model, reference).run();
    // Another overlap blends other tiles: the rows written so far cannot be kept.
    r.overlap = 32;
    r.resume = true;
    const QStringList messages = notes(r);
    QVERIFY2(
        messages.filter(QStringLiteral("cannot resume: the interrupted prediction was made with another"))
                .size()
            == 1,
        qPrintable(messages.join(QLatin1Char('\n'))));
    const QString difference = test::firstRasterDifference(reference.probabilities, r.probabilities);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestRasterPredictorResume::resumeWithoutAnInterruptionStartsOver()
{
    PredictionRequest r = request(QStringLiteral("fresh"), false);
    r.resume = true;
    const QStringList messages = notes(r);
    QVERIFY2(messages.filter(QStringLiteral("cannot resume: no interrupted prediction was found")).size()
                 == 1,
             qPrintable(messages.join(QLatin1Char('\n'))));
    QVERIFY(QFileInfo::exists(r.output));
}

void TestRasterPredictorResume::finishedPredictionLeavesNoResumeState()
{
    const PredictionRequest r = request(QStringLiteral("finished"), false);
    RasterPredictor(*m_model, r).run();
    // The class names live in the class map's .aux.xml.
    const QStringList left = QDir(m_dir.path()).entryList({ QStringLiteral("finished*") }, QDir::Files);
    QCOMPARE(
        left,
        QStringList({ QStringLiteral("finished-classes.tif"), QStringLiteral("finished-classes.tif.aux.xml"),
                      QStringLiteral("finished-confidence.tif"),
                      QStringLiteral("finished-probabilities.tif") }));
}

QTEST_GUILESS_MAIN(TestRasterPredictorResume)
#include "testrasterpredictorresume.moc"
