#include "common/dataerror.h"
#include "inference/predictionmosaicjob.h"
#include "inference/predictionresumestate.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/jobcanceled.h"
#include "rasterpredictorfixture.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLockFile>
#include <QSize>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;
using namespace deepterra::test;

// Issue 19, cluster-ready prediction: the parts of `predict --part I/N`, joined by
// PredictionMosaicJob, give the maps of the whole prediction bit for bit, also with Monte Carlo
// dropout (whose masks follow each batch's place) and batches that straddle tile rows and parts'
// edges; a part is resumed like a whole prediction.
class TestRasterPredictorParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void joinedPartsEqualTheWholeMaps_data();
    void joinedPartsEqualTheWholeMaps();
    void anInterruptedPartResumesToTheSameMaps();
    void partProgressRunsToTheEnd();
    void twoPredictionsOfOneMapAreRefused();

private:
    PredictionRequest request(const QString &name, bool uncertainty, RasterPart part = {}) const;
    // Joins output `k` of parts 1..count of `name` into `joined`; the error, or empty.
    QString join(const QString &name, bool uncertainty, int count, int k, const QString &joined) const;

    QTemporaryDir m_dir;
    QSize m_size { 500, 800 }; // two bands of columns, four rows of blocks
    QString m_input;
    std::unique_ptr<TrainedModel> m_model;
};

void TestRasterPredictorParts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A NoData hole across the edge between parts 1 and 2 of four.
    const QString error = trainSmoothDropoutUNet(m_dir.path(), m_size, QRect(100, 240, 30, 40), &m_input);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_model = std::make_unique<TrainedModel>(TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run"))));
}

PredictionRequest TestRasterPredictorParts::request(const QString &name, bool uncertainty,
                                                    RasterPart part) const
{
    PredictionRequest r;
    r.input = m_input;
    const QString stem
        = part.isWhole() ? name : QStringLiteral("%1-%2of%3").arg(name).arg(part.index).arg(part.count);
    r.output = m_dir.filePath(stem + QStringLiteral("-classes.tif"));
    r.probabilities = m_dir.filePath(stem + QStringLiteral("-probabilities.tif"));
    r.confidence = m_dir.filePath(stem + QStringLiteral("-confidence.tif"));
    r.tile = 64;
    r.overlap = 16;
    r.batch = 5; // batches that straddle tile rows, and so parts' edges
    r.bandWidth = 256;
    r.threads = 2;
    r.part = part;
    if (uncertainty) {
        QString problem;
        if (!UncertaintySettings::parse(QStringLiteral("mc-dropout:3"), &r.uncertainty, &problem))
            qFatal("%s", qPrintable(problem));
        r.uncertaintyOutput = m_dir.filePath(stem + QStringLiteral("-uncertainty.tif"));
    }
    return r;
}

QString TestRasterPredictorParts::join(const QString &name, bool uncertainty, int count, int k,
                                       const QString &joined) const
{
    QStringList parts;
    for (int index = 1; index <= count; ++index)
        parts << request(name, uncertainty, { index, count }).outputs()[k];
    PredictionMosaicJob job(parts, joined);
    Feedback feedback;
    try {
        job.run(feedback);
    } catch (const DataError &e) {
        return e.message();
    }
    return {};
}

void TestRasterPredictorParts::joinedPartsEqualTheWholeMaps_data()
{
    QTest::addColumn<bool>("uncertainty");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("streams");
    QTest::newRow("plain, 3 parts") << false << 3 << 2;
    QTest::newRow("plain, 4 parts, 1 stream") << false << 4 << 1;
    QTest::newRow("mc-dropout, 4 parts") << true << 4 << 2;
}

void TestRasterPredictorParts::joinedPartsEqualTheWholeMaps()
{
    QFETCH(bool, uncertainty);
    QFETCH(int, count);
    QFETCH(int, streams);
    const QString name = QStringLiteral("%1-%2-%3")
                             .arg(uncertainty ? QStringLiteral("mc") : QStringLiteral("plain"))
                             .arg(count)
                             .arg(streams);
    PredictionRequest whole = request(name, uncertainty);
    whole.streams = streams;
    RasterPredictor(*m_model, whole).run();
    for (int index = 1; index <= count; ++index) {
        PredictionRequest part = request(name, uncertainty, { index, count });
        part.streams = streams;
        RasterPredictor(*m_model, part).run();
    }
    for (int k = 0; k < whole.outputs().size(); ++k) {
        if (whole.outputs()[k].isEmpty())
            continue;
        for (const QString &suffix : { QStringLiteral("tif"), QStringLiteral("vrt") }) {
            const QString joined
                = m_dir.filePath(QStringLiteral("%1-joined-%2.%3").arg(name).arg(k).arg(suffix));
            const QString error = join(name, uncertainty, count, k, joined);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const QString difference = firstRasterDifference(whole.outputs()[k], joined);
            QVERIFY2(difference.isEmpty(),
                     qPrintable(whole.outputs()[k] + QStringLiteral(": ") + difference));
        }
    }
}

void TestRasterPredictorParts::anInterruptedPartResumesToTheSameMaps()
{
    const RasterPart part { 2, 3 };
    const PredictionRequest reference = request(QStringLiteral("reference"), true, part);
    RasterPredictor(*m_model, reference).run();

    PredictionRequest resumed = request(QStringLiteral("resumed"), true, part);
    resumed.keepPartialWhenCanceled = true;
    resumed.checkpointSeconds = 0;
    Feedback feedback;
    connect(
        &feedback, &Feedback::progressChanged, &feedback,
        [&feedback](double percent) {
            if (percent >= 40.0)
                feedback.cancel();
        },
        Qt::DirectConnection);
    QVERIFY_THROWS_EXCEPTION(JobCanceled, RasterPredictor(*m_model, resumed).run(&feedback));
    PredictionResumeState state;
    QString problem;
    QVERIFY2(PredictionResumeState::load(PredictionResumeState::pathFor(resumed.output), &state, &problem),
             qPrintable(problem));
    QCOMPARE(state.fingerprint.value(QStringLiteral("part")).toString(), QStringLiteral("2/3"));
    QVERIFY2(state.shareDone > 0.0 && state.shareDone < 1.0, qPrintable(QString::number(state.shareDone)));

    QStringList messages;
    resumed.resume = true;
    Feedback resumedFeedback;
    connect(
        &resumedFeedback, &Feedback::messageLogged, &resumedFeedback,
        [&messages](Feedback::Level, const QString &text) { messages << text; }, Qt::DirectConnection);
    RasterPredictor(*m_model, resumed).run(&resumedFeedback);
    QVERIFY2(messages.filter(QStringLiteral("resuming the interrupted prediction")).size() == 1,
             qPrintable(messages.join(QLatin1Char('\n'))));
    for (int k = 0; k < reference.outputs().size(); ++k) {
        if (reference.outputs()[k].isEmpty())
            continue;
        const QString difference = firstRasterDifference(reference.outputs()[k], resumed.outputs()[k]);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

void TestRasterPredictorParts::partProgressRunsToTheEnd()
{
    // A part's progress is its own: from 0 to 100 %, not its share of the raster.
    const PredictionRequest r = request(QStringLiteral("progress"), false, { 4, 4 });
    Feedback feedback;
    std::vector<double> reported;
    connect(
        &feedback, &Feedback::progressChanged, &feedback,
        [&reported](double percent) { reported.push_back(percent); }, Qt::DirectConnection);
    RasterPredictor(*m_model, r).run(&feedback);
    QVERIFY(reported.size() >= 2);
    QVERIFY2(reported.front() < 50.0, qPrintable(QString::number(reported.front())));
    QCOMPARE(reported.back(), 100.0);
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));
}

void TestRasterPredictorParts::twoPredictionsOfOneMapAreRefused()
{
    // Two parts given the same output, as a batch array's script with a typo would run them: the
    // second finds the first's lock and stops before touching its files.
    const PredictionRequest first = request(QStringLiteral("shared"), false, { 1, 2 });
    PredictionRequest second = request(QStringLiteral("shared"), false, { 2, 2 });
    second.output = first.output;
    QLockFile held(first.output + QStringLiteral(".lock")); // the first part, running
    QVERIFY(held.tryLock(0));
    try {
        RasterPredictor(*m_model, second).run();
        QFAIL("a second prediction of the same map ran");
    } catch (const DataError &e) {
        QVERIFY2(e.message().startsWith(first.output)
                     && e.message().contains(QStringLiteral("another prediction")),
                 qPrintable(e.message()));
    }
    QVERIFY(!QFileInfo::exists(first.output + QStringLiteral(".partial")));
    held.unlock();
    RasterPredictor(*m_model, second).run(); // once the first is done
    QVERIFY(QFileInfo::exists(second.output));
    QVERIFY(!QFileInfo::exists(second.output + QStringLiteral(".lock")));
}

QTEST_GUILESS_MAIN(TestRasterPredictorParts)
#include "testrasterpredictorparts.moc"
