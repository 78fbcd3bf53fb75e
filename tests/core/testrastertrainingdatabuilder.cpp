#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/rasterwarper.h"
#include "labels/vectorlabelsource.h"
#include "project/project.h"
#include "project/projectfile.h"
#include "testdata.h"
#include "training/patchdataset.h"
#include "training/rastertrainingdatabuilder.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace deepterra;

namespace {

const PatchDataset &patches(const std::shared_ptr<const SampleDataset> &dataset)
{
    return dynamic_cast<const PatchDataset &>(*dataset);
}

ProjectLayer layer(const QString &id, LayerKind kind, const QString &path)
{
    ProjectLayer l;
    l.id = id;
    l.kind = kind;
    l.path = path;
    return l;
}

// A project in `dir` with an image and a class raster (absolute paths).
Project fixtureProject(const QTemporaryDir &dir, const QString &image, const QString &labels)
{
    Project p;
    p.filePath = dir.filePath(QStringLiteral("fixture.deepterra"));
    p.layers.push_back(layer(QStringLiteral("image"), LayerKind::Imagery, image));
    if (!labels.isEmpty())
        p.layers.push_back(layer(QStringLiteral("labels"), LayerKind::ClassRaster, labels));
    return p;
}

TaskConfig rasterTask(TaskKind kind, int patchSize, int stride)
{
    TaskConfig task;
    task.kind = kind;
    task.raster.imageLayer = QStringLiteral("image");
    task.raster.labelLayer = QStringLiteral("labels");
    task.raster.patchSize = patchSize;
    task.raster.stride = stride;
    return task;
}

// A square single-band Float32 image in UTM 25S, 30 m pixels, value = f(x, y).
template<typename F> QString writeImage(const QString &path, int size, F f, bool hasNoData = false)
{
    test::RasterSpec spec;
    spec.width = spec.height = size;
    spec.hasNoData = hasNoData;
    std::vector<double> values;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            values.push_back(f(x, y));
    return test::writeRaster(path, spec, values);
}

// A class raster on the same grid (Byte, NoData 0), value = f(x, y).
template<typename F> QString writeClasses(const QString &path, int size, F f, double originX = 500000.0)
{
    test::RasterSpec spec;
    spec.width = spec.height = size;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0;
    spec.originX = originX;
    std::vector<double> values;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            values.push_back(f(x, y));
    return test::writeRaster(path, spec, values);
}

std::vector<PatchSite> allSites(const TrainingData &data)
{
    std::vector<PatchSite> sites = patches(data.train).sites();
    const std::vector<PatchSite> &validation = patches(data.validation).sites();
    sites.insert(sites.end(), validation.begin(), validation.end());
    return sites;
}

} // namespace

class TestRasterTrainingDataBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void olindaSegmentationWithElevation();
    void normaliserIgnoresValidationPixels();
    void sceneLabelsByMajorityAndCentre();
    void noDataPatchesAreLeftOut();
    void classBalancedWeights();
    void autoencoderUsesTheWholeImage();
    void badInputsAreDataErrors();
};

void TestRasterTrainingDataBuilder::olindaSegmentationWithElevation()
{
    Project project
        = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
    const QString landsat = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const QString dem = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    project.layer(QStringLiteral("landsat"))->path = landsat;
    project.layer(QStringLiteral("dem"))->path = dem;
    TaskConfig task;
    task.kind = TaskKind::Segmentation;
    task.raster.imageLayer = QStringLiteral("landsat");
    task.raster.labelLayer = QStringLiteral("training");
    task.raster.demLayer = QStringLiteral("dem");
    task.raster.demChannels = { QStringLiteral("elevation") };
    task.raster.patchSize = 32;
    task.raster.stride = 16;
    task.split.kind = SplitKind::SpatialBlocks;

    const TrainingData data = RasterTrainingDataBuilder::build(project, task, 42);
    const PatchDataset &train = patches(data.train);
    const PatchDataset &validation = patches(data.validation);
    QVERIFY(train.size() > 0);
    QVERIFY(validation.size() > 0);
    QCOMPARE(data.summary.value(QStringLiteral("trainingPatches")).toInt(), int(train.size()));
    QCOMPARE(data.summary.value(QStringLiteral("validationPatches")).toInt(), int(validation.size()));
    QCOMPARE(data.inputChannels,
             (QStringList { QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red"),
                            QStringLiteral("nir"), QStringLiteral("swir1"), QStringLiteral("swir2"),
                            QStringLiteral("elevation") }));
    QCOMPARE(train.inputShape(), (std::vector<std::int64_t> { 7, 32, 32 }));
    QCOMPARE(train.targetShape(), (std::vector<std::int64_t> { 32, 32 }));
    QCOMPARE(data.patchSize, 32);
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(landsat).info());
    QVERIFY(data.grid.isAlignedWith(grid));

    // No leak: every pair of training and validation footprints is disjoint.
    for (const PatchSite &t : train.sites())
        for (const PatchSite &v : validation.sites())
            QVERIFY(!t.footprint(32).intersects(v.footprint(32)));

    // Independent inputs: the labels burnt onto the image grid, the bands read directly, the DEM
    // warped bilinearly onto the whole image grid (not the training window).
    const LabelGrid labels
        = VectorLabelSource::rasterize(project.absolutePath(*project.layer(QStringLiteral("training"))),
                                       QStringLiteral("landcover"), grid, QStringLiteral("training_areas"));
    QCOMPARE(data.classes.size(), 4); // bare_soil, built_up, vegetation, water
    const RasterBuffer bands = RasterDataset::open(landsat).readWindow(QRect(0, 0, grid.width, grid.height));
    const RasterBuffer elevation = RasterWarper::warpToGrid(dem, grid, { 1 }, Resampling::Bilinear);
    std::vector<std::uint8_t> covered(std::size_t(grid.width) * std::size_t(grid.height), 0);
    for (const PatchSite &t : train.sites())
        for (int y = t.y; y < t.y + 32; ++y)
            for (int x = t.x; x < t.x + 32; ++x)
                covered[std::size_t(y) * std::size_t(grid.width) + std::size_t(x)] = 1;

    // Class counts: labelled pixels under the training patches, each once, where the inputs are
    // valid (the DEM stops about a pixel short of the image's bottom edge).
    std::vector<std::int64_t> counts(4, 0);
    for (int y = 0; y < grid.height; ++y)
        for (int x = 0; x < grid.width; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(grid.width) + std::size_t(x);
            if (covered[i] && labels.at(x, y) >= 0 && elevation.valid[i])
                ++counts[std::size_t(labels.at(x, y))];
        }
    QCOMPARE(data.trainClassCounts, counts);
    // Training and validation pixels are disjoint: together no more than the labels hold.
    const std::vector<std::size_t> labelled = labels.countsPerClass();
    const QJsonObject trainPixels = data.summary.value(QStringLiteral("trainingPixelsPerClass")).toObject();
    const QJsonObject validationPixels
        = data.summary.value(QStringLiteral("validationPixelsPerClass")).toObject();
    const QJsonObject labelledPixels
        = data.summary.value(QStringLiteral("labelledPixelsPerClass")).toObject();
    for (int c = 0; c < 4; ++c) {
        const QString name = data.classes.entries[std::size_t(c)].name;
        QVERIFY(labelledPixels.value(name).toInt() <= int(labelled[std::size_t(c)]));
        QCOMPARE(trainPixels.value(name).toInt(), int(counts[std::size_t(c)]));
        QVERIFY(trainPixels.value(name).toInt() + validationPixels.value(name).toInt()
                <= int(labelled[std::size_t(c)]));
    }
    QVERIFY(std::all_of(counts.begin(), counts.end(), [](std::int64_t c) { return c > 0; }));

    // The normaliser: mean and population standard deviation over the training pixels only.
    for (int c = 0; c < 7; ++c) {
        double sum = 0.0, squares = 0.0;
        std::int64_t n = 0;
        for (std::size_t i = 0; i < covered.size(); ++i) {
            const bool valid
                = c < 6 ? bands.valid[std::size_t(c) * covered.size() + i] != 0 : elevation.valid[i] != 0;
            if (!covered[i] || !valid)
                continue;
            const double v = c < 6 ? bands.values[std::size_t(c) * covered.size() + i] : elevation.values[i];
            sum += v;
            squares += v * v;
            ++n;
        }
        const double mean = sum / double(n);
        const double sd = std::sqrt(squares / double(n) - mean * mean);
        const double tolerance = c < 6 ? 1e-6 : 1e-3;
        QVERIFY2(std::abs(data.normalizer.offsets[std::size_t(c)] - mean) < tolerance * std::max(1.0, mean),
                 qPrintable(QStringLiteral("channel %1: %2 vs %3")
                                .arg(c)
                                .arg(data.normalizer.offsets[std::size_t(c)])
                                .arg(mean)));
        QVERIFY(std::abs(data.normalizer.scales[std::size_t(c)] - sd) < tolerance * std::max(1.0, sd));
    }

    // Patches hold the normalised pixels of their place; the elevation channel is the DEM there.
    Sample sample;
    for (std::size_t p = 0; p < validation.size(); p += 7) {
        validation.sample(p, sample, nullptr);
        const PatchSite &site = validation.sites()[p];
        for (int y = 0; y < 32; y += 5)
            for (int x = 0; x < 32; x += 3) {
                const std::size_t image
                    = std::size_t(site.y + y) * std::size_t(grid.width) + std::size_t(site.x + x);
                const std::size_t at = std::size_t(y * 32 + x);
                const double red = data.normalizer.denormalize(sample.input[2 * 1024 + at], 2);
                QVERIFY(std::abs(red - bands.values[2 * covered.size() + image]) < 1e-3);
                if (!elevation.valid[image]) {
                    QCOMPARE(sample.input[6 * 1024 + at], 0.f);
                    continue;
                }
                const double z = data.normalizer.denormalize(sample.input[6 * 1024 + at], 6);
                QVERIFY2(std::abs(z - elevation.values[image]) < 1e-2,
                         qPrintable(QStringLiteral("%1 vs %2").arg(z).arg(elevation.values[image])));
                QCOMPARE(sample.classes[at], std::int64_t(labels.indices[image]));
            }
    }
}

void TestRasterTrainingDataBuilder::normaliserIgnoresValidationPixels()
{
    QTemporaryDir dir;
    const QString imagePath = dir.filePath(QStringLiteral("image.tif"));
    const auto value = [](int x, int y) { return 3.0 * x + 0.5 * y * y; };
    writeImage(imagePath, 96, value);
    const QString labels = writeClasses(dir.filePath(QStringLiteral("labels.tif")), 96,
                                        [](int x, int) { return x < 48 ? 1 : 2; });
    const Project project = fixtureProject(dir, imagePath, labels);
    TaskConfig task = rasterTask(TaskKind::Segmentation, 16, 8);
    task.split.blockSize = 32;
    const TrainingData first = RasterTrainingDataBuilder::build(project, task, 3);

    // Change every pixel no training patch covers (validation pixels and the buffer between).
    std::vector<bool> covered(96 * 96, false);
    double sum = 0.0;
    int n = 0;
    for (const PatchSite &t : patches(first.train).sites())
        for (int y = t.y; y < t.y + 16; ++y)
            for (int x = t.x; x < t.x + 16; ++x)
                if (!covered[std::size_t(y * 96 + x)]) {
                    covered[std::size_t(y * 96 + x)] = true;
                    sum += value(x, y);
                    ++n;
                }
    QVERIFY(n < 96 * 96);
    QVERIFY(std::abs(first.normalizer.offsets[0] - sum / n) < 1e-6 * sum / n);
    writeImage(imagePath, 96, [&](int x, int y) {
        return covered[std::size_t(y * 96 + x)] ? value(x, y) : 1000.0 + 10.0 * value(x, y);
    });

    const TrainingData second = RasterTrainingDataBuilder::build(project, task, 3);
    QCOMPARE(second.normalizer.offsets, first.normalizer.offsets);
    QCOMPARE(second.normalizer.scales, first.normalizer.scales);
    QCOMPARE(second.train->size(), first.train->size());
    // The validation patches did change, so the normaliser had every chance to notice.
    Sample a, b;
    patches(first.validation).sample(0, a, nullptr);
    patches(second.validation).sample(0, b, nullptr);
    QVERIFY(a.input != b.input);
}

void TestRasterTrainingDataBuilder::sceneLabelsByMajorityAndCentre()
{
    // 16x16 pixels cut into four 8x8 patches. Classes (raster values):
    //  top-left: value 1 in rows 0-4 (40 pixels), value 2 in rows 5-7 (24) -> majority 1, centre (4, 4) = 1;
    //            with (4, 4) set to 3: majority still 1, centre 3.
    //  top-right: value 3 everywhere -> 3 and 3.
    //  bottom-left: value 2 in its first row only (8 pixels), centre (4, 12) unlabelled -> majority 2, no
    //  centre. bottom-right: unlabelled -> no patch.
    QTemporaryDir dir;
    const QString image
        = writeImage(dir.filePath(QStringLiteral("image.tif")), 16, [](int x, int y) { return x + 16 * y; });
    const QString labels = writeClasses(dir.filePath(QStringLiteral("labels.tif")), 16, [](int x, int y) {
        if (x == 4 && y == 4)
            return 3;
        if (y < 8)
            return x >= 8 ? 3 : (y < 5 ? 1 : 2);
        return (x < 8 && y == 8) ? 2 : 0;
    });
    const Project project = fixtureProject(dir, image, labels);
    TaskConfig task = rasterTask(TaskKind::PatchClassification, 8, 8);
    task.split.kind = SplitKind::Random;
    task.split.validationFraction = 0.5;

    task.raster.sceneLabel = SceneLabelRule::Majority;
    TrainingData data = RasterTrainingDataBuilder::build(project, task, 1);
    QCOMPARE(data.classes.size(), 3); // values 1, 2, 3 -> indices 0, 1, 2
    std::map<std::pair<int, int>, int> found;
    for (const PatchSite &site : allSites(data))
        found[{ site.x, site.y }] = site.classIndex;
    QCOMPARE(found,
             (std::map<std::pair<int, int>, int> { { { 0, 0 }, 0 }, { { 8, 0 }, 2 }, { { 0, 8 }, 1 } }));
    QVERIFY(data.train->targetShape().empty());
    Sample s;
    data.train->sample(0, s, nullptr);
    QCOMPARE(s.classes, std::vector<std::int64_t> { patches(data.train).sites()[0].classIndex });
    // Patch classification counts patches per class in the training split.
    std::vector<std::int64_t> perClass(3, 0);
    for (const PatchSite &site : patches(data.train).sites())
        ++perClass[std::size_t(site.classIndex)];
    QCOMPARE(data.trainClassCounts, perClass);

    task.raster.sceneLabel = SceneLabelRule::Center;
    data = RasterTrainingDataBuilder::build(project, task, 1);
    found.clear();
    for (const PatchSite &site : allSites(data))
        found[{ site.x, site.y }] = site.classIndex;
    QCOMPARE(found, (std::map<std::pair<int, int>, int> { { { 0, 0 }, 2 }, { { 8, 0 }, 2 } }));
}

void TestRasterTrainingDataBuilder::noDataPatchesAreLeftOut()
{
    // 32x32 pixels, NoData (-9999) in the 10x10 top-left corner; 8x8 patches: the top-left patch is
    // all NoData, its right and lower neighbours are 25 % NoData, the diagonal one 4 of 64 (6 %).
    QTemporaryDir dir;
    const QString image = writeImage(
        dir.filePath(QStringLiteral("image.tif")), 32,
        [](int x, int y) { return x < 10 && y < 10 ? -9999.0 : 1.0 + x; }, true);
    const QString labels = writeClasses(dir.filePath(QStringLiteral("labels.tif")), 32,
                                        [](int x, int) { return x < 16 ? 1 : 2; });
    const Project project = fixtureProject(dir, image, labels);
    TaskConfig task = rasterTask(TaskKind::Segmentation, 8, 8);
    task.split.kind = SplitKind::Random;
    task.raster.maxNoDataFraction = 0.1;
    const TrainingData data = RasterTrainingDataBuilder::build(project, task, 1);
    QCOMPARE(data.summary.value(QStringLiteral("candidatePatches")).toInt(), 16);
    QCOMPARE(data.summary.value(QStringLiteral("rejectedForNoData")).toInt(), 3);
    const std::vector<PatchSite> sites = allSites(data);
    QCOMPARE(sites.size(), std::size_t(13));
    for (const PatchSite &site : sites)
        QVERIFY(!(site.x == 0 && site.y == 0) && !(site.x == 8 && site.y == 0)
                && !(site.x == 0 && site.y == 8));

    // In the diagonal patch, the NoData pixels read 0 and carry no label.
    const auto diagonal = [](const PatchDataset &d) {
        for (std::size_t i = 0; i < d.size(); ++i)
            if (d.sites()[i].x == 8 && d.sites()[i].y == 8)
                return int(i);
        return -1;
    };
    const PatchDataset &holder
        = diagonal(patches(data.train)) >= 0 ? patches(data.train) : patches(data.validation);
    Sample s;
    holder.sample(std::size_t(diagonal(holder)), s, nullptr);
    QCOMPARE(s.input[0], 0.f);
    QCOMPARE(s.classes[0], std::int64_t(-1));
    QCOMPARE(s.classes[1 * 8 + 1], std::int64_t(-1));
    QCOMPARE(s.classes[2], std::int64_t(0));
    QVERIFY(s.input[2] != 0.f);

    task.raster.maxNoDataFraction = 0.3;
    QCOMPARE(RasterTrainingDataBuilder::build(project, task, 1)
                 .summary.value(QStringLiteral("rejectedForNoData"))
                 .toInt(),
             1);
}

void TestRasterTrainingDataBuilder::classBalancedWeights()
{
    // 32x32, 8x8 patches: the first three columns of patches are class 1 (12 patches), the last
    // column class 2 (4 patches).
    QTemporaryDir dir;
    const QString image
        = writeImage(dir.filePath(QStringLiteral("image.tif")), 32, [](int x, int y) { return x * y; });
    const QString labels = writeClasses(dir.filePath(QStringLiteral("labels.tif")), 32,
                                        [](int x, int) { return x < 24 ? 1 : 2; });
    const Project project = fixtureProject(dir, image, labels);
    TaskConfig task = rasterTask(TaskKind::PatchClassification, 8, 8);
    task.split.kind = SplitKind::Random;
    task.split.validationFraction = 0.25;
    task.raster.classBalanced = true;
    const TrainingData data = RasterTrainingDataBuilder::build(project, task, 9);
    const PatchDataset &train = patches(data.train);
    QCOMPARE(train.size(), std::size_t(12));
    const std::vector<double> weights = train.samplingWeights();
    QCOMPARE(weights.size(), train.size());
    std::vector<double> perClass(2, 0.0);
    for (std::size_t i = 0; i < train.size(); ++i) {
        const int c = train.sites()[i].classIndex;
        QCOMPARE(weights[i], 1.0 / double(data.trainClassCounts[std::size_t(c)]));
        perClass[std::size_t(c)] += weights[i];
    }
    // Each class is drawn as often as the other.
    QVERIFY(std::abs(perClass[0] - 1.0) < 1e-12 && std::abs(perClass[1] - 1.0) < 1e-12);
    QCOMPARE(data.trainClassCounts[0] + data.trainClassCounts[1], std::int64_t(12));
    QVERIFY(patches(data.validation).samplingWeights().empty());

    task.raster.classBalanced = false;
    QVERIFY(RasterTrainingDataBuilder::build(project, task, 9).train->samplingWeights().empty());
}

void TestRasterTrainingDataBuilder::autoencoderUsesTheWholeImage()
{
    QTemporaryDir dir;
    const QString image
        = writeImage(dir.filePath(QStringLiteral("image.tif")), 40, [](int x, int y) { return x - y; });
    const Project project = fixtureProject(dir, image, QString());
    TaskConfig task = rasterTask(TaskKind::RasterAutoencoder, 8, 8);
    task.raster.labelLayer.clear();
    task.raster.augment = false;
    const TrainingData data = RasterTrainingDataBuilder::build(project, task, 2);
    QCOMPARE(data.summary.value(QStringLiteral("window")).toArray(), (QJsonArray { 0, 0, 40, 40 }));
    QCOMPARE(data.summary.value(QStringLiteral("candidatePatches")).toInt(), 25);
    QCOMPARE(data.train->targetShape(), data.train->inputShape());
    QVERIFY(data.trainClassCounts.empty());
    QVERIFY(data.classes.isEmpty());
    Sample plain, drawn;
    data.train->sample(0, plain, nullptr);
    QCOMPARE(plain.target, plain.input);
    std::mt19937_64 rng(5);
    data.train->sample(0, drawn, &rng);
    QCOMPARE(drawn.input, plain.input); // augmentation switched off in the task
}

void TestRasterTrainingDataBuilder::badInputsAreDataErrors()
{
    QTemporaryDir dir;
    const QString image
        = writeImage(dir.filePath(QStringLiteral("image.tif")), 32, [](int x, int y) { return x + y; });
    const QString labels = writeClasses(dir.filePath(QStringLiteral("labels.tif")), 32,
                                        [](int x, int) { return x < 16 ? 1 : 2; });
    Project project = fixtureProject(dir, image, labels);
    TaskConfig task = rasterTask(TaskKind::Segmentation, 8, 8);
    QString path;

    // Labels 100 km away from the image.
    const QString far = writeClasses(
        dir.filePath(QStringLiteral("far.tif")), 32, [](int x, int) { return 1 + x % 2; }, 600000.0);
    project.layers.push_back(layer(QStringLiteral("far"), LayerKind::ClassRaster, far));
    task.raster.labelLayer = QStringLiteral("far");
    QString cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, far);
    QVERIFY2(cause.contains(QStringLiteral("overlap")), qPrintable(cause));
    task.raster.labelLayer = QStringLiteral("labels");

    // A band the image does not have.
    task.raster.bands = { 1, 5 };
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, image);
    QVERIFY2(cause.contains(QStringLiteral("band 5")) && cause.contains(QStringLiteral("1 band")),
             qPrintable(cause));
    task.raster.bands.clear();

    // An unknown layer.
    task.raster.imageLayer = QStringLiteral("sentinel");
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, project.filePath);
    QVERIFY2(cause.contains(QStringLiteral("sentinel")), qPrintable(cause));
    task.raster.imageLayer = QStringLiteral("image");

    // A single class.
    const QString single
        = writeClasses(dir.filePath(QStringLiteral("single.tif")), 32, [](int, int) { return 4; });
    project.layers.push_back(layer(QStringLiteral("single"), LayerKind::ClassRaster, single));
    task.raster.labelLayer = QStringLiteral("single");
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, single);
    QVERIFY2(cause.contains(QStringLiteral("single class")), qPrintable(cause));
    task.raster.labelLayer = QStringLiteral("labels");

    // Labels in one corner only: the 9 patches that hold them (origins 0, 2, 4) all fall into the
    // first 16-pixel block.
    const QString corner = writeClasses(dir.filePath(QStringLiteral("corner.tif")), 32,
                                        [](int x, int y) { return x < 6 && y < 6 ? 1 + x % 2 : 0; });
    project.layers.push_back(layer(QStringLiteral("corner"), LayerKind::ClassRaster, corner));
    task.raster.labelLayer = QStringLiteral("corner");
    task.raster.stride = 2;
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, corner);
    QVERIFY2(cause.contains(QStringLiteral("9 usable patches lie in one block")), qPrintable(cause));
    task.raster.labelLayer = QStringLiteral("labels");
    task.raster.stride = 8;

    // An image that is NoData wherever there are labels.
    const QString empty = writeImage(
        dir.filePath(QStringLiteral("empty.tif")), 32, [](int, int) { return -9999.0; }, true);
    project.layers.push_back(layer(QStringLiteral("empty"), LayerKind::Imagery, empty));
    task.raster.imageLayer = QStringLiteral("empty");
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, empty);
    QVERIFY2(cause.contains(QStringLiteral("NoData")), qPrintable(cause));
    task.raster.imageLayer = QStringLiteral("image");

    // DEM channels without a DEM; a patch larger than the image.
    task.raster.demChannels = { QStringLiteral("slope") };
    QVERIFY(!test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }).isEmpty());
    task.raster.demChannels.clear();
    task.raster.patchSize = 64;
    cause = test::dataErrorCause([&] { RasterTrainingDataBuilder::build(project, task, 1); }, &path);
    QVERIFY2(cause.contains(QStringLiteral("smaller than one patch")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestRasterTrainingDataBuilder)
#include "testrastertrainingdatabuilder.moc"
