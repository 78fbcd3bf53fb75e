// The map of a class run's validation pixels: a short seeded U-Net run on the Olinda sample (and a
// patch CNN's); the raster's pixels of every (truth, predicted) pair must be the run's confusion matrix
// in metrics.json, cell for cell. A stride below the patch size makes overlapping candidates, so
// that the validation patches had to be thinned to a non-overlapping set (each pixel counted once).

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inference/validationclasspairsjob.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>

using namespace deepterra;

namespace {

QJsonObject layer(const QString &id, const QString &kind, const QString &path, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("id"), id);
    extra.insert(QStringLiteral("kind"), kind);
    extra.insert(QStringLiteral("path"), path);
    return extra;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Pixels per raster value, read with GDAL alone.
std::vector<qint64> histogram(const QString &path, double geoTransform[6])
{
    GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    if (!dataset)
        return {};
    GDALGetGeoTransform(dataset, geoTransform);
    const int width = GDALGetRasterXSize(dataset);
    const int height = GDALGetRasterYSize(dataset);
    std::vector<std::uint16_t> values(std::size_t(width) * std::size_t(height));
    const CPLErr read = GDALRasterIO(GDALGetRasterBand(dataset, 1), GF_Read, 0, 0, width, height,
                                     values.data(), width, height, GDT_UInt16, 0, 0);
    GDALClose(dataset);
    if (read != CE_None)
        return {};
    std::vector<qint64> counts(65536, 0);
    for (std::uint16_t v : values)
        ++counts[v];
    return counts;
}

} // namespace

class TestValidationClassPairsJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pairCountsAreTheConfusionMatrix();
    void rasterLiesOnTheImageGrid();
    void aSecondRunReusesTheRaster();
    void notARunIsAClearError();
    void patchClassificationFillsEachPatchsCell();

private:
    // A seeded two-epoch run of `task` on the Olinda sample: its folder and confusion matrix.
    QString train(const QString &name, const QJsonObject &task, const QString &preset, QJsonArray &matrix);

    QTemporaryDir m_dir;
    QString m_run;
    QJsonArray m_matrix;
};

QString TestValidationClassPairsJob::train(const QString &name, const QJsonObject &task,
                                           const QString &preset, QJsonArray &matrix)
{
    const QJsonObject project {
        { QStringLiteral("format"), QStringLiteral("deepterra-project") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("name"), name },
        { QStringLiteral("layers"),
          QJsonArray { layer(QStringLiteral("landsat"), QStringLiteral("imagery"),
                             test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))),
                       layer(QStringLiteral("training"), QStringLiteral("vector-labels"),
                             QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
                             { { QStringLiteral("classField"), QStringLiteral("landcover") } }) } },
        { QStringLiteral("task"), task },
        { QStringLiteral("model"), QJsonObject { { QStringLiteral("preset"), preset } } },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), 2 },
                        { QStringLiteral("batchSize"), 16 },
                        { QStringLiteral("learningRate"), 3e-3 },
                        { QStringLiteral("seed"), 7 },
                        { QStringLiteral("device"), QStringLiteral("cpu") } } }
    };
    const QString projectPath = m_dir.filePath(name + QStringLiteral(".deepterra"));
    QFile file(projectPath);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(project).toJson());
    file.close();

    TrainingRequest request;
    request.projectPath = projectPath;
    request.outputFolder = m_dir.filePath(name + QStringLiteral("-run"));
    request.threads = 2;
    TrainingJob training(request);
    Feedback feedback;
    const JobResult trained = JobRunner::runBlocking(training, feedback);
    if (!trained.succeeded()) {
        qWarning("training failed: %s", qPrintable(trained.error));
        return {};
    }
    matrix = readJson(QDir(training.runFolder()).filePath(QStringLiteral("metrics.json")))
                 .value(QStringLiteral("details"))
                 .toObject()
                 .value(QStringLiteral("classification"))
                 .toObject()
                 .value(QStringLiteral("confusionMatrix"))
                 .toArray();
    return training.runFolder();
}

void TestValidationClassPairsJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_run = train(QStringLiteral("pairs"),
                  QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                                { QStringLiteral("image"), QStringLiteral("landsat") },
                                { QStringLiteral("labels"), QStringLiteral("training") },
                                { QStringLiteral("patchSize"), 32 },
                                { QStringLiteral("stride"), 24 } },
                  QStringLiteral("unet-small"), m_matrix);
    QVERIFY(!m_run.isEmpty());
    QVERIFY(m_matrix.size() >= 2);
}

void TestValidationClassPairsJob::pairCountsAreTheConfusionMatrix()
{
    ValidationClassPairsJob job(m_run);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    QVERIFY(!job.reused());
    QCOMPARE(job.output(), ValidationClassPairsJob::outputPath(m_run));

    double geoTransform[6];
    const std::vector<qint64> pixels = histogram(job.output(), geoTransform);
    QVERIFY(!pixels.empty());
    const int classes = int(m_matrix.size());
    qint64 offDiagonal = 0;
    qint64 total = 0;
    for (int t = 0; t < classes; ++t)
        for (int p = 0; p < classes; ++p) {
            const qint64 cell = qint64(m_matrix.at(t).toArray().at(p).toDouble());
            const qint64 mapped = pixels[std::size_t(ValidationClassPairsJob::pairValue(t, p, classes))];
            QVERIFY2(mapped == cell,
                     qPrintable(QStringLiteral("cell (%1, %2): %3 pixels on the map, %4 in "
                                               "metrics.json")
                                    .arg(t)
                                    .arg(p)
                                    .arg(mapped)
                                    .arg(cell)));
            QCOMPARE(job.counts().at(t, p), cell);
            total += cell;
            if (t != p)
                offDiagonal += cell;
        }
    QVERIFY(total > 0);
    QVERIFY(offDiagonal > 0); // two epochs leave mistakes: the off-diagonal cells are tested too
    // Nothing but pairs of the run's classes: every other pixel is NoData.
    qint64 inPairs = 0;
    for (int v = 1; v <= classes * classes; ++v)
        inPairs += pixels[std::size_t(v)];
    QCOMPARE(inPairs, total);
}

void TestValidationClassPairsJob::rasterLiesOnTheImageGrid()
{
    double pairs[6];
    QVERIFY(!histogram(ValidationClassPairsJob::outputPath(m_run), pairs).empty());
    const RasterInfo image = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))).info();
    const auto &c = image.geoTransform.coefficients();
    QCOMPARE(pairs[1], c[1]);
    QCOMPARE(pairs[5], c[5]);
    // The corner falls on a pixel corner of the image.
    const double column = (pairs[0] - c[0]) / c[1];
    const double row = (pairs[3] - c[3]) / c[5];
    QVERIFY2(std::abs(column - std::round(column)) < 1e-6 && column >= 0,
             qPrintable(QString::number(column)));
    QVERIFY2(std::abs(row - std::round(row)) < 1e-6 && row >= 0, qPrintable(QString::number(row)));
    GDALDatasetH dataset
        = GDALOpen(ValidationClassPairsJob::outputPath(m_run).toUtf8().constData(), GA_ReadOnly);
    QVERIFY(dataset);
    int hasNoData = 0;
    const double noData = GDALGetRasterNoDataValue(GDALGetRasterBand(dataset, 1), &hasNoData);
    GDALClose(dataset);
    QVERIFY(hasNoData);
    QCOMPARE(noData, 0.0);
}

void TestValidationClassPairsJob::aSecondRunReusesTheRaster()
{
    const QDateTime written = QFileInfo(ValidationClassPairsJob::outputPath(m_run)).lastModified();
    ValidationClassPairsJob job(m_run);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    QVERIFY(job.reused());
    QCOMPARE(QFileInfo(job.output()).lastModified(), written);
    for (int t = 0; t < int(m_matrix.size()); ++t)
        for (int p = 0; p < int(m_matrix.size()); ++p)
            QCOMPARE(job.counts().at(t, p), qint64(m_matrix.at(t).toArray().at(p).toDouble()));
}

void TestValidationClassPairsJob::notARunIsAClearError()
{
    ValidationClassPairsJob job(m_dir.path());
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY(!result.succeeded());
    QVERIFY(!result.error.isEmpty());
    QVERIFY(!QFile::exists(ValidationClassPairsJob::outputPath(m_dir.path())));
}

void TestValidationClassPairsJob::patchClassificationFillsEachPatchsCell()
{
    // One class per patch: each validation patch's pair fills the stride-wide cell at its centre.
    constexpr int kStride = 16;
    QJsonArray matrix;
    const QString run
        = train(QStringLiteral("patches"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("patch-classification") },
                              { QStringLiteral("image"), QStringLiteral("landsat") },
                              { QStringLiteral("labels"), QStringLiteral("training") },
                              { QStringLiteral("patchSize"), 32 },
                              { QStringLiteral("stride"), kStride } },
                QStringLiteral("patch-cnn"), matrix);
    QVERIFY(!run.isEmpty());
    QVERIFY(matrix.size() >= 2);
    ValidationClassPairsJob job(run);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    double geoTransform[6];
    const std::vector<qint64> pixels = histogram(job.output(), geoTransform);
    QVERIFY(!pixels.empty());
    // The sampler adds a patch flush with the image's far edge, off the grid: its cell and its
    // neighbour's may share pixels, so a pair can show fewer, never more, than its patches' cells.
    const int classes = int(matrix.size());
    qint64 total = 0;
    qint64 mapped = 0;
    for (int t = 0; t < classes; ++t)
        for (int p = 0; p < classes; ++p) {
            const qint64 patches = qint64(matrix.at(t).toArray().at(p).toDouble());
            QCOMPARE(job.counts().at(t, p), patches);
            const qint64 cells = pixels[std::size_t(ValidationClassPairsJob::pairValue(t, p, classes))];
            QVERIFY2(cells <= patches * kStride * kStride,
                     qPrintable(QStringLiteral("(%1, %2): %3 pixels for %4 patches")
                                    .arg(t)
                                    .arg(p)
                                    .arg(cells)
                                    .arg(patches)));
            QVERIFY(patches == 0 || cells > 0);
            total += patches;
            mapped += cells;
        }
    QVERIFY(total > 0);
    QVERIFY2(mapped >= total * kStride * kStride * 3 / 4, qPrintable(QString::number(mapped)));
    // Not reused: a patch run is predicted again, quickly, every time.
    ValidationClassPairsJob again(run);
    QVERIFY(JobRunner::runBlocking(again, feedback).succeeded());
    QVERIFY(!again.reused());
}

QTEST_GUILESS_MAIN(TestValidationClassPairsJob)
#include "testvalidationclasspairsjob.moc"
