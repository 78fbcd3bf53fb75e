#include "project/projectfile.h"
#include "render/maplayerdata.h"
#include "testdata.h"
#include "workspace/layerspanel.h"
#include "workspace/mainwindow.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspace/propertiesview.h"
#include "workspacetest.h"

#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace deepterra;

// The main window's files: data dropped on it, projects opened, saved and reopened with the
// sections it does not edit, the unsaved-changes prompt, recent files, and the message naming the
// file for every bad input (corrupt, truncated, unsupported, missing, invalid project).
class TestMainWindowFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void droppedFileBecomesALayer();
    void droppedCorruptFileIsNamed();
    void droppedUnsupportedFileIsNamed();
    void corruptPixelsInAProjectLayerAreNamed();
    void brokenProjectReportsTheFile();
    void missingLayerFileShowsTheError();
    void layerFileDeletedOrRewrittenWhileOpen();
    void saveAndReopenKeepsLayersStylesAndSections();
    void unsavedChangesPromptCanCancelClosing();
    void recentFilesRememberTheProject();

private:
    QString writeFile(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

void TestMainWindowFiles::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestMainWindowFiles"));
}

QString TestMainWindowFiles::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

void TestMainWindowFiles::droppedFileBecomesALayer()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    QSignalSpy added(&window, &MainWindow::layerAdded);
    test::dropFile(window, test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    QVERIFY(added.wait(10000));
    const QString id = added.first().at(0).toString();
    QCOMPARE(window.project()->layers.size(), std::size_t(4));
    QCOMPARE(window.project()->layers.front().id, id); // new layers go on top
    QCOMPARE(window.project()->layers.front().kind, LayerKind::Dem);
    QVERIFY(window.isModified());
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    QVERIFY(loaded.wait(10000));
    // Drawn with the DEM style: a ramp legend and its hillshade.
    QTreeWidgetItem *item = window.layersPanel()->tree()->topLevelItem(0);
    QVERIFY(item->childCount() >= 2);
    QVERIFY(item->child(0)->text(0).startsWith(QStringLiteral("-1 – 88")));
}

void TestMainWindowFiles::droppedCorruptFileIsNamed()
{
    // The first 300 bytes of a GeoTIFF: a TIFF whose directory is cut off.
    QFile source(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString path = writeFile(QStringLiteral("cut.tif"), source.read(300));
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    test::dropFile(window, path);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
    QVERIFY(!window.project() || window.project()->layers.empty());
}

void TestMainWindowFiles::droppedUnsupportedFileIsNamed()
{
    const QString path = writeFile(QStringLiteral("report.docx"), "PK\x03\x04 not geodata");
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    test::dropFile(window, path);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).toString().left(path.size() + 29),
             path + QStringLiteral(": unsupported or corrupt file"));
}

void TestMainWindowFiles::corruptPixelsInAProjectLayerAreNamed()
{
    // A GeoTIFF whose header is whole but whose pixel data are cut off: it opens, then its
    // statistics read fails, and the message names the file and the failing read.
    QFile source(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray bytes = source.readAll();
    const QString path = writeFile(QStringLiteral("dem_cut.tif"), bytes.left(bytes.size() / 3));
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    QSignalSpy added(&window, &MainWindow::layerAdded);
    window.addDataFiles({ path });
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().at(0).toString().startsWith(path + QStringLiteral(": ")),
             qPrintable(failed.first().at(0).toString()));
}

void TestMainWindowFiles::brokenProjectReportsTheFile()
{
    const QString path
        = writeFile(QStringLiteral("broken.deepterra"), "{ \"format\": \"deepterra-project\", ");
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    window.openProject(path);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(": invalid JSON")), qPrintable(message));
    QVERIFY(!window.project());
}

void TestMainWindowFiles::missingLayerFileShowsTheError()
{
    const QString path = writeFile(
        QStringLiteral("missing.deepterra"),
        R"({"format":"deepterra-project","version":1,"name":"m","layers":[{"id":"a","kind":"imagery","path":"gone.tif"}]})");
    MainWindow window;
    QSignalSpy inspected(&window, &MainWindow::layerInspected);
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    window.openProject(path);
    QVERIFY(inspected.wait(10000));
    auto *status = window.propertiesView()->findChild<QLabel *>(QStringLiteral("propertiesStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("gone.tif: file not found")), qPrintable(status->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
    QVERIFY(failed.first().at(0).toString().endsWith(QStringLiteral("gone.tif: file not found")));
}

void TestMainWindowFiles::layerFileDeletedOrRewrittenWhileOpen()
{
    // A DEM beside the demo's layers, then its file deleted, put back as another raster, and
    // replaced again, as another program would while the project is open.
    const QString dem = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    const QString landsat = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const QString path = m_dir.filePath(QStringLiteral("live.tif"));
    QFile::remove(path);
    QVERIFY(QFile::copy(dem, path));
    MainWindow window;
    QVERIFY(test::openDemo(window));
    QSignalSpy added(&window, &MainWindow::layerAdded);
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.addDataFiles({ path });
    QVERIFY(added.wait(10000));
    const QString id = added.first().at(0).toString();
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(id) != nullptr, 10000);
    QCOMPARE(window.workspace()->data(id)->raster.bandCount(), 1);
    QVERIFY(test::waitForFullImage(window.mapCanvas()));

    QSignalSpy failed(window.workspace(), &MapWorkspace::layerFailed);
    QVERIFY(QFile::remove(path));
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
    QCOMPARE(failed.first().at(0).toString(), id);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(": the file was deleted")), qPrintable(message));
    QVERIFY(window.workspace()->data(id) == nullptr);
    // The app goes on: the map draws the other layers, another file loads.
    window.mapCanvas()->refresh();
    QVERIFY(test::waitForFullImage(window.mapCanvas()));
    QVERIFY(window.workspace()->data(QStringLiteral("landsat")) != nullptr);
    // Its properties say why, when it is selected.
    QSignalSpy inspected(&window, &MainWindow::layerInspected);
    window.layersPanel()->selectLayer(id);
    auto *status = window.propertiesView()->findChild<QLabel *>(QStringLiteral("propertiesStatus"));
    QVERIFY(status);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("live.tif: file not found")), 10000);
    test::shoot(window, QStringLiteral("layer-file-gone"));

    // Put back (another raster under the same name): read again.
    QVERIFY(QFile::copy(landsat, path));
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(id) != nullptr, 10000);
    QCOMPARE(window.workspace()->data(id)->raster.bandCount(), 6);
    // Rewritten in place: read again.
    {
        QFile source(dem);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QFile target(path);
        QVERIFY(target.open(QIODevice::WriteOnly | QIODevice::Truncate));
        target.write(source.readAll());
    }
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(id) != nullptr
                                 && window.workspace()->data(id)->raster.bandCount() == 1,
                             10000);
    QCOMPARE(failed.count(), 1);
}

void TestMainWindowFiles::saveAndReopenKeepsLayersStylesAndSections()
{
    // The demo with a training section, as deepterra-cli init writes one.
    QFile demo(MainWindow::demoProjectPath());
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(demo.readAll()).object();
    const QJsonObject task { { QStringLiteral("type"), QStringLiteral("segmentation") },
                             { QStringLiteral("image"), QStringLiteral("landsat") },
                             { QStringLiteral("patchSize"), 32 } };
    json.insert(QStringLiteral("task"), task);
    Project source = ProjectFile::fromJson(json, MainWindow::demoProjectPath());
    source.filePath = MainWindow::demoProjectPath();
    const QString original = m_dir.filePath(QStringLiteral("with-task.deepterra"));
    ProjectFile::save(source, original);

    const QString copy = m_dir.filePath(QStringLiteral("copy.deepterra"));
    {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::projectLoaded);
        window.openProject(original);
        QVERIFY(loaded.wait(10000));
        window.projectController()->setOpacity(QStringLiteral("landsat"), 0.35);
        window.projectController()->moveLayer(QStringLiteral("dem"), -2);
        window.projectController()->setStyle(
            QStringLiteral("dem"),
            QJsonObject { { QStringLiteral("renderer"), QStringLiteral("dem") },
                          { QStringLiteral("ramp"), QStringLiteral("viridis") } });
        QVERIFY(window.isModified());
        QVERIFY(window.windowTitle().contains(QStringLiteral("[*]")));
        QSignalSpy saved(&window, &MainWindow::projectSaved);
        QVERIFY(window.saveAs(copy));
        QCOMPARE(saved.count(), 1);
        QVERIFY(!window.isModified());
    }
    MainWindow reopened;
    QSignalSpy loaded(&reopened, &MainWindow::projectLoaded);
    reopened.openProject(copy);
    QVERIFY(loaded.wait(10000));
    const Project *project = reopened.project();
    QCOMPARE(project->layers.front().id, QStringLiteral("dem"));
    QCOMPARE(project->layer(QStringLiteral("landsat"))->opacity, 0.35);
    QCOMPARE(project->layer(QStringLiteral("dem"))->style.value(QStringLiteral("ramp")).toString(),
             QStringLiteral("viridis"));
    QCOMPARE(project->sections.value(QStringLiteral("task")).toObject(), task);
    // Paths still resolve from the new location.
    QVERIFY(QFileInfo::exists(project->absolutePath(*project->layer(QStringLiteral("landsat")))));
}

void TestMainWindowFiles::unsavedChangesPromptCanCancelClosing()
{
    MainWindow window;
    window.show();
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(MainWindow::demoProjectPath());
    QVERIFY(loaded.wait(10000));
    window.projectController()->setVisible(QStringLiteral("dem"), true);
    int asked = 0;
    window.setSavePrompt([&asked] {
        ++asked;
        return MainWindow::SaveChoice::Cancel;
    });
    QVERIFY(!window.close());
    QCOMPARE(asked, 1);
    QVERIFY(window.isVisible());

    // A new project never saved: Save asks where, writes the file, then the window closes.
    window.newProject();
    QVERIFY(!window.isModified());
    QSignalSpy added(&window, &MainWindow::layerAdded);
    window.addDataFiles({ test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")) });
    QVERIFY(added.wait(10000));
    QVERIFY(window.isModified());
    const QString path = m_dir.filePath(QStringLiteral("prompted.deepterra"));
    window.setSavePrompt([] { return MainWindow::SaveChoice::Save; });
    window.setSavePathPrompt([path] { return path; });
    QVERIFY(window.close());
    const Project saved = ProjectFile::load(path);
    QCOMPARE(saved.layers.size(), std::size_t(1));
    QCOMPARE(saved.layers.front().kind, LayerKind::Dem);
}

void TestMainWindowFiles::recentFilesRememberTheProject()
{
    QSettings().remove(QStringLiteral("recentFiles"));
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(MainWindow::demoProjectPath());
    QVERIFY(loaded.wait(10000));
    QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0),
             QFileInfo(MainWindow::demoProjectPath()).absoluteFilePath());
}

QTEST_MAIN(TestMainWindowFiles)
#include "testmainwindowfiles.moc"
