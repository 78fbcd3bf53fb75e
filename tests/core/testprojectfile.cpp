#include "common/dataerror.h"
#include "filesizelimit.h"
#include "project/projectfile.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestProjectFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoProjectLoadsWithResolvedPaths();
    void saveAndReloadRoundTrips();
    void saveAsRewritesRelativePaths();
    void layersInGdalMemoryAreNotSaved();
    void unknownSectionsSurvive();
    void invalidProjects_data();
    void invalidProjects();
    void invalidJsonNamesTheLine();
    void unwritablePathIsAnError();
    void saveReplacesThePreviousFile();
    void failedSaveKeepsThePreviousFile();

private:
    QString write(const QString &name, const QByteArray &content);
    QTemporaryDir m_dir;
};

QString TestProjectFile::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

void TestProjectFile::demoProjectLoadsWithResolvedPaths()
{
    const QString path = QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra");
    const Project project = ProjectFile::load(path);
    QCOMPARE(project.name, QStringLiteral("Olinda land cover (demo)"));
    QCOMPARE(int(project.layers.size()), 3);
    const ProjectLayer *landsat = project.layer(QStringLiteral("landsat"));
    QVERIFY(landsat);
    QCOMPARE(landsat->kind, LayerKind::Imagery);
    QCOMPARE(project.absolutePath(*landsat),
             QDir::cleanPath(QStringLiteral(DEEPTERRA_SOURCE_DIR "/.samples/tif/L7_ETMs.tif")));
    QCOMPARE(landsat->properties.value(QStringLiteral("bandNames")).toArray().size(), 6);
    const ProjectLayer *training = project.layer(QStringLiteral("training"));
    QVERIFY(training);
    QCOMPARE(training->kind, LayerKind::VectorLabels);
    QCOMPARE(training->properties.value(QStringLiteral("classField")).toString(),
             QStringLiteral("landcover"));
    QVERIFY(QFileInfo::exists(project.absolutePath(*training)));
    QVERIFY(!project.layer(QStringLiteral("dem"))->visible);
}

void TestProjectFile::saveAndReloadRoundTrips()
{
    Project project;
    project.name = QStringLiteral("Round trip");
    ProjectLayer layer;
    layer.id = QStringLiteral("img");
    layer.name = QStringLiteral("Image");
    layer.kind = LayerKind::Dem;
    layer.path = m_dir.filePath(QStringLiteral("data/dem.tif"));
    layer.opacity = 0.25;
    layer.visible = false;
    layer.style = QJsonObject { { QStringLiteral("ramp"), QStringLiteral("terrain") } };
    layer.properties = QJsonObject { { QStringLiteral("band"), 1 } };
    project.layers.push_back(layer);

    const QString path = m_dir.filePath(QStringLiteral("p.deepterra"));
    ProjectFile::save(project, path);
    QCOMPARE(project.filePath, QFileInfo(path).absoluteFilePath());

    QFile raw(path);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(raw.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("layers"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("path"))
                 .toString(),
             QStringLiteral("data/dem.tif"));

    const Project loaded = ProjectFile::load(path);
    QCOMPARE(loaded.name, project.name);
    const ProjectLayer &l = loaded.layers.at(0);
    QCOMPARE(l.kind, LayerKind::Dem);
    QCOMPARE(l.opacity, 0.25);
    QVERIFY(!l.visible);
    QCOMPARE(l.style.value(QStringLiteral("ramp")).toString(), QStringLiteral("terrain"));
    QCOMPARE(l.properties.value(QStringLiteral("band")).toInt(), 1);
    QCOMPARE(loaded.absolutePath(l), m_dir.filePath(QStringLiteral("data/dem.tif")));
}

void TestProjectFile::saveAsRewritesRelativePaths()
{
    QDir(m_dir.path()).mkpath(QStringLiteral("a"));
    QDir(m_dir.path()).mkpath(QStringLiteral("b/c"));
    const QString original = write(QStringLiteral("a/one.deepterra"),
                                   R"({"format":"deepterra-project","version":1,"name":"x","layers":[
                                       {"id":"s","kind":"series","path":"co2.csv"}]})");
    Project project = ProjectFile::load(original);
    const QString moved = m_dir.filePath(QStringLiteral("b/c/two.deepterra"));
    ProjectFile::save(project, moved);
    const Project reloaded = ProjectFile::load(moved);
    QCOMPARE(reloaded.layers.at(0).path, QStringLiteral("../../a/co2.csv"));
    QCOMPARE(reloaded.absolutePath(reloaded.layers.at(0)), m_dir.filePath(QStringLiteral("a/co2.csv")));
}

void TestProjectFile::layersInGdalMemoryAreNotSaved()
{
    Project project;
    ProjectLayer image;
    image.id = QStringLiteral("image");
    image.kind = LayerKind::Imagery;
    image.path = m_dir.filePath(QStringLiteral("image.tif"));
    ProjectLayer live = image;
    live.id = QStringLiteral("live-prediction");
    live.kind = LayerKind::Prediction;
    live.path = QStringLiteral("/vsimem/deepterra-live-1/live-3.tif");
    project.layers = { image, live };
    const QString path = m_dir.filePath(QStringLiteral("memory.deepterra"));
    ProjectFile::save(project, path);
    QCOMPARE(project.layers.size(), std::size_t(2)); // still shown in this session
    const Project reloaded = ProjectFile::load(path);
    QCOMPARE(reloaded.layers.size(), std::size_t(1));
    QCOMPARE(reloaded.layers.at(0).id, QStringLiteral("image"));
}

void TestProjectFile::unknownSectionsSurvive()
{
    const QString path = write(QStringLiteral("sections.deepterra"),
                               R"({"format":"deepterra-project","version":1,"name":"x","layers":[],
                                   "training":{"epochs":12}})");
    Project project = ProjectFile::load(path);
    QCOMPARE(
        project.sections.value(QStringLiteral("training")).toObject().value(QStringLiteral("epochs")).toInt(),
        12);
    ProjectFile::save(project, path);
    QCOMPARE(ProjectFile::load(path)
                 .sections.value(QStringLiteral("training"))
                 .toObject()
                 .value(QStringLiteral("epochs"))
                 .toInt(),
             12);
}

void TestProjectFile::invalidProjects_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedCause");
    QTest::newRow("not a project") << QByteArray(R"({"name":"x"})")
                                   << QStringLiteral("not a Deepterra project");
    QTest::newRow("newer version") << QByteArray(R"({"format":"deepterra-project","version":7})")
                                   << QStringLiteral(
                                          "project format version 7 was written by a newer Deepterra");
    QTest::newRow("no version") << QByteArray(R"({"format":"deepterra-project"})")
                                << QStringLiteral("missing \"version\"");
    QTest::newRow("unknown kind") << QByteArray(
        R"({"format":"deepterra-project","version":1,"layers":[{"id":"a","kind":"photo","path":"x.tif"}]})")
                                  << QStringLiteral(
                                         "layer 1: unknown kind \"photo\" (expected one of: imagery");
    QTest::newRow("no path") << QByteArray(
        R"({"format":"deepterra-project","version":1,"layers":[{"id":"a","kind":"dem"}]})")
                             << QStringLiteral("layer 1: \"a\" has no \"path\"");
    QTest::newRow("duplicate id") << QByteArray(
        R"({"format":"deepterra-project","version":1,"layers":[{"id":"a","kind":"dem","path":"x"},{"id":"a","kind":"dem","path":"y"}]})")
                                  << QStringLiteral("two layers have the id \"a\"");
    QTest::newRow("bad opacity") << QByteArray(
        R"({"format":"deepterra-project","version":1,"layers":[{"id":"a","kind":"dem","path":"x","opacity":3}]})")
                                 << QStringLiteral("layer 1: \"a\" has opacity 3, outside 0..1");
}

void TestProjectFile::invalidProjects()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedCause);
    const QString path = write(QStringLiteral("bad.deepterra"), content);
    try {
        ProjectFile::load(path);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().startsWith(expectedCause), qPrintable(e.cause()));
    }
}

void TestProjectFile::invalidJsonNamesTheLine()
{
    const QString path = write(QStringLiteral("broken.deepterra"),
                               "{\n  \"format\": \"deepterra-project\",\n  \"version\": 1,,\n}");
    try {
        ProjectFile::load(path);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().startsWith(QStringLiteral("invalid JSON at line 3")), qPrintable(e.cause()));
    }
}

void TestProjectFile::unwritablePathIsAnError()
{
    Project project;
    const QString path = m_dir.filePath(QStringLiteral("missing-folder/p.deepterra"));
    QVERIFY_THROWS_EXCEPTION(DataError, ProjectFile::save(project, path));
    QVERIFY(!QFileInfo::exists(path));
}

void TestProjectFile::saveReplacesThePreviousFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("replaced.deepterra"));
    Project project;
    project.name = QStringLiteral("First");
    ProjectFile::save(project, path);
    project.name = QStringLiteral("Second");
    ProjectFile::save(project, path);
    QCOMPARE(ProjectFile::load(path).name, QStringLiteral("Second"));
    QCOMPARE(deepterra::test::folderEntries(dir.path()),
             QStringList { QStringLiteral("replaced.deepterra") });
}

void TestProjectFile::failedSaveKeepsThePreviousFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("kept.deepterra"));
    Project project;
    project.name = QStringLiteral("Saved before the disk filled up");
    ProjectFile::save(project, path);
    const QByteArray previous = deepterra::test::fileBytes(path);
    QVERIFY(!previous.isEmpty());

    // A project grown past the space left: many layers.
    for (int i = 0; i < 2000; ++i) {
        ProjectLayer layer;
        layer.id = QStringLiteral("layer%1").arg(i);
        layer.name = QStringLiteral("Layer %1").arg(i);
        layer.kind = LayerKind::Imagery;
        layer.path = dir.filePath(QStringLiteral("data/image%1.tif").arg(i));
        project.layers.push_back(layer);
    }
    QString named;
    QString cause;
    {
        deepterra::test::FileSizeLimit limit(32 * 1024);
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = deepterra::test::dataErrorCause([&] { ProjectFile::save(project, path); }, &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot write the project: ")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(deepterra::test::fileBytes(path), previous);
    QCOMPARE(deepterra::test::folderEntries(dir.path()), QStringList { QStringLiteral("kept.deepterra") });
    QCOMPARE(ProjectFile::load(path).name, QStringLiteral("Saved before the disk filled up"));
}

QTEST_GUILESS_MAIN(TestProjectFile)
#include "testprojectfile.moc"
