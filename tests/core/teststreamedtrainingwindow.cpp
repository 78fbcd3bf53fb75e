#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "project/project.h"
#include "project/projectfile.h"
#include "testdata.h"
#include "training/patchdataset.h"
#include "training/rasterstackreader.h"
#include "training/rastertrainingdatabuilder.h"
#include "training/streamedtrainingwindow.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace deepterra;

namespace {

const PatchDataset &patches(const std::shared_ptr<const SampleDataset> &dataset)
{
    return dynamic_cast<const PatchDataset &>(*dataset);
}

Project olinda()
{
    Project project
        = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
    project.layer(QStringLiteral("landsat"))->path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    project.layer(QStringLiteral("dem"))->path
        = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    return project;
}

TaskConfig olindaTask(TaskKind kind)
{
    TaskConfig task;
    task.kind = kind;
    task.raster.imageLayer = QStringLiteral("landsat");
    task.raster.labelLayer = QStringLiteral("training");
    task.raster.demLayer = QStringLiteral("dem");
    task.raster.demChannels = { QStringLiteral("elevation"), QStringLiteral("slope") };
    task.raster.patchSize = 32;
    task.raster.stride = 16;
    task.split.kind = SplitKind::SpatialBlocks;
    task.split.testFraction = 0.15;
    return task;
}

void compareSites(const std::vector<PatchSite> &a, const std::vector<PatchSite> &b)
{
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].x, b[i].x);
        QCOMPARE(a[i].y, b[i].y);
        QCOMPARE(a[i].classIndex, b[i].classIndex);
        QCOMPARE(a[i].labelledPixels, b[i].labelledPixels);
    }
}

// Everything a run sees: the same sites in every split, the same normaliser, counts and summary,
// and the same examples (augmented the same way), value for value.
void compareData(const TrainingData &memory, const TrainingData &disk, int demChannels = 0)
{
    QVERIFY(!patches(memory.train).source().onDisk());
    QVERIFY(patches(disk.train).source().onDisk());
    QVERIFY(disk.summary.value(QStringLiteral("streamedFromDisk")).toBool());
    QJsonObject summary = disk.summary;
    summary.remove(QStringLiteral("streamedFromDisk"));
    QCOMPARE(summary, memory.summary);
    compareSites(patches(disk.train).sites(), patches(memory.train).sites());
    compareSites(patches(disk.validation).sites(), patches(memory.validation).sites());
    QCOMPARE(bool(disk.test), bool(memory.test));
    if (memory.test)
        compareSites(patches(disk.test).sites(), patches(memory.test).sites());
    // Image bands bit for bit. DEM channels are warped strip by strip, and GDAL's warper places
    // source points by interpolating the transformation along each chunk it warps: strips and the
    // whole window differ in the last bits.
    const int bands = memory.inputChannels.size() - demChannels;
    for (std::size_t c = 0; c < memory.normalizer.offsets.size(); ++c) {
        const double tolerance = int(c) < bands ? 0.0 : 1e-9;
        QVERIFY2(std::abs(disk.normalizer.offsets[c] - memory.normalizer.offsets[c])
                     <= tolerance * std::abs(memory.normalizer.offsets[c]),
                 qPrintable(QStringLiteral("offset %1: %2 vs %3")
                                .arg(c)
                                .arg(disk.normalizer.offsets[c], 0, 'g', 17)
                                .arg(memory.normalizer.offsets[c], 0, 'g', 17)));
        QVERIFY2(std::abs(disk.normalizer.scales[c] - memory.normalizer.scales[c])
                     <= tolerance * memory.normalizer.scales[c],
                 qPrintable(QStringLiteral("scale %1: %2 vs %3")
                                .arg(c)
                                .arg(disk.normalizer.scales[c], 0, 'g', 17)
                                .arg(memory.normalizer.scales[c], 0, 'g', 17)));
    }
    QCOMPARE(disk.trainClassCounts, memory.trainClassCounts);
    QCOMPARE(disk.inputChannels, memory.inputChannels);

    for (const auto &[a, b] :
         { std::pair { memory.train, disk.train }, std::pair { memory.validation, disk.validation } }) {
        QCOMPARE(a->inputShape(), b->inputShape());
        QCOMPARE(a->targetShape(), b->targetShape());
        std::mt19937_64 first(7), second(7);
        Sample x, y;
        const std::size_t imageValues = std::size_t(bands) * std::size_t(memory.patchSize * memory.patchSize);
        for (std::size_t i = 0; i < a->size(); ++i) {
            a->sample(i, x, &first);
            b->sample(i, y, &second);
            QCOMPARE(x.input.size(), y.input.size());
            QVERIFY2(
                std::equal(x.input.begin(), x.input.begin() + std::ptrdiff_t(imageValues), y.input.begin()),
                qPrintable(QStringLiteral("example %1 differs").arg(i)));
            for (std::size_t v = imageValues; v < x.input.size(); ++v)
                QVERIFY2(std::abs(x.input[v] - y.input[v]) < 1e-4f,
                         qPrintable(QStringLiteral("example %1, value %2: %3 vs %4")
                                        .arg(i)
                                        .arg(v)
                                        .arg(x.input[v])
                                        .arg(y.input[v])));
            QCOMPARE(x.classes, y.classes);
            QCOMPARE(x.target, y.target);
        }
    }
}

} // namespace

class TestStreamedTrainingWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void olindaSegmentationFromDiskEqualsMemory();
    void patchClassificationFromDiskEqualsMemory();
    void autoencoderWithPercentilesAndNoData();
    void stripsCoverTheWindowWhateverTheirSize();
    void stripsKeepToTheMemoryLimit();
    void aDemBesideTheWindowIsNamed();
};

void TestStreamedTrainingWindow::olindaSegmentationFromDiskEqualsMemory()
{
    const Project project = olinda();
    TaskConfig task = olindaTask(TaskKind::Segmentation);
    const TrainingData memory = RasterTrainingDataBuilder::build(project, task, 42);
    // 1 MiB for a window of about 5 MiB: labels placed in three strips, the window copied one row
    // of patches at a time, the DEM's slope computed strip by strip.
    task.raster.memoryLimitMiB = 1;
    const TrainingData disk = RasterTrainingDataBuilder::build(project, task, 42);
    compareData(memory, disk, 2);
    QVERIFY(memory.test && memory.test->size() > 0);

    // The split preview counts the classes of the validation patches from the copy.
    const auto &validation = patches(disk.validation);
    QCOMPARE(
        RasterTrainingDataBuilder::classCounts(validation.source(), validation.sites(), disk.classes.size()),
        RasterTrainingDataBuilder::classCounts(patches(memory.validation).source(),
                                               patches(memory.validation).sites(), memory.classes.size()));
}

void TestStreamedTrainingWindow::patchClassificationFromDiskEqualsMemory()
{
    const Project project = olinda();
    TaskConfig task = olindaTask(TaskKind::PatchClassification);
    task.raster.demChannels = { QStringLiteral("aspect") };
    task.raster.sceneLabel = SceneLabelRule::Center;
    task.raster.classBalanced = true;
    const TrainingData memory = RasterTrainingDataBuilder::build(project, task, 5);
    task.raster.memoryLimitMiB = 0; // every pass one row (of pixels or patches) at a time
    const TrainingData disk = RasterTrainingDataBuilder::build(project, task, 5);
    compareData(memory, disk, 1);
    QCOMPARE(disk.train->samplingWeights(), memory.train->samplingWeights());
}

void TestStreamedTrainingWindow::autoencoderWithPercentilesAndNoData()
{
    // Three bands with a NoData hole and a slope of values: percentile normalisation (exact while
    // the values fit the sample) and NoData filled after normalisation, as in memory.
    QTemporaryDir dir;
    test::RasterSpec spec;
    spec.width = 150;
    spec.height = 130;
    spec.bands = 3;
    spec.hasNoData = true;
    std::vector<double> values;
    for (int b = 0; b < 3; ++b)
        for (int y = 0; y < spec.height; ++y)
            for (int x = 0; x < spec.width; ++x)
                values.push_back((x > 40 && x < 60 && y > 50 && y < 58) ? -9999.0
                                                                        : b * 100.0 + x * 0.5 + y * y * 0.01);
    Project project;
    project.filePath = dir.filePath(QStringLiteral("fixture.deepterra"));
    ProjectLayer image;
    image.id = QStringLiteral("image");
    image.kind = LayerKind::Imagery;
    image.path = test::writeRaster(dir.filePath(QStringLiteral("image.tif")), spec, values);
    project.layers.push_back(image);
    TaskConfig task;
    task.kind = TaskKind::RasterAutoencoder;
    task.raster.imageLayer = QStringLiteral("image");
    task.raster.patchSize = 16;
    task.raster.stride = 12;
    task.raster.maxNoDataFraction = 0.3;
    task.raster.normalization = NormalizationKind::PercentileMinMax;
    task.split.kind = SplitKind::Random;
    const TrainingData memory = RasterTrainingDataBuilder::build(project, task, 11);
    task.raster.memoryLimitMiB = 0;
    const TrainingData disk = RasterTrainingDataBuilder::build(project, task, 11);
    compareData(memory, disk);
    QVERIFY(memory.summary.value(QStringLiteral("rejectedForNoData")).toInt() > 0);
}

void TestStreamedTrainingWindow::stripsCoverTheWindowWhateverTheirSize()
{
    // Strips of one patch row and of several, a stride wider than the patch (rows no patch reads),
    // and a window that is not the image: each gives the in-memory sites.
    QTemporaryDir dir;
    test::RasterSpec spec;
    spec.width = 90;
    spec.height = 77;
    std::vector<double> values;
    for (int y = 0; y < spec.height; ++y)
        for (int x = 0; x < spec.width; ++x)
            values.push_back(std::sin(x * 0.3) + y);
    RasterStackSource source;
    source.imagePath = test::writeRaster(dir.filePath(QStringLiteral("image.tif")), spec, values);
    source.bands = { 1 };
    source.bandChannels = { QStringLiteral("v") };
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(source.imagePath).info());
    const QRect window(5, 3, 80, 70);
    for (const int stride : { 4, 9, 13 })
        for (const std::uint64_t limit : { std::uint64_t(0), std::uint64_t(20000), std::uint64_t(1) << 20 }) {
            PatchSamplingOptions options;
            options.patchSize = 10;
            options.stride = stride;
            options.rule = PatchLabelRule::Any;
            const RasterStack stack = RasterStackReader::read(source, grid, window);
            const PatchSampling expected = PatchSampler::sample(stack, {}, options);
            const StreamedTrainingWindow::Copy copy
                = StreamedTrainingWindow::copyAndSample(source, grid, window, {}, options, limit, nullptr);
            compareSites(copy.sampling.sites, expected.sites);
            QCOMPARE(copy.sampling.candidates, expected.candidates);
            // Every pixel a patch covers is on disk as read.
            for (const PatchSite &site : expected.sites) {
                const RasterStack patch = copy.disk->read(site.footprint(10));
                for (int y = 0; y < 10; ++y)
                    for (int x = 0; x < 10; ++x)
                        QCOMPARE(
                            patch.values[patch.offset(0, x, y)],
                            stack.values[stack.offset(0, site.x - window.x() + x, site.y - window.y() + y)]);
            }
        }
}

void TestStreamedTrainingWindow::stripsKeepToTheMemoryLimit()
{
    QTemporaryDir dir;
    test::RasterSpec spec;
    spec.width = 200;
    spec.height = 300;
    spec.bands = 3;
    RasterStackSource source;
    source.imagePath = test::writeRaster(dir.filePath(QStringLiteral("image.tif")), spec,
                                         std::vector<double>(std::size_t(3 * 200 * 300), 7.0));
    source.bands = { 1, 2, 3 };
    source.bandChannels = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(source.imagePath).info());
    PatchSamplingOptions options;
    options.patchSize = 16;
    options.stride = 8;
    options.rule = PatchLabelRule::Any;
    const QRect window(0, 0, 200, 300);
    // The window needs 900 000 bytes in memory; 200 000 leave room for a few rows of patches a strip.
    const std::uint64_t limit = 200000;
    const auto strips
        = StreamedTrainingWindow::copyAndSample(source, grid, window, {}, options, limit, nullptr);
    QVERIFY2(strips.strips > 5, qPrintable(QString::number(strips.strips)));
    QVERIFY2(strips.largestStripBytes <= limit / 2, qPrintable(QString::number(strips.largestStripBytes)));
    const auto whole = StreamedTrainingWindow::copyAndSample(source, grid, window, {}, options,
                                                             std::uint64_t(1) << 30, nullptr);
    QCOMPARE(whole.strips, 1);
    compareSites(strips.sampling.sites, whole.sampling.sites);
    QCOMPARE(strips.validPerChannel, (std::vector<std::int64_t>(3, 200 * 300)));
}

void TestStreamedTrainingWindow::aDemBesideTheWindowIsNamed()
{
    // A DEM 50 km east of the image: in memory and streamed, the error names the DEM before any
    // patch is blamed.
    QTemporaryDir dir;
    test::RasterSpec image;
    image.width = image.height = 64;
    test::RasterSpec dem = image;
    dem.originX += 50000.0;
    Project project;
    project.filePath = dir.filePath(QStringLiteral("p.deepterra"));
    for (const auto &[id, kind, spec] : { std::tuple { QStringLiteral("image"), LayerKind::Imagery, image },
                                          std::tuple { QStringLiteral("dem"), LayerKind::Dem, dem } }) {
        ProjectLayer layer;
        layer.id = id;
        layer.kind = kind;
        layer.path = test::writeRaster(dir.filePath(id + QStringLiteral(".tif")), spec,
                                       std::vector<double>(64 * 64, 12.0));
        project.layers.push_back(layer);
    }
    TaskConfig task;
    task.kind = TaskKind::RasterAutoencoder;
    task.raster.imageLayer = QStringLiteral("image");
    task.raster.demLayer = QStringLiteral("dem");
    task.raster.demChannels = { QStringLiteral("elevation") };
    task.raster.patchSize = 16;
    task.raster.stride = 16;
    for (const int limit : { 2048, 0 }) {
        task.raster.memoryLimitMiB = limit;
        QString path;
        const QString cause
            = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
        QVERIFY2(cause.contains(QStringLiteral("the DEM does not cover the training window")),
                 qPrintable(cause));
        QCOMPARE(path, project.layers[1].path);
    }
}

QTEST_GUILESS_MAIN(TestStreamedTrainingWindow)
#include "teststreamedtrainingwindow.moc"
