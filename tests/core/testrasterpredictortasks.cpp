#include "inference/predictionwriter.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "rasterpredictorfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSize>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <random>

using namespace deepterra;
using namespace deepterra::test;

// Whole-raster prediction of patch classification and raster autoencoders (convolutional and
// dense); the DEM channels are TestRasterPredictorDem's. Each test trains a tiny seeded model on a
// fixture whose answer is known by construction. The rasters are not square so that a mix-up of
// width and height shows.
class TestRasterPredictorTasks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void patchClassificationMapsTheHalves();
    void convAutoencoderFlagsTheAnomaly();
    void denseAutoencoderFlagsTheAnomaly();

private:
    void checkAnomalyMap(const QJsonObject &model, int patchSize, const QString &name);

    QTemporaryDir m_dir;
};

void TestRasterPredictorTasks::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestRasterPredictorTasks::patchClassificationMapsTheHalves()
{
    // The left half and the right half differ by 10-20 noise standard deviations in every band: a
    // CNN separates them in a few epochs. Patches of 8 never straddle the boundary (x = 72).
    const QSize trainingSize(144, 120);
    constexpr int patch = 8;
    std::mt19937 random(3);
    std::normal_distribution<double> noise(0.0, 3.0);
    const double left[3] = { 10.0, 80.0, 40.0 };
    const double right[3] = { 60.0, 20.0, 90.0 };
    const auto halves = [&](int boundary) {
        return
            [&, boundary](int b, int x, int) { return (x < boundary ? left[b] : right[b]) + noise(random); };
    };
    const QString trainImage
        = writeImage(m_dir.filePath(QStringLiteral("halves.tif")), trainingSize, 3, halves(72));
    const QString labels = writeClasses(m_dir.filePath(QStringLiteral("halves-labels.tif")), trainingSize,
                                        [&](int x, int) { return x < 72 ? 1 : 2; });
    // The prediction input is another raster, wider than the 256-pixel blocks of the outputs so
    // that it can be predicted in two vertical bands: new noise, the halves split at x = 152, and
    // NoData in band 2 over a square inside the left half.
    const QSize size(304, 120);
    const int boundary = size.width() / 2;
    const QRect hole(16, 96, 8, 8);
    const QString input
        = writeImage(m_dir.filePath(QStringLiteral("halves-input.tif")), size, 3, halves(boundary), hole, 1);
    QVERIFY(!trainImage.isEmpty() && !labels.isEmpty() && !input.isEmpty());

    const QString project = writePatchClassifierProject(m_dir.filePath(QStringLiteral("halves.deepterra")),
                                                        trainImage, labels, patch, 3);
    const QString run = m_dir.filePath(QStringLiteral("halves-run"));
    const QString error = train(project, run);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const TrainedModel model = TrainedModel::loadRun(run);

    PredictionRequest request;
    request.input = input;
    request.output = m_dir.filePath(QStringLiteral("halves-classes.tif"));
    request.probabilities = m_dir.filePath(QStringLiteral("halves-probabilities.tif"));
    request.batch = 64;
    request.threads = 2;
    RasterPredictor predictor(model, request);
    QCOMPARE(predictor.tile(), patch); // the CNN's dense head fixes the input size
    predictor.run();

    QVERIFY(sameGrid(request.output, input));
    QVERIFY(sameGrid(request.probabilities, input));
    const double classNoData = RasterDataset::open(request.output).info().bands.front().noData.value_or(-1.0);
    QCOMPARE(classNoData, 0.0); // classes 1 and 2 leave 0 free (PredictionWriter::classNoData)
    const RasterBuffer classes = readAll(request.output);
    const RasterBuffer probabilities = readAll(request.probabilities);
    QCOMPARE(probabilities.bandCount(), 2);

    // Pixels more than one patch from the boundary lie under windows of one half only.
    std::size_t counted[2] = { 0, 0 };
    std::size_t matches[2] = { 0, 0 };
    double worstSum = 0.0;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) {
            const bool inHole = hole.contains(x, y);
            QCOMPARE(classes.isValid(0, x, y), !inHole);
            QCOMPARE(probabilities.isValid(0, x, y), !inHole);
            QCOMPARE(probabilities.isValid(1, x, y), !inHole);
            if (inHole)
                continue;
            const double sum = double(probabilities.value(0, x, y)) + double(probabilities.value(1, x, y));
            worstSum = std::max(worstSum, std::abs(sum - 1.0));
            if (std::abs(x + 0.5 - boundary) <= patch)
                continue;
            const int half = x < boundary ? 0 : 1;
            ++counted[half];
            matches[half] += int(classes.value(0, x, y)) == half + 1 ? 1 : 0;
        }
    const double leftAccuracy = double(matches[0]) / double(counted[0]);
    const double rightAccuracy = double(matches[1]) / double(counted[1]);
    qInfo("patch classification: left %.4f, right %.4f, max |sum p - 1| %.2g", leftAccuracy, rightAccuracy,
          worstSum);
    QVERIFY2(leftAccuracy > 0.95, qPrintable(QString::number(leftAccuracy)));
    QVERIFY2(rightAccuracy > 0.95, qPrintable(QString::number(rightAccuracy)));
    QVERIFY2(worstSum < 1e-4, qPrintable(QString::number(worstSum)));

    // In bands of 256 columns, tiles straddling column 256 are computed for both bands and each
    // keeps its columns of the per-patch probabilities: the same map.
    PredictionRequest banded = request;
    banded.output = m_dir.filePath(QStringLiteral("halves-banded-classes.tif"));
    banded.probabilities = m_dir.filePath(QStringLiteral("halves-banded-probabilities.tif"));
    banded.bandWidth = 256;
    RasterPredictor(model, banded).run();
    const RasterBuffer bandedProbabilities = readAll(banded.probabilities);
    QCOMPARE(bandedProbabilities.valid, probabilities.valid);
    double largest = 0.0;
    for (std::size_t i = 0; i < probabilities.values.size(); ++i)
        if (probabilities.valid[i])
            largest = std::max(largest,
                               double(std::abs(probabilities.values[i] - bandedProbabilities.values[i])));
    QVERIFY2(largest < 1e-5, qPrintable(QString::number(largest)));
    QCOMPARE(readAll(banded.output).values, classes.values);
}

void TestRasterPredictorTasks::checkAnomalyMap(const QJsonObject &model, int patchSize, const QString &name)
{
    // Smooth waves plus noise; the prediction input adds a square far outside the training values
    // (15 and 7 standard deviations of the two bands) and a NoData hole in band 1.
    const QSize size(128, 104);
    std::mt19937 random(5);
    std::normal_distribution<double> noise(0.0, 1.0);
    const auto image = [&](int b, int x, int y) {
        return b == 0 ? 100.0 + 20.0 * std::sin(2.0 * kPi * x / 32.0) + noise(random)
                      : 50.0 + 10.0 * std::cos(2.0 * kPi * y / 40.0) + noise(random);
    };
    const QRect square(72, 40, 16, 16);
    const QRect hole(16, 88, 8, 8);
    const QString trainImage = writeImage(m_dir.filePath(name + QStringLiteral(".tif")), size, 2, image);
    const auto anomalous = [&](int b, int x, int y) {
        return square.contains(x, y) ? (b == 0 ? 400.0 : -100.0) : image(b, x, y);
    };
    const QString input
        = writeImage(m_dir.filePath(name + QStringLiteral("-input.tif")), size, 2, anomalous, hole, 0);
    QVERIFY(!trainImage.isEmpty() && !input.isEmpty());

    const QString project
        = writeProject(m_dir.filePath(name + QStringLiteral(".deepterra")),
                       { layer(QStringLiteral("image"), QStringLiteral("imagery"), trainImage) },
                       { { QStringLiteral("type"), QStringLiteral("raster-autoencoder") },
                         { QStringLiteral("image"), QStringLiteral("image") },
                         { QStringLiteral("patchSize"), patchSize },
                         { QStringLiteral("stride"), patchSize / 2 },
                         { QStringLiteral("split"), randomSplit() } },
                       model, 4, 3e-3);
    const QString run = m_dir.filePath(name + QStringLiteral("-run"));
    const QString error = train(project, run);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const TrainedModel trained = TrainedModel::loadRun(run);

    PredictionRequest request;
    request.input = input;
    request.output = m_dir.filePath(name + QStringLiteral("-anomaly.tif"));
    request.batch = 64;
    request.threads = 2;
    RasterPredictor predictor(trained, request);
    QCOMPARE(predictor.tile(), patchSize);
    predictor.run();

    QVERIFY(sameGrid(request.output, input));
    const RasterDataset anomaly = RasterDataset::open(request.output);
    QCOMPARE(anomaly.bandCount(), 1);
    QCOMPARE(anomaly.info().bands.front().noData.value_or(0.0), PredictionWriter::kAnomalyNoData);
    const RasterBuffer map = readAll(request.output);
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) {
            QCOMPARE(map.isValid(0, x, y), !hole.contains(x, y));
            if (map.isValid(0, x, y))
                QVERIFY(std::isfinite(map.value(0, x, y)) && map.value(0, x, y) >= 0.0f);
        }
    const double inside = meanWhere(map, [&](int x, int y) { return square.contains(x, y); });
    const double outside = meanWhere(map, [&](int x, int y) { return !square.contains(x, y); });
    qInfo("%s: mean reconstruction error inside %.4g, outside %.4g (ratio %.1f)", qPrintable(name), inside,
          outside, inside / outside);
    // The errors are squared and in normalised units, so the square's are in the tens to hundreds
    // while a model that reconstructs the waves stays near the noise's. "Outside" includes the
    // pixels next to the square, whose tiles also hold it.
    QVERIFY2(inside > 5.0 * outside, qPrintable(QStringLiteral("%1 vs %2").arg(inside).arg(outside)));

    // Without overlap every pixel takes the error of the one tile over it, so the map's mean over
    // whole tiles is the tiles' mean squared error over the normalised channels: what training
    // measured on its validation patches (metrics.json). Away from the square and the hole the
    // input is like those patches (same waves, new noise). Inputs normalised otherwise than in
    // training, or channels and pixels fed to the network in another order, give larger errors.
    // (With the default overlap the Hann window weights tile centres, where these models
    // reconstruct better than at tile edges, so the map reads lower than the validation errors.)
    request.output = m_dir.filePath(name + QStringLiteral("-anomaly-no-overlap.tif"));
    request.overlap = 0;
    RasterPredictor(trained, request).run();
    const QRect nearSquare = square.adjusted(-patchSize, -patchSize, patchSize, patchSize);
    const QRect nearHole = hole.adjusted(-patchSize, -patchSize, patchSize, patchSize);
    const double typical = meanWhere(readAll(request.output), [&](int x, int y) {
        return !nearSquare.contains(x, y) && !nearHole.contains(x, y);
    });
    QFile metricsFile(QDir(run).filePath(QStringLiteral("metrics.json")));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const double validation = QJsonDocument::fromJson(metricsFile.readAll())
                                  .object()
                                  .value(QStringLiteral("metrics"))
                                  .toObject()
                                  .value(QStringLiteral("val_reconstruction_mean"))
                                  .toDouble(-1.0);
    qInfo("%s: mean error of normal tiles %.4g, validation mean %.4g (ratio %.2f)", qPrintable(name), typical,
          validation, typical / validation);
    QVERIFY(validation > 0.0);
    QVERIFY2(typical < 1.5 * validation && typical > validation / 1.5,
             qPrintable(QStringLiteral("%1 vs %2").arg(typical).arg(validation)));
}

void TestRasterPredictorTasks::convAutoencoderFlagsTheAnomaly()
{
    checkAnomalyMap({ { QStringLiteral("type"), QStringLiteral("conv-autoencoder") },
                      { QStringLiteral("depth"), 2 },
                      { QStringLiteral("baseFilters"), 8 },
                      { QStringLiteral("latent"), 16 } },
                    16, QStringLiteral("conv-ae"));
}

void TestRasterPredictorTasks::denseAutoencoderFlagsTheAnomaly()
{
    // Flattened 2 x 8 x 8 patches (RasterPredictor reshapes the tiles for the dense network).
    checkAnomalyMap({ { QStringLiteral("type"), QStringLiteral("dense-autoencoder") },
                      { QStringLiteral("encoderLayers"), QJsonArray { 32 } },
                      { QStringLiteral("latent"), 8 },
                      { QStringLiteral("output"), QStringLiteral("linear") } },
                    8, QStringLiteral("dense-ae"));
}

QTEST_GUILESS_MAIN(TestRasterPredictorTasks)
#include "testrasterpredictortasks.moc"
