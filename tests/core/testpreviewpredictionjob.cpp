#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inference/previewpredictionjob.h"
#include "jobs/feedback.h"
#include "rasterpredictorfixture.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cpl_vsi.h>

#include <random>

using namespace deepterra;
using namespace deepterra::test;

// The live preview's prediction: the part of the training image that the map shows, predicted
// with a run's checkpoint into memory, saved only where asked (a file or GDAL's memory).
class TestPreviewPredictionJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void predictsTheVisibleWindowIntoMemory();
    void aLargeViewIsCutAroundItsCentre();
    void savesWhereAsked();
    void aRunWithoutCheckpointOrAViewOffTheImageIsAClearError();

private:
    QStringList runFiles() const;
    PreviewRequest request(const QRectF &extent) const;

    QTemporaryDir m_dir;
    QString m_image;
    QString m_run;
    const QSize m_size { 96, 64 };
};

void TestPreviewPredictionJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Two halves that a small patch classifier tells apart (TestRasterPredictorTasks' fixture).
    std::mt19937 random(5);
    std::normal_distribution<double> noise(0.0, 3.0);
    const double left[3] = { 10.0, 80.0, 40.0 };
    const double right[3] = { 60.0, 20.0, 90.0 };
    m_image = writeImage(m_dir.filePath(QStringLiteral("halves.tif")), m_size, 3,
                         [&](int b, int x, int) { return (x < 48 ? left[b] : right[b]) + noise(random); });
    const QString labels = writeClasses(m_dir.filePath(QStringLiteral("labels.tif")), m_size,
                                        [](int x, int) { return x < 48 ? 1 : 2; });
    QVERIFY(!m_image.isEmpty() && !labels.isEmpty());
    const QString project = writePatchClassifierProject(m_dir.filePath(QStringLiteral("halves.deepterra")),
                                                        m_image, labels, 8, 2);
    m_run = m_dir.filePath(QStringLiteral("run"));
    const QString error = train(project, m_run);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QStringList TestPreviewPredictionJob::runFiles() const
{
    QStringList files;
    QDirIterator it(m_run, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

PreviewRequest TestPreviewPredictionJob::request(const QRectF &extent) const
{
    PreviewRequest request;
    request.runFolder = m_run;
    request.image = m_image;
    request.mapExtent = extent;
    request.mapCrs = RasterDataset::open(m_image).info().crs;
    return request;
}

namespace {

// The map extent of image pixels [x0, x1) x [y0, y1).
QRectF pixels(int x0, int y0, int x1, int y1)
{
    return QRectF(QPointF(kOriginX + x0 * kPixel, kOriginY - y1 * kPixel),
                  QPointF(kOriginX + x1 * kPixel, kOriginY - y0 * kPixel));
}

} // namespace

void TestPreviewPredictionJob::predictsTheVisibleWindowIntoMemory()
{
    const QStringList before = runFiles();
    PreviewPredictionJob job(request(pixels(32, 8, 72, 40)));
    Feedback feedback;
    job.run(feedback);
    QCOMPARE(job.window(), QRect(32, 8, 40, 32));
    const auto prediction = job.prediction();
    QVERIFY(prediction);
    QVERIFY(prediction->isClassMap());
    QCOMPARE(prediction->grid().width, 40);
    QCOMPARE(prediction->grid().height, 32);
    // On the image's grid: the window's first pixel is the image's pixel (32, 8).
    const auto c = prediction->grid().geoTransform.coefficients();
    QCOMPARE(c[0], kOriginX + 32 * kPixel);
    QCOMPARE(c[3], kOriginY - 8 * kPixel);
    int correct = 0;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 40; ++x)
            correct += prediction->valueAt(x, y) == (32 + x < 48 ? 1.0f : 2.0f);
    QVERIFY2(correct > 40 * 32 * 9 / 10, qPrintable(QStringLiteral("%1 of 1280 right").arg(correct)));
    QCOMPARE(runFiles(), before); // nothing written
}

void TestPreviewPredictionJob::aLargeViewIsCutAroundItsCentre()
{
    PreviewRequest whole = request({});
    whole.maxSize = 16;
    PreviewPredictionJob job(whole);
    Feedback feedback;
    job.run(feedback);
    QCOMPARE(job.window(), QRect(39, 23, 16, 16)); // around QRect::center(): (47, 31)
    QCOMPARE(job.prediction()->grid().width, 16);
}

void TestPreviewPredictionJob::savesWhereAsked()
{
    for (const QString &output : { QStringLiteral("/vsimem/testpreviewpredictionjob/live.tif"),
                                   m_dir.filePath(QStringLiteral("live.tif")) }) {
        PreviewRequest asked = request(pixels(0, 0, 48, 32));
        asked.output = output;
        PreviewPredictionJob job(asked);
        Feedback feedback;
        job.run(feedback);
        const RasterInfo info = RasterDataset::open(output).info();
        QCOMPARE(info.width, 48);
        QCOMPARE(info.height, 32);
        const RasterBuffer saved = readAll(output);
        for (std::size_t i = 0; i < saved.values.size(); ++i)
            QCOMPARE(saved.values[i], job.prediction()->values()[i]);
        PredictedWindow::remove(output);
        VSIStatBufL stat;
        QVERIFY(VSIStatL(output.toUtf8().constData(), &stat) != 0);
    }
}

void TestPreviewPredictionJob::aRunWithoutCheckpointOrAViewOffTheImageIsAClearError()
{
    Feedback feedback;
    PreviewRequest noRun = request({});
    noRun.runFolder = m_dir.filePath(QStringLiteral("not-trained-yet"));
    try {
        PreviewPredictionJob(noRun).run(feedback);
        QFAIL("a preview without a checkpoint");
    } catch (const DataError &error) {
        QVERIFY2(error.message().contains(QLatin1String("no checkpoint yet")), qPrintable(error.message()));
    }
    try {
        PreviewPredictionJob(request(pixels(200, 200, 240, 240))).run(feedback);
        QFAIL("a preview of a view that shows no part of the image");
    } catch (const DataError &error) {
        QVERIFY2(error.message().contains(QLatin1String("the map shows no part of the image")),
                 qPrintable(error.message()));
    }
}

QTEST_GUILESS_MAIN(TestPreviewPredictionJob)
#include "testpreviewpredictionjob.moc"
