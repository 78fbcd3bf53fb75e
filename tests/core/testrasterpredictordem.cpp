#include "common/dataerror.h"
#include "export/exportedmodel.h"
#include "export/modelexporter.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "rasterpredictorfixture.h"
#include "training/demchannelcache.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSize>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace deepterra;
using namespace deepterra::test;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// The DEM fixture, in image pixel coordinates: a west-east ramp with waves along y, so that the
// class boundary (196 m, at x = 64 on average) winds across the image.
constexpr int kDemThreshold = 196;
const QSize kDemImageSize(128, 112);

double elevation(double x, double y)
{
    return 100.0 + 1.5 * x + 40.0 * std::sin(2.0 * kPi * y / 64.0);
}

// The same terrain mirrored west-east about the image's centre.
double mirroredElevation(double x, double y)
{
    return elevation(kDemImageSize.width() - 1 - x, y);
}

// The share of the larger class over `size` pixels from `offset` on: what a map that ignores the
// DEM (one class everywhere) gets right at best.
double majorityShare(QSize size, QPoint offset = {})
{
    std::size_t ones = 0;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x)
            ones += elevation(x + offset.x(), y + offset.y()) < kDemThreshold ? 1 : 0;
    const double pixels = double(size.width()) * double(size.height());
    return std::max(double(ones), pixels - double(ones)) / pixels;
}

// A DEM on the image's pixels reaching 16 pixels beyond it on every side: its windows must be
// found by position, not by pixel index.
QString writeDem(const QString &path, double (*height)(double, double))
{
    constexpr int margin = 16;
    const QSize size = kDemImageSize + QSize(2 * margin, 2 * margin);
    return writeImage(
        path, size, 1, [height](int, int x, int y) { return height(x - margin, y - margin); }, {}, 0,
        QPoint(-margin, -margin));
}

} // namespace

// Whole-raster prediction with DEM channels: a U-Net trained on a blank image whose classes
// follow the terrain, so that only the DEM channels (elevation, slope) can give the map. The
// model is trained once and shared by the tests.
class TestRasterPredictorDem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demChannelsReachThePrediction();
    void derivativesAreComputedOncePerPrediction();
    void removedDemLayerIsAClearError();
    void outputThatIsTheDemIsRefused();
    void inputBeyondTheDemIsNoData();
    void exportedDemModelReadsTheSameDem();

private:
    const TrainedModel *demModel();
    // Share of the pixels of the DEM model's map of `input` (the blank image, or a crop of it whose
    // pixel (0, 0) is the image's `offset`) that `height` classifies alike.
    double demAccuracy(const QString &name, double (*height)(double, double), const QString &input,
                       QPoint offset = {}, int tile = 32, int overlap = 8);

    QTemporaryDir m_dir;
    std::unique_ptr<TrainedModel> m_demModel;
    QString m_demProject;
    QString m_demImage;
};

void TestRasterPredictorDem::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

const TrainedModel *TestRasterPredictorDem::demModel()
{
    if (m_demModel)
        return m_demModel.get();
    // The image is one constant band: all the network can learn from is the DEM.
    m_demImage = writeImage(m_dir.filePath(QStringLiteral("blank.tif")), kDemImageSize, 1,
                            [](int, int, int) { return 7.0; });
    const QString labels = writeClasses(m_dir.filePath(QStringLiteral("dem-labels.tif")), kDemImageSize,
                                        [](int x, int y) { return elevation(x, y) < kDemThreshold ? 1 : 2; });
    const QString dem = writeDem(m_dir.filePath(QStringLiteral("dem.tif")), elevation);
    if (m_demImage.isEmpty() || labels.isEmpty() || dem.isEmpty())
        return nullptr;

    m_demProject = writeProject(m_dir.filePath(QStringLiteral("dem.deepterra")),
                                { layer(QStringLiteral("image"), QStringLiteral("imagery"), m_demImage),
                                  layer(QStringLiteral("dem"), QStringLiteral("dem"), dem),
                                  layer(QStringLiteral("labels"), QStringLiteral("class-raster"), labels) },
                                { { QStringLiteral("type"), QStringLiteral("segmentation") },
                                  { QStringLiteral("image"), QStringLiteral("image") },
                                  { QStringLiteral("dem"), QStringLiteral("dem") },
                                  { QStringLiteral("demChannels"),
                                    QJsonArray { QStringLiteral("elevation"), QStringLiteral("slope") } },
                                  { QStringLiteral("labels"), QStringLiteral("labels") },
                                  { QStringLiteral("patchSize"), 16 },
                                  { QStringLiteral("stride"), 8 },
                                  { QStringLiteral("split"), randomSplit() } },
                                { { QStringLiteral("type"), QStringLiteral("unet") },
                                  { QStringLiteral("depth"), 2 },
                                  { QStringLiteral("baseFilters"), 8 },
                                  { QStringLiteral("batchNorm"), false } },
                                4, 1e-2);
    const QString run = m_dir.filePath(QStringLiteral("dem-run"));
    const QString error = train(m_demProject, run);
    if (!error.isEmpty()) {
        qWarning("training with DEM channels failed: %s", qPrintable(error));
        return nullptr;
    }
    m_demModel = std::make_unique<TrainedModel>(TrainedModel::loadRun(run));
    return m_demModel.get();
}

double TestRasterPredictorDem::demAccuracy(const QString &name, double (*height)(double, double),
                                           const QString &input, QPoint offset, int tile, int overlap)
{
    PredictionRequest request;
    request.input = input;
    request.output = m_dir.filePath(name + QStringLiteral("-classes.tif"));
    request.tile = tile;
    request.overlap = overlap;
    request.threads = 2;
    RasterPredictor(*m_demModel, request).run();
    if (!sameGrid(request.output, input))
        return -1.0;
    const RasterBuffer classes = readAll(request.output);
    std::size_t correct = 0;
    for (int y = 0; y < classes.height; ++y)
        for (int x = 0; x < classes.width; ++x) {
            const int expected = height(x + offset.x(), y + offset.y()) < kDemThreshold ? 1 : 2;
            correct += classes.isValid(0, x, y) && int(classes.value(0, x, y)) == expected ? 1 : 0;
        }
    return double(correct) / double(classes.pixelCount());
}

void TestRasterPredictorDem::demChannelsReachThePrediction()
{
    QVERIFY(demModel());
    // Over the blank image, a map without the DEM channels is one class: half right at best.
    const double majority = majorityShare(kDemImageSize);
    const double accuracy = demAccuracy(QStringLiteral("dem"), elevation, m_demImage);
    qInfo("DEM channels: accuracy %.4f (majority class %.4f)", accuracy, majority);
    QVERIFY(majority < 0.55);
    QVERIFY2(accuracy > 0.9, qPrintable(QString::number(accuracy)));

    // Another raster on a part of the image's grid: the DEM is cut at the input's position.
    const QPoint offset(40, 24);
    const QSize cropSize(72, 64);
    const QString crop = writeImage(
        m_dir.filePath(QStringLiteral("blank-crop.tif")), cropSize, 1, [](int, int, int) { return 7.0; }, {},
        0, offset);
    const double cropAccuracy = demAccuracy(QStringLiteral("dem-crop"), elevation, crop, offset);
    const double cropMajority = majorityShare(cropSize, offset);
    qInfo("DEM channels: accuracy on a crop at (40, 24) %.4f (majority class %.4f)", cropAccuracy,
          cropMajority);
    QVERIFY(cropMajority < 0.75);
    QVERIFY2(cropAccuracy > 0.9, qPrintable(QString::number(cropAccuracy)));

    // Prediction reads the project's DEM when it runs: with the terrain mirrored, the map follows
    // the mirrored terrain, which no memory of the training map could give.
    const QString mirrored = writeDem(m_dir.filePath(QStringLiteral("dem-mirrored.tif")), mirroredElevation);
    QFile file(m_demProject);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    file.close();
    QByteArray edited = original;
    edited.replace(m_dir.filePath(QStringLiteral("dem.tif")).toUtf8(), mirrored.toUtf8());
    QVERIFY(edited != original);
    auto restore = qScopeGuard([&] { writeFile(m_demProject, original); });
    QVERIFY(writeFile(m_demProject, edited));
    const double mirroredAccuracy
        = demAccuracy(QStringLiteral("dem-mirrored"), mirroredElevation, m_demImage);
    restore.dismiss();
    QVERIFY(writeFile(m_demProject, original));
    qInfo("DEM channels: accuracy on the mirrored terrain %.4f", mirroredAccuracy);
    QVERIFY2(mirroredAccuracy > 0.9, qPrintable(QString::number(mirroredAccuracy)));
}

void TestRasterPredictorDem::derivativesAreComputedOncePerPrediction()
{
    QVERIFY(demModel());
    // Tiles of 16 with an overlap of 4 read the 112 rows as 10 strips (tile origins -2, 10, ...,
    // 106): the model's one derivative, the slope, is computed once for all of them, not per strip.
    const int before = DemChannelCache::derivativesComputed();
    const double accuracy = demAccuracy(QStringLiteral("dem-strips"), elevation, m_demImage, {}, 16, 4);
    QCOMPARE(DemChannelCache::derivativesComputed() - before, 1);
    qInfo("DEM channels: accuracy with tiles of 16 %.4f", accuracy);
    QVERIFY2(accuracy > 0.9, qPrintable(QString::number(accuracy)));
}

void TestRasterPredictorDem::removedDemLayerIsAClearError()
{
    const TrainedModel *model = demModel();
    QVERIFY(model);
    // Remove the DEM layer from the project the run was trained from (and put it back afterwards).
    QFile file(m_demProject);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    file.close();
    QJsonObject project = QJsonDocument::fromJson(original).object();
    QJsonArray layers;
    for (const QJsonValue &value : project.value(QStringLiteral("layers")).toArray())
        if (value.toObject().value(QStringLiteral("id")).toString() != QLatin1String("dem"))
            layers.append(value);
    QCOMPARE(layers.size(), 2);
    project.insert(QStringLiteral("layers"), layers);
    auto restore = qScopeGuard([&] { writeFile(m_demProject, original); });
    QVERIFY(writeFile(m_demProject, QJsonDocument(project).toJson()));

    PredictionRequest request;
    request.input = m_demImage;
    request.output = m_dir.filePath(QStringLiteral("no-dem-classes.tif"));
    request.threads = 2;
    QString path;
    const QString cause = test::dataErrorCause([&] { RasterPredictor(*model, request).run(); }, &path);
    restore.dismiss();
    QVERIFY(writeFile(m_demProject, original));
    QCOMPARE(path, m_demProject);
    QVERIFY2(cause.contains(QStringLiteral("DEM layer \"dem\"")), qPrintable(cause));
    QVERIFY(!QFile::exists(request.output));
}

void TestRasterPredictorDem::outputThatIsTheDemIsRefused()
{
    const TrainedModel *model = demModel();
    QVERIFY(model);
    // The DEM is read through the project, not named in the request: a probabilities file named
    // like it would overwrite it, and the project file likewise.
    const QString dem = m_dir.filePath(QStringLiteral("dem.tif"));
    for (const QString &input : { dem, m_demProject }) {
        QFile file(input);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        PredictionRequest request;
        request.input = m_demImage;
        request.output = m_dir.filePath(QStringLiteral("dem-refused-classes.tif"));
        request.probabilities = input;
        request.threads = 2;
        QString path;
        const QString cause = test::dataErrorCause([&] { RasterPredictor(*model, request).run(); }, &path);
        QCOMPARE(path, input);
        QVERIFY2(cause.contains(QStringLiteral("same file as the input")), qPrintable(cause));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        QVERIFY(!QFile::exists(request.output));
    }
}

void TestRasterPredictorDem::inputBeyondTheDemIsNoData()
{
    QVERIFY(demModel());
    // A blank raster twice the image's height: its southern half lies beyond the DEM (which ends
    // 16 pixels below the image), so whole tile rows there have no DEM pixel at all. Those pixels
    // have NoData in a channel and are NoData in the map; the rest is mapped as over the image.
    const QSize size(kDemImageSize.width(), 2 * kDemImageSize.height());
    const QString tall = writeImage(m_dir.filePath(QStringLiteral("blank-tall.tif")), size, 1,
                                    [](int, int, int) { return 7.0; });
    PredictionRequest request;
    request.input = tall;
    request.output = m_dir.filePath(QStringLiteral("dem-tall-classes.tif"));
    request.tile = 32;
    request.overlap = 8;
    request.threads = 2;
    const QString cause = test::dataErrorCause([&] { RasterPredictor(*m_demModel, request).run(); });
    QVERIFY2(cause.isEmpty(), qPrintable(cause));
    QVERIFY(sameGrid(request.output, tall));
    const RasterBuffer classes = readAll(request.output);
    const int demEnd = kDemImageSize.height() + 16; // first row beyond the DEM
    std::size_t correct = 0;
    std::size_t covered = 0;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) {
            QCOMPARE(classes.isValid(0, x, y), y < demEnd);
            if (y >= demEnd)
                continue;
            ++covered;
            correct += int(classes.value(0, x, y)) == (elevation(x, y) < kDemThreshold ? 1 : 2) ? 1 : 0;
        }
    const double accuracy = double(correct) / double(covered);
    qInfo("DEM channels: accuracy over the DEM's part of a raster beyond it %.4f", accuracy);
    QVERIFY2(accuracy > 0.9, qPrintable(QString::number(accuracy)));

    // A raster that the DEM misses entirely is an error naming the DEM, before any output exists.
    const QString away = writeImage(
        m_dir.filePath(QStringLiteral("blank-away.tif")), QSize(64, 64), 1, [](int, int, int) { return 7.0; },
        {}, 0, QPoint(1000, 0));
    request.input = away;
    request.output = m_dir.filePath(QStringLiteral("dem-away-classes.tif"));
    QString path;
    const QString missed = test::dataErrorCause([&] { RasterPredictor(*m_demModel, request).run(); }, &path);
    QCOMPARE(path, m_dir.filePath(QStringLiteral("dem.tif")));
    QVERIFY2(missed.startsWith(QStringLiteral("the DEM does not overlap the raster to predict")),
             qPrintable(missed));
    QVERIFY(!QFile::exists(request.output));
}

void TestRasterPredictorDem::exportedDemModelReadsTheSameDem()
{
    QVERIFY(demModel());
    // The card inside the .pt carries the run's config.json, project path included: the exported
    // model reads the project's DEM layer as the run does, and maps the same classes.
    const QString pt = m_dir.filePath(QStringLiteral("dem.pt"));
    ModelExporter::exportRun(*m_demModel, ExportFormat::TorchScript, pt);
    const ExportedModel exported = ExportedModel::load(pt);
    PredictionRequest fromRun;
    fromRun.input = m_demImage;
    fromRun.output = m_dir.filePath(QStringLiteral("dem-run-classes.tif"));
    fromRun.tile = 32;
    fromRun.overlap = 8;
    fromRun.threads = 2;
    PredictionRequest fromExport = fromRun;
    fromExport.output = m_dir.filePath(QStringLiteral("dem-export-classes.tif"));
    RasterPredictor(*m_demModel, fromRun).run();
    RasterPredictor(exported, fromExport).run();
    const RasterBuffer a = readAll(fromRun.output);
    const RasterBuffer b = readAll(fromExport.output);
    QCOMPARE(b.values.size(), a.values.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        differ += a.valid[i] != b.valid[i] || a.values[i] != b.values[i] ? 1 : 0;
    QCOMPARE(differ, std::size_t(0));
}

QTEST_GUILESS_MAIN(TestRasterPredictorDem)
#include "testrasterpredictordem.moc"
