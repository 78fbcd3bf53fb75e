#include "workspace/layerspanel.h"
#include "workspace/mainwindow.h"
#include "workspace/propertiesview.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace deepterra;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoProjectListsItsLayers();
    void selectingALayerShowsItsFacts();
    void brokenProjectReportsTheFile();
    void missingLayerFileShowsTheError();

private:
    static QTreeWidgetItem *findChild(QTreeWidgetItem *parent, const QString &key);
    QTemporaryDir m_dir;
};

QTreeWidgetItem *TestMainWindow::findChild(QTreeWidgetItem *parent, const QString &key)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(0) == key)
            return parent->child(i);
    return nullptr;
}

void TestMainWindow::demoProjectListsItsLayers()
{
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(MainWindow::demoProjectPath());
    QVERIFY(loaded.wait(10000));
    auto *tree = window.layersPanel()->findChild<QTreeWidget *>(QStringLiteral("layersTree"));
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 3);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Landsat 7 ETM+ (Olinda)"));
    QCOMPARE(tree->topLevelItem(2)->text(1), QStringLiteral("Training polygons"));
    QCOMPARE(tree->topLevelItem(1)->checkState(0), Qt::Unchecked); // the DEM starts hidden
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Olinda land cover (demo)")));

    // Unticking a layer changes the project.
    tree->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
    QVERIFY(!window.project()->layer(QStringLiteral("landsat"))->visible);
}

void TestMainWindow::selectingALayerShowsItsFacts()
{
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    QSignalSpy inspected(&window, &MainWindow::layerInspected);
    window.openProject(MainWindow::demoProjectPath());
    QVERIFY(loaded.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(inspected.count() >= 1, 10000);
    QTreeWidget *props = window.propertiesView()->tree();
    QTreeWidgetItem *raster = findChild(props->invisibleRootItem(), QStringLiteral("raster"));
    QVERIFY(raster);
    QCOMPARE(findChild(raster, QStringLiteral("width"))->text(1), QStringLiteral("349"));
    QCOMPARE(findChild(raster, QStringLiteral("bandCount"))->text(1), QStringLiteral("6"));

    window.layersPanel()->selectLayer(QStringLiteral("training"));
    QTRY_VERIFY_WITH_TIMEOUT(findChild(props->invisibleRootItem(), QStringLiteral("vector")), 10000);
}

void TestMainWindow::brokenProjectReportsTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.deepterra"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ \"format\": \"deepterra-project\", ");
    file.close();
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    window.openProject(path);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(": invalid JSON")), qPrintable(message));
    QVERIFY(!window.project());
}

void TestMainWindow::missingLayerFileShowsTheError()
{
    const QString path = m_dir.filePath(QStringLiteral("missing.deepterra"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        R"({"format":"deepterra-project","version":1,"name":"m","layers":[{"id":"a","kind":"imagery","path":"gone.tif"}]})");
    file.close();
    MainWindow window;
    QSignalSpy inspected(&window, &MainWindow::layerInspected);
    window.openProject(path);
    QVERIFY(inspected.wait(10000));
    auto *status = window.propertiesView()->findChild<QLabel *>(QStringLiteral("propertiesStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("gone.tif: file not found")), qPrintable(status->text()));
}

QTEST_MAIN(TestMainWindow)
#include "testmainwindow.moc"
