#include "common/dataerror.h"
#include "inference/predictionwriter.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "rasterpredictorfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRect>
#include <QSize>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace deepterra;
using namespace deepterra::test;

// Per-pixel uncertainty of whole-raster prediction (Monte Carlo dropout and test-time
// augmentation) on a fixture whose ambiguity is known by construction: the image has three
// vertical thirds of distinct band values, the left labelled class 1, the right class 2, and the
// middle labelled 1 or 2 at random pixel by pixel. No model can tell the middle's classes apart,
// so a model that learned the data predicts about 0.5 there: the uncertainty must be higher in the
// middle third than in the other two.
class TestRasterPredictorUncertainty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void monteCarloDropoutIsHigherWhereTheTruthIsAmbiguous();
    void monteCarloDropoutPassesDisagreeWhereTheTruthIsAmbiguous();
    void testTimeAugmentationIsHigherWhereTheTruthIsAmbiguous();
    void anomalyMapSpreadIsHigherOnTheOutlier();
    void monteCarloDropoutDoesNotDependOnTheStreams();
    void monteCarloDropoutNeedsDropout();
    void uncertaintyNeedsAnOutputFile();

private:
    struct Regions
    {
        double middle = 0.0;
        double sides = 0.0;
        double outlier = 0.0; // the square of values no training pixel has
    };
    // Band `band`'s mean over the middle third and over the other two, a tile's margin away from
    // the thirds' boundaries (where the blended tiles see both) and from the outlier square, and
    // over the outlier square.
    Regions regions(const RasterBuffer &map, int band) const;
    PredictionRequest request(const QString &name, const QString &method) const;

    QTemporaryDir m_dir;
    QSize m_size { 96, 72 };
    QString m_input;
    QString m_run;
    QString m_runWithoutDropout;
    QString m_classifierRun;
    QString m_autoencoderRun;
    QRect m_outlier { 80, 8, 12, 12 }; // in the right third of the input: values no training pixel has
};

namespace {

constexpr int kPatch = 16;

double bandValue(int third, int band)
{
    static const double values[3][3] = { { 10.0, 80.0, 40.0 }, { 60.0, 20.0, 90.0 }, { 110.0, 50.0, 140.0 } };
    return values[third][band];
}

int thirdOf(int x, int width)
{
    return x < width / 3 ? 0 : (x < 2 * width / 3 ? 1 : 2);
}

QJsonObject unet(double dropout)
{
    return { { QStringLiteral("type"), QStringLiteral("unet") },
             { QStringLiteral("depth"), 2 },
             { QStringLiteral("baseFilters"), 8 },
             { QStringLiteral("dropout"), dropout } };
}

} // namespace

void TestRasterPredictorUncertainty::initTestCase()
{
    QVERIFY(m_dir.isValid());
    std::mt19937 random(17);
    std::normal_distribution<double> noise(0.0, 2.0);
    std::bernoulli_distribution coin(0.5);
    const auto image
        = [&](int b, int x, int) { return bandValue(thirdOf(x, m_size.width()), b) + noise(random); };
    const QString trainImage = writeImage(m_dir.filePath(QStringLiteral("thirds.tif")), m_size, 3, image);
    // Left: class 1, middle: 1 or 2 at random, right: class 2.
    const QString labels
        = writeClasses(m_dir.filePath(QStringLiteral("thirds-labels.tif")), m_size, [&](int x, int) {
              const int third = thirdOf(x, m_size.width());
              return third == 0 ? 1 : (third == 2 ? 2 : (coin(random) ? 1 : 2));
          });
    m_input
        = writeImage(m_dir.filePath(QStringLiteral("thirds-input.tif")), m_size, 3, [&](int b, int x, int y) {
              return m_outlier.contains(x, y) ? (b == 1 ? 250.0 : -60.0) : image(b, x, y);
          });
    QVERIFY(!trainImage.isEmpty() && !labels.isEmpty() && !m_input.isEmpty());

    const QJsonArray layers { layer(QStringLiteral("image"), QStringLiteral("imagery"), trainImage),
                              layer(QStringLiteral("labels"), QStringLiteral("class-raster"), labels) };
    const QJsonObject task { { QStringLiteral("type"), QStringLiteral("segmentation") },
                             { QStringLiteral("image"), QStringLiteral("image") },
                             { QStringLiteral("labels"), QStringLiteral("labels") },
                             { QStringLiteral("patchSize"), kPatch },
                             { QStringLiteral("stride"), kPatch / 2 },
                             { QStringLiteral("split"), randomSplit() } };
    m_run = m_dir.filePath(QStringLiteral("run"));
    QString error = train(
        writeProject(m_dir.filePath(QStringLiteral("thirds.deepterra")), layers, task, unet(0.3), 12, 1e-2),
        m_run);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_runWithoutDropout = m_dir.filePath(QStringLiteral("run-no-dropout"));
    error = train(writeProject(m_dir.filePath(QStringLiteral("thirds-no-dropout.deepterra")), layers, task,
                               unet(0.0), 1, 1e-2),
                  m_runWithoutDropout);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // A patch classifier whose dense head has dropout: its decision runs through the dropped units.
    QJsonObject patchTask = task;
    patchTask.insert(QStringLiteral("type"), QStringLiteral("patch-classification"));
    patchTask.insert(QStringLiteral("patchSize"), 8);
    patchTask.insert(QStringLiteral("stride"), 4);
    const QJsonObject cnn { { QStringLiteral("type"), QStringLiteral("cnn") },
                            { QStringLiteral("blocks"),
                              QJsonArray {
                                  QJsonObject { { QStringLiteral("filters"), 8 },
                                                { QStringLiteral("padding"), QStringLiteral("same") },
                                                { QStringLiteral("pool"), 2 } } } },
                            { QStringLiteral("denseUnits"), QJsonArray { 32 } },
                            { QStringLiteral("denseDropout"), 0.5 } };
    m_classifierRun = m_dir.filePath(QStringLiteral("run-classifier"));
    error = train(writeProject(m_dir.filePath(QStringLiteral("thirds-classifier.deepterra")), layers,
                               patchTask, cnn, 8, 1e-2),
                  m_classifierRun);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QJsonObject autoencoderTask = task;
    autoencoderTask.insert(QStringLiteral("type"), QStringLiteral("raster-autoencoder"));
    autoencoderTask.remove(QStringLiteral("labels"));
    m_autoencoderRun = m_dir.filePath(QStringLiteral("run-autoencoder"));
    error = train(writeProject(m_dir.filePath(QStringLiteral("thirds-autoencoder.deepterra")),
                               { layers.first() }, autoencoderTask,
                               { { QStringLiteral("type"), QStringLiteral("conv-autoencoder") },
                                 { QStringLiteral("depth"), 2 },
                                 { QStringLiteral("baseFilters"), 8 },
                                 { QStringLiteral("latent"), 16 } },
                               4, 3e-3),
                  m_autoencoderRun);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

TestRasterPredictorUncertainty::Regions TestRasterPredictorUncertainty::regions(const RasterBuffer &map,
                                                                                int band) const
{
    const int w = m_size.width();
    const auto nearBoundary
        = [&](int x) { return std::abs(x - w / 3) < kPatch || std::abs(x - 2 * w / 3) < kPatch; };
    const QRect nearOutlier = m_outlier.adjusted(-kPatch, -kPatch, kPatch, kPatch);
    const auto counted = [&](int x, int y) { return !nearBoundary(x) && !nearOutlier.contains(x, y); };
    Regions r;
    r.middle = meanWhere(
        map, [&](int x, int y) { return counted(x, y) && thirdOf(x, w) == 1; }, band);
    r.sides = meanWhere(
        map, [&](int x, int y) { return counted(x, y) && thirdOf(x, w) != 1; }, band);
    r.outlier = meanWhere(
        map, [&](int x, int y) { return m_outlier.contains(x, y); }, band);
    return r;
}

PredictionRequest TestRasterPredictorUncertainty::request(const QString &name, const QString &method) const
{
    PredictionRequest request;
    request.input = m_input;
    request.output = m_dir.filePath(name + QStringLiteral("-classes.tif"));
    request.probabilities = m_dir.filePath(name + QStringLiteral("-probabilities.tif"));
    request.uncertaintyOutput = m_dir.filePath(name + QStringLiteral("-uncertainty.tif"));
    request.tile = 32;
    request.threads = 2;
    QString error;
    if (!UncertaintySettings::parse(method, &request.uncertainty, &error))
        qFatal("%s", qPrintable(error));
    return request;
}

void TestRasterPredictorUncertainty::monteCarloDropoutIsHigherWhereTheTruthIsAmbiguous()
{
    const TrainedModel model = TrainedModel::loadRun(m_run);
    PredictionRequest plain = request(QStringLiteral("plain"), QStringLiteral("none"));
    plain.uncertaintyOutput.clear();
    QElapsedTimer timer;
    timer.start();
    RasterPredictor(model, plain).run();
    const qint64 plainMs = timer.restart();
    const PredictionRequest mc = request(QStringLiteral("mc"), QStringLiteral("mc-dropout:10"));
    RasterPredictor(model, mc).run();
    qInfo("one prediction %lld ms, Monte Carlo dropout with 10 passes %lld ms", plainMs, timer.elapsed());

    QVERIFY(sameGrid(mc.uncertaintyOutput, m_input));
    const RasterDataset file = RasterDataset::open(mc.uncertaintyOutput);
    QCOMPARE(file.bandCount(), 3);
    QCOMPARE(file.info().bands[0].description, QStringLiteral("predictive entropy"));
    QCOMPARE(file.info().bands[1].description, QStringLiteral("mutual information"));
    QCOMPARE(file.info().bands[2].description, QStringLiteral("probability standard deviation"));
    const RasterBuffer uncertainty = readAll(mc.uncertaintyOutput);
    const Regions entropy = regions(uncertainty, 0);
    const Regions information = regions(uncertainty, 1);
    const Regions spread = regions(uncertainty, 2);
    qInfo("MC dropout: entropy %.3f middle / %.3f sides, mutual information %.4f / %.4f, std %.4f / %.4f",
          entropy.middle, entropy.sides, information.middle, information.sides, spread.middle, spread.sides);
    QVERIFY2(entropy.middle > 0.5, qPrintable(QString::number(entropy.middle))); // ln 2 = 0.69 at p = 0.5
    QVERIFY2(entropy.middle > 3.0 * entropy.sides, qPrintable(QString::number(entropy.sides)));
    // Each pixel's values are bounded: entropy of two classes <= ln 2, and mutual information <= entropy.
    for (std::size_t i = 0; i < uncertainty.values.size() / 3; ++i) {
        QVERIFY(uncertainty.values[i] >= 0.0f && uncertainty.values[i] <= float(std::log(2.0)) + 1e-5f);
        QVERIFY(uncertainty.values[uncertainty.values.size() / 3 + i] <= uncertainty.values[i] + 1e-5f);
    }
    // The class map and probabilities are the passes' mean: still probabilities.
    const RasterBuffer probabilities = readAll(mc.probabilities);
    for (std::size_t i = 0; i < probabilities.values.size() / 2; ++i)
        QVERIFY(std::abs(probabilities.values[i] + probabilities.values[probabilities.values.size() / 2 + i]
                         - 1.0f)
                < 1e-4f);
}

void TestRasterPredictorUncertainty::monteCarloDropoutPassesDisagreeWhereTheTruthIsAmbiguous()
{
    const TrainedModel model = TrainedModel::loadRun(m_classifierRun);
    const PredictionRequest mc = request(QStringLiteral("mc-classifier"), QStringLiteral("mc-dropout:20"));
    RasterPredictor(model, mc).run();
    const RasterBuffer uncertainty = readAll(mc.uncertaintyOutput);
    const Regions entropy = regions(uncertainty, 0);
    const Regions information = regions(uncertainty, 1);
    const Regions spread = regions(uncertainty, 2);
    qInfo("MC dropout, patch classifier: entropy %.3f middle / %.3f sides, mutual information %.4f / %.4f, "
          "std %.4f / %.4f",
          entropy.middle, entropy.sides, information.middle, information.sides, spread.middle, spread.sides);
    QVERIFY2(entropy.middle > 3.0 * entropy.sides, qPrintable(QString::number(entropy.sides)));
    QVERIFY2(spread.middle > 3.0 * spread.sides, qPrintable(QString::number(spread.sides)));
    // Labels that are a coin toss are the data's uncertainty, which every pass predicts alike (0.5):
    // high entropy, little disagreement. Values the model never saw are the model's uncertainty:
    // there the passes disagree, which mutual information measures.
    qInfo("outlier square: entropy %.3f, mutual information %.4f", entropy.outlier, information.outlier);
    QVERIFY2(information.outlier > 5.0 * information.sides, qPrintable(QString::number(information.outlier)));
    QVERIFY2(information.outlier > 5.0 * information.middle,
             qPrintable(QString::number(information.outlier)));
}

void TestRasterPredictorUncertainty::testTimeAugmentationIsHigherWhereTheTruthIsAmbiguous()
{
    const TrainedModel model = TrainedModel::loadRun(m_run);
    const PredictionRequest tta = request(QStringLiteral("tta"), QStringLiteral("tta"));
    RasterPredictor(model, tta).run();
    const RasterBuffer uncertainty = readAll(tta.uncertaintyOutput);
    QCOMPARE(uncertainty.bandCount(), 3);
    const Regions entropy = regions(uncertainty, 0);
    qInfo("TTA: entropy %.3f middle / %.3f sides", entropy.middle, entropy.sides);
    QVERIFY2(entropy.middle > 0.5, qPrintable(QString::number(entropy.middle)));
    QVERIFY2(entropy.middle > 3.0 * entropy.sides, qPrintable(QString::number(entropy.sides)));
    // The augmentations' outputs are turned back onto the tile: the thirds stay where they are
    // (but for the outlier square, whose values no training pixel has: any class can come there).
    const RasterBuffer classes = readAll(tta.output);
    const int w = m_size.width();
    for (int y = 0; y < m_size.height(); ++y) {
        QCOMPARE(int(classes.value(0, kPatch / 2, y)), 1);
        if (!m_outlier.contains(w - 1 - kPatch / 2, y))
            QVERIFY2(int(classes.value(0, w - 1 - kPatch / 2, y)) == 2, qPrintable(QString::number(y)));
    }
}

void TestRasterPredictorUncertainty::anomalyMapSpreadIsHigherOnTheOutlier()
{
    const TrainedModel model = TrainedModel::loadRun(m_autoencoderRun);
    PredictionRequest tta = request(QStringLiteral("ae-tta"), QStringLiteral("tta"));
    tta.probabilities.clear();
    RasterPredictor(model, tta).run();
    const RasterDataset file = RasterDataset::open(tta.uncertaintyOutput);
    QCOMPARE(file.bandCount(), 1);
    QCOMPARE(file.info().bands[0].description, QStringLiteral("reconstruction error standard deviation"));
    const RasterBuffer spread = readAll(tta.uncertaintyOutput);
    for (float value : spread.values)
        QVERIFY(std::isfinite(value) && value >= 0.0f);
    const Regions r = regions(spread, 0);
    const Regions error = regions(readAll(tta.output), 0);
    qInfo("autoencoder, TTA: error %.3g outlier / %.3g sides; its spread %.3g / %.3g", error.outlier,
          error.sides, r.outlier, r.sides);
    // The flips and turns of a patch it never saw are reconstructed each in their own wrong way.
    QVERIFY2(r.outlier > 5.0 * r.sides, qPrintable(QStringLiteral("%1 vs %2").arg(r.outlier).arg(r.sides)));
    // Monte Carlo dropout needs dropout, which the convolutional autoencoder has none of.
    QVERIFY_THROWS_EXCEPTION(
        DataError, RasterPredictor(model, request(QStringLiteral("ae-mc"), QStringLiteral("mc-dropout:3"))));
}

void TestRasterPredictorUncertainty::monteCarloDropoutDoesNotDependOnTheStreams()
{
    const TrainedModel model = TrainedModel::loadRun(m_run);
    PredictionRequest one = request(QStringLiteral("one-stream"), QStringLiteral("mc-dropout:4"));
    one.streams = 1;
    one.threads = 1;
    one.batch = 2;
    RasterPredictor(model, one).run();
    PredictionRequest two = request(QStringLiteral("two-streams"), QStringLiteral("mc-dropout:4"));
    two.streams = 2;
    two.batch = 2;
    RasterPredictor(model, two).run();
    const RasterBuffer a = readAll(one.uncertaintyOutput);
    const RasterBuffer b = readAll(two.uncertaintyOutput);
    QCOMPARE(a.values.size(), b.values.size());
    double largest = 0.0;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        largest = std::max(largest, double(std::abs(a.values[i] - b.values[i])));
    QVERIFY2(largest < 1e-5, qPrintable(QString::number(largest)));
    // Another seed draws other masks.
    PredictionRequest reseeded = request(QStringLiteral("reseeded"), QStringLiteral("mc-dropout:4"));
    reseeded.uncertainty.seed = 2;
    reseeded.batch = 2;
    RasterPredictor(model, reseeded).run();
    QVERIFY(readAll(reseeded.uncertaintyOutput).values != a.values);
}

void TestRasterPredictorUncertainty::monteCarloDropoutNeedsDropout()
{
    const TrainedModel model = TrainedModel::loadRun(m_runWithoutDropout);
    const PredictionRequest mc = request(QStringLiteral("no-dropout"), QStringLiteral("mc-dropout:5"));
    try {
        RasterPredictor predictor(model, mc);
        QFAIL("a model without dropout was accepted for Monte Carlo dropout");
    } catch (const DataError &e) {
        QVERIFY2(e.message().contains(QStringLiteral("no dropout")), qPrintable(e.message()));
        QVERIFY2(e.message().contains(QStringLiteral("tta")), qPrintable(e.message()));
    }
    QVERIFY(!QFile::exists(mc.output));
    // Test-time augmentation needs no dropout.
    const PredictionRequest tta = request(QStringLiteral("no-dropout-tta"), QStringLiteral("tta"));
    RasterPredictor(model, tta).run();
    QVERIFY(QFile::exists(tta.uncertaintyOutput));
}

void TestRasterPredictorUncertainty::uncertaintyNeedsAnOutputFile()
{
    const TrainedModel model = TrainedModel::loadRun(m_run);
    PredictionRequest tta = request(QStringLiteral("no-file"), QStringLiteral("tta"));
    tta.uncertaintyOutput.clear();
    QVERIFY_THROWS_EXCEPTION(DataError, RasterPredictor(model, tta));
}

QTEST_GUILESS_MAIN(TestRasterPredictorUncertainty)
#include "testrasterpredictoruncertainty.moc"
