#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "project/projectfile.h"
#include "render/classpolygonreader.h"
#include "testdata.h"
#include "training/rastertrainingdatabuilder.h"
#include "training/splitpreview.h"
#include "training/trainingdefaults.h"

#include <QtTest>

#include <numeric>

using namespace deepterra;

// The split preview on the demo project: the same examples as the trainer's data, a map layer of
// blocks, and the class-stratified split that gives every class validation examples.
class TestSplitPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsAreTheDataBuildersCounts();
    void layerHoldsTheThreeRoles();
    void stratifiedSplitValidatesEveryClass();
    void randomSplitDrawsAreasAroundPatches();
    void testBlocksAreTheirOwnRole();
    void autoencodersHaveNoPreview();

private:
    Project demo(bool stratified, SplitKind split = SplitKind::SpatialBlocks,
                 double testFraction = 0.0) const;
    SplitPreviewResult preview(const Project &project, const QString &fileName) const;

    Project m_demo;
    QTemporaryDir m_folder;
};

namespace {
std::int64_t sum(const std::vector<std::int64_t> &values)
{
    return std::accumulate(values.begin(), values.end(), std::int64_t(0));
}

std::vector<std::int64_t> countsOf(const QJsonObject &perClass, const QStringList &classNames)
{
    std::vector<std::int64_t> counts;
    for (const QString &name : classNames)
        counts.push_back(std::int64_t(perClass.value(name).toDouble(-1)));
    return counts;
}
} // namespace

void TestSplitPreview::initTestCase()
{
    if (!test::samplesAvailable(QStringLiteral("tif/L7_ETMs.tif")))
        QSKIP("samples missing: run scripts/fetch-samples.sh");
    QVERIFY(m_folder.isValid());
    m_demo = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
}

Project TestSplitPreview::demo(bool stratified, SplitKind split, double testFraction) const
{
    // The README's demo set-up: 32-pixel patches every 16 pixels.
    TrainingSetup setup = TrainingDefaults::forTask(TaskKind::Segmentation);
    setup.task.raster.imageLayer = QStringLiteral("landsat");
    setup.task.raster.labelLayer = QStringLiteral("training");
    setup.task.raster.patchSize = 32;
    setup.task.raster.stride = 16;
    // A seed whose plain block split leaves bare soil, the rarest class, out of validation.
    setup.training.seed = 7;
    setup.task.split.kind = split;
    setup.task.split.stratified = stratified;
    setup.task.split.testFraction = testFraction;
    Project project = m_demo;
    project.sections = setup.toJson();
    return project;
}

SplitPreviewResult TestSplitPreview::preview(const Project &project, const QString &fileName) const
{
    SplitPreviewRequest request;
    request.project = project;
    request.outputPath = m_folder.filePath(fileName);
    SplitPreviewJob job(request);
    Feedback feedback;
    job.run(feedback);
    return job.result();
}

void TestSplitPreview::countsAreTheDataBuildersCounts()
{
    const Project project = demo(false);
    const SplitPreviewResult result = preview(project, QStringLiteral("counts.gpkg"));
    QCOMPARE(result.classNames,
             QStringList({ QStringLiteral("bare_soil"), QStringLiteral("built_up"),
                           QStringLiteral("vegetation"), QStringLiteral("water") }));
    QCOMPARE(result.countUnit, QStringLiteral("pixels"));
    QCOMPARE(result.trainCounts.size(), std::size_t(4));
    QCOMPARE(result.validationCounts.size(), std::size_t(4));
    for (std::int64_t count : result.trainCounts)
        QVERIFY(count > 0);
    QVERIFY(sum(result.validationCounts) > 0);

    const TrainingSetup setup = TrainingSetup::fromProject(project);
    const TrainingData data = RasterTrainingDataBuilder::build(project, setup.task, setup.training.seed);
    const QJsonObject summary = data.summary;
    QCOMPARE(result.trainCounts,
             countsOf(summary.value(QStringLiteral("trainingPixelsPerClass")).toObject(), result.classNames));
    QCOMPARE(
        result.validationCounts,
        countsOf(summary.value(QStringLiteral("validationPixelsPerClass")).toObject(), result.classNames));
}

void TestSplitPreview::layerHoldsTheThreeRoles()
{
    const SplitPreviewResult result = preview(demo(false), QStringLiteral("roles.gpkg"));
    QVERIFY(QFileInfo::exists(result.layerPath));
    // Read back as the app loads a label layer, with the role as its class.
    const ClassPolygons polygons = ClassPolygonReader::read(result.layerPath, QStringLiteral("split"),
                                                            QStringLiteral("role"), CrsInfo());
    QStringList roles;
    for (const ClassEntry &entry : polygons.classes.entries)
        roles << entry.name;
    QCOMPARE(
        roles,
        QStringList({ QStringLiteral("buffer"), QStringLiteral("training"), QStringLiteral("validation") }));
    QVERIFY(polygons.polygons.size() >= 3);
    QVERIFY(polygons.sourceCrs.authorityCode.contains(QStringLiteral("32725"))
            || polygons.sourceCrs.name.contains(QStringLiteral("25S")));
    // In the image's map coordinates (UTM metres), not in pixels.
    const QRectF image
        = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))).info().extent();
    QVERIFY2(image.adjusted(-100, -100, 100, 100).contains(polygons.extent),
             qPrintable(QStringLiteral("%1 %2 %3 %4")
                            .arg(polygons.extent.left(), 0, 'f', 1)
                            .arg(polygons.extent.top(), 0, 'f', 1)
                            .arg(polygons.extent.right(), 0, 'f', 1)
                            .arg(polygons.extent.bottom(), 0, 'f', 1)));
}

void TestSplitPreview::stratifiedSplitValidatesEveryClass()
{
    const SplitPreviewResult plain = preview(demo(false), QStringLiteral("plain.gpkg"));
    const SplitPreviewResult stratified = preview(demo(true), QStringLiteral("stratified.gpkg"));
    for (std::size_t c = 0; c < stratified.validationCounts.size(); ++c) {
        QVERIFY2(stratified.validationCounts[c] > 0, qPrintable(stratified.classNames.at(int(c))));
        QVERIFY(stratified.trainCounts[c] > 0);
    }
    QVERIFY(stratified.warnings.isEmpty());
    // The plain block split of the demo leaves a class out of validation, and says what to do.
    const auto missing = std::count(plain.validationCounts.begin(), plain.validationCounts.end(), 0);
    QVERIFY2(missing > 0, "the plain split validates every class: this test no longer shows the difference");
    QCOMPARE(plain.warnings.size(), int(missing));
    QVERIFY2(plain.warnings.front().contains(QStringLiteral("no validation samples"))
                 && plain.warnings.front().contains(QStringLiteral("class-stratified block split")),
             qPrintable(plain.warnings.front()));
}

void TestSplitPreview::randomSplitDrawsAreasAroundPatches()
{
    const SplitPreviewResult result
        = preview(demo(false, SplitKind::Random), QStringLiteral("random.geojson"));
    const ClassPolygons polygons
        = ClassPolygonReader::read(result.layerPath, QString(), QStringLiteral("role"), CrsInfo());
    QCOMPARE(polygons.classes.size(), 2); // training and validation: a random split drops nothing
    QVERIFY(sum(result.validationCounts) > 0);
}

void TestSplitPreview::testBlocksAreTheirOwnRole()
{
    // Held-out test blocks are drawn as such, not as buffer, and never overlap validation.
    const SplitPreviewResult result
        = preview(demo(false, SplitKind::SpatialBlocks, 0.15), QStringLiteral("test.gpkg"));
    const ClassPolygons polygons
        = ClassPolygonReader::read(result.layerPath, QString(), QStringLiteral("role"), CrsInfo());
    int test = -1;
    int validation = -1;
    for (int i = 0; i < polygons.classes.size(); ++i) {
        const QString &name = polygons.classes.entries[std::size_t(i)].name;
        test = name == QLatin1String("test") ? i : test;
        validation = name == QLatin1String("validation") ? i : validation;
    }
    QVERIFY(test >= 0 && validation >= 0);
    const auto boundsOf = [](const ClassPolygon &polygon) {
        QRectF bounds;
        for (const QPointF &point : polygon.rings.front())
            bounds = bounds.isNull() ? QRectF(point, QSizeF(1e-9, 1e-9))
                                     : bounds.united(QRectF(point, QSizeF(1e-9, 1e-9)));
        return bounds;
    };
    int tests = 0;
    for (const ClassPolygon &a : polygons.polygons) {
        if (a.classIndex != test)
            continue;
        ++tests;
        for (const ClassPolygon &b : polygons.polygons)
            if (b.classIndex == validation) {
                const QRectF overlap = boundsOf(a).intersected(boundsOf(b));
                QVERIFY(overlap.width() < 1.0 || overlap.height() < 1.0);
            }
    }
    QVERIFY(tests > 0);
}

void TestSplitPreview::autoencodersHaveNoPreview()
{
    TrainingSetup setup = TrainingDefaults::forTask(TaskKind::RasterAutoencoder);
    setup.task.raster.imageLayer = QStringLiteral("landsat");
    Project project = m_demo;
    project.sections = setup.toJson();
    const QString cause = test::dataErrorCause([&] { preview(project, QStringLiteral("none.gpkg")); });
    QVERIFY2(cause.contains(QStringLiteral("segmentation and patch classification")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestSplitPreview)
#include "testsplitpreview.moc"
