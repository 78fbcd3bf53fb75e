#pragma once

#include "map/mapcanvas.h"
#include "workspace/mainwindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTreeWidgetItem>
#include <QtTest>

// What the main window's GUI tests share: settings kept away from the developer's own, the demo
// opened and drawn, files dropped on the window.
namespace deepterra::test {

// Settings and recent files go to a throw-away location.
inline void isolateSettings(const QString &application)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DeepterraTest"));
    QCoreApplication::setApplicationName(application);
    QSettings().clear();
}

// Waits until the canvas shows its current view in full detail.
inline bool waitForFullImage(MapCanvas *canvas, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (!canvas->isRendering() && canvas->isRenderedImageComplete()
            && canvas->renderedView() == canvas->view())
            return true;
        QTest::qWait(20);
    }
    return false;
}

// Opens the demo in `window`, shown, and waits for its layers and a full-detail image.
inline bool openDemo(MainWindow &window)
{
    window.resize(1200, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.openProject(MainWindow::demoProjectPath());
    if (!loaded.wait(20000))
        return false;
    return waitForFullImage(window.mapCanvas());
}

inline QTreeWidgetItem *findChild(QTreeWidgetItem *parent, const QString &key)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(0) == key)
            return parent->child(i);
    return nullptr;
}

// Drags `path` over the window and drops it, as a file manager would.
inline void dropFile(MainWindow &window, const QString &path)
{
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(path) });
    QDragEnterEvent enter(QPoint(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
}

// DEEPTERRA_SCREENSHOTS=<folder>: the README's pictures, taken as the GUI tests go (run them under
// xvfb-run with QT_QPA_PLATFORM=xcb); nothing otherwise.
inline void shoot(QWidget &window, const QString &name)
{
    const QString folder = qEnvironmentVariable("DEEPTERRA_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QTest::qWait(700);
    window.grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

} // namespace deepterra::test
