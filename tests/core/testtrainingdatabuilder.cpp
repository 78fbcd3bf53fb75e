#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "project/project.h"
#include "testdata.h"
#include "training/batchloader.h"
#include "training/trainingdatabuilder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

namespace {

// A 24x24 image and a class raster with two classes (left and right halves), and a daily CSV.
Project fixture(const QTemporaryDir &dir)
{
    test::RasterSpec spec;
    spec.width = spec.height = 24;
    std::vector<double> image, classes;
    for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x) {
            image.push_back(x * 0.5 + y);
            classes.push_back(x < 12 ? 1 : 2);
        }
    Project p;
    p.filePath = dir.filePath(QStringLiteral("p.deepterra"));
    ProjectLayer imageLayer;
    imageLayer.id = QStringLiteral("image");
    imageLayer.kind = LayerKind::Imagery;
    imageLayer.path = test::writeRaster(dir.filePath(QStringLiteral("image.tif")), spec, image);
    spec.dataType = QStringLiteral("Byte");
    ProjectLayer labels;
    labels.id = QStringLiteral("labels");
    labels.kind = LayerKind::ClassRaster;
    labels.path = test::writeRaster(dir.filePath(QStringLiteral("labels.tif")), spec, classes);
    QFile csv(dir.filePath(QStringLiteral("daily.csv")));
    if (csv.open(QIODevice::WriteOnly))
        for (int d = -1; d < 60; ++d)
            csv.write(d < 0 ? QByteArray("day,flow\n")
                            : QStringLiteral("%1,%2\n")
                                  .arg(QDate(2022, 1, 1).addDays(d).toString(Qt::ISODate))
                                  .arg(d % 7)
                                  .toUtf8());
    csv.close();
    ProjectLayer series;
    series.id = QStringLiteral("flow");
    series.kind = LayerKind::Series;
    series.path = csv.fileName();
    p.layers = { imageLayer, labels, series };
    return p;
}

} // namespace

class TestTrainingDataBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rasterAndSeriesTasks();
    void reportsAndHonoursCancel();
};

void TestTrainingDataBuilder::rasterAndSeriesTasks()
{
    QTemporaryDir dir;
    const Project project = fixture(dir);
    TaskConfig raster;
    raster.kind = TaskKind::Segmentation;
    raster.raster.imageLayer = QStringLiteral("image");
    raster.raster.labelLayer = QStringLiteral("labels");
    raster.raster.patchSize = 8;
    raster.raster.stride = 8;
    raster.split.kind = SplitKind::Random;
    const TrainingData patches = TrainingDataBuilder::build(project, raster, 1);
    QCOMPARE(int(patches.task), int(TaskKind::Segmentation));
    QCOMPARE(patches.train->size() + patches.validation->size(), std::size_t(9));
    QCOMPARE(patches.patchSize, 8);
    // The batch loader packs the examples as the trainer expects them.
    BatchLoaderOptions loading;
    loading.batchSize = 4;
    loading.augment = true;
    SampleBatch batch;
    BatchLoader patchLoader(*patches.train, loading);
    QVERIFY(patchLoader.next(batch));
    QCOMPARE(batch.inputShape, (std::vector<std::int64_t> { 4, 1, 8, 8 }));
    QCOMPARE(batch.classShape, (std::vector<std::int64_t> { 4, 8, 8 }));
    QVERIFY(batch.targetShape.empty());

    TaskConfig series;
    series.kind = TaskKind::Forecasting;
    series.series.seriesLayer = QStringLiteral("flow");
    series.series.lookback = 7;
    series.series.horizon = 2;
    series.split.kind = SplitKind::SpatialBlocks; // ignored: series tasks are split chronologically
    const TrainingData windows = TrainingDataBuilder::build(project, series, 1);
    QCOMPARE(int(windows.task), int(TaskKind::Forecasting));
    // 52 windows of 9 days; round(10.4) = 10 validate, 1 overlaps them.
    QCOMPARE(windows.validation->size(), std::size_t(10));
    QCOMPARE(windows.train->size(), std::size_t(41));
    BatchLoader windowLoader(*windows.train, loading);
    QVERIFY(windowLoader.next(batch));
    QCOMPARE(batch.inputShape, (std::vector<std::int64_t> { 4, 7, 1 }));
    QCOMPARE(batch.targetShape, (std::vector<std::int64_t> { 4, 2, 1 }));
    QVERIFY(batch.classShape.empty());
    QCOMPARE(
        windows.summary.value(QStringLiteral("split")).toObject().value(QStringLiteral("method")).toString(),
        QStringLiteral("chronological"));

    QString path;
    raster.raster.labelLayer = QStringLiteral("nothing");
    QVERIFY(!test::dataErrorCause([&] { TrainingDataBuilder::build(project, raster, 1); }, &path).isEmpty());
    QCOMPARE(path, project.filePath);
}

void TestTrainingDataBuilder::reportsAndHonoursCancel()
{
    QTemporaryDir dir;
    const Project project = fixture(dir);
    TaskConfig task;
    task.kind = TaskKind::PatchClassification;
    task.raster.imageLayer = QStringLiteral("image");
    task.raster.labelLayer = QStringLiteral("labels");
    task.raster.patchSize = 8;
    task.raster.stride = 4;
    task.split.kind = SplitKind::Random;
    Feedback feedback;
    QStringList messages;
    QObject::connect(
        &feedback, &Feedback::messageLogged, &feedback,
        [&](Feedback::Level, const QString &text) { messages << text; }, Qt::DirectConnection);
    TrainingDataBuilder::build(project, task, 1, &feedback);
    QCOMPARE(feedback.progress(), 100.0);
    QVERIFY2(messages.join(QLatin1Char('\n')).contains(QStringLiteral("training and")),
             qPrintable(messages.join(QLatin1Char('\n'))));
    // Overlapping patches in a random split leak: the user is warned.
    QVERIFY(messages.join(QLatin1Char('\n')).contains(QStringLiteral("prefer spatial blocks")));

    feedback.cancel();
    QVERIFY_THROWS_EXCEPTION(JobCanceled, TrainingDataBuilder::build(project, task, 1, &feedback));
}

QTEST_GUILESS_MAIN(TestTrainingDataBuilder)
#include "testtrainingdatabuilder.moc"
