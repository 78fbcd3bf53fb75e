#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "project/project.h"
#include "project/projectfile.h"
#include "testdata.h"
#include "training/tasklabels.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

namespace {

Project olinda()
{
    Project project
        = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
    project.layer(QStringLiteral("landsat"))->path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    return project;
}

} // namespace

class TestTaskLabels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stripsPlaceTheSameLabels();
    void labelsOffTheImageStayAnError();
};

void TestTaskLabels::stripsPlaceTheSameLabels()
{
    const Project project = olinda();
    const RasterGrid grid = RasterGrid::of(
        RasterDataset::open(project.absolutePath(*project.layer(QStringLiteral("landsat")))).info());
    const ProjectLayer &layer = *project.layer(QStringLiteral("training"));
    const TaskLabels memory = TaskLabels::place(project, layer, grid, std::uint64_t(1) << 30, nullptr);
    QVERIFY(memory.inMemory());
    // 64 KiB: a label per image pixel does not fit; strips of a few rows are placed instead.
    const TaskLabels strips = TaskLabels::place(project, layer, grid, std::uint64_t(64) << 10, nullptr);
    QVERIFY(!strips.inMemory());
    QCOMPARE(strips.classes().size(), memory.classes().size());
    for (int i = 0; i < memory.classes().size(); ++i)
        QCOMPARE(strips.classes().entries[std::size_t(i)].name,
                 memory.classes().entries[std::size_t(i)].name);
    QCOMPARE(strips.labelledWindow(32), memory.labelledWindow(32));
    QVERIFY(memory.labelledWindow(0).width() < grid.width); // the labels cover part of the image
    for (const QRect &rect : { QRect(0, 0, grid.width, grid.height), QRect(40, 100, 70, 33) }) {
        const std::vector<std::int32_t> expected = memory.read(rect);
        QCOMPARE(strips.read(rect), expected);
        QVERIFY(std::count_if(expected.begin(), expected.end(), [](std::int32_t l) { return l >= 0; }) > 0);
    }
}

void TestTaskLabels::labelsOffTheImageStayAnError()
{
    // A class raster 100 km east of the image: in memory and strip by strip, the same file named.
    QTemporaryDir dir;
    test::RasterSpec image;
    image.width = image.height = 64;
    Project project;
    project.filePath = dir.filePath(QStringLiteral("p.deepterra"));
    const QString imagePath = test::writeRaster(dir.filePath(QStringLiteral("image.tif")), image,
                                                std::vector<double>(64 * 64, 1.0));
    test::RasterSpec classes = image;
    classes.dataType = QStringLiteral("Byte");
    classes.originX += 100000.0;
    ProjectLayer labels;
    labels.id = QStringLiteral("labels");
    labels.kind = LayerKind::ClassRaster;
    labels.path = test::writeRaster(dir.filePath(QStringLiteral("labels.tif")), classes,
                                    std::vector<double>(64 * 64, 2.0));
    project.layers.push_back(labels);
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(imagePath).info());
    for (const std::uint64_t limit : { std::uint64_t(1) << 30, std::uint64_t(1000) }) {
        QString path;
        const QString cause
            = test::dataErrorCause([&] { TaskLabels::place(project, labels, grid, limit, nullptr); }, &path);
        QVERIFY2(!cause.isEmpty(), "no DataError");
        QCOMPARE(path, labels.path);
    }
}

QTEST_GUILESS_MAIN(TestTaskLabels)
#include "testtasklabels.moc"
