#include "map/mapcanvas.h"
#include "render/maplayerdata.h"
#include "series/qcustomplotinclude.h"
#include "series/seriesview.h"
#include "testdata.h"
#include "workspace/layerspanel.h"
#include "workspace/mainwindow.h"
#include "workspace/mapstatuswidget.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspace/propertiesview.h"
#include "workspacetest.h"

#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace deepterra;

// The workspace as a user drives it: the demo project, its layers and facts, styles, the map's
// pan, zoom and cursor readout, layers in other CRS, series and cube extraction. Files, projects
// and bad input: TestMainWindowFiles.
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoProjectListsItsLayers();
    void fileMenuOpensTheDemoAndAboutGivesTheVersion();
    void selectingALayerShowsItsFacts();
    void demoLayersAreDrawnWithLegends();
    void layerPanelControlsEditTheProject();
    void changingAStyleRedrawsTheMap();
    void panAndZoom();
    void cursorShowsPixelValuesAndLonLat();
    void layerInAnotherCrsIsReprojected();
    void seriesLayerIsPlotted();
    void cubeSeriesAtAClickedPoint();
    void layerWithoutCrsSaysWhyItIsNotDrawn();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestMainWindow"));
}

void TestMainWindow::demoProjectListsItsLayers()
{
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(MainWindow::demoProjectPath());
    QVERIFY(loaded.wait(10000));
    QTreeWidget *tree = window.layersPanel()->tree();
    QCOMPARE(tree->topLevelItemCount(), 3);
    // Topmost first: the polygons over the imagery over the (hidden) DEM.
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Training areas"));
    QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("Landsat 7 ETM+ (Olinda)"));
    QCOMPARE(tree->topLevelItem(0)->data(0, LayersPanel::kKindRole).toString(),
             QStringLiteral("Training polygons"));
    QCOMPARE(tree->topLevelItem(2)->data(0, LayersPanel::kKindRole).toString(), QStringLiteral("DEM"));
    QCOMPARE(tree->topLevelItem(2)->checkState(0), Qt::Unchecked);
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Olinda land cover (demo)")));
    QVERIFY(!window.isModified());

    // Unticking a layer changes the project, and the project knows it has unsaved changes.
    tree->topLevelItem(1)->setCheckState(0, Qt::Unchecked);
    QVERIFY(!window.project()->layer(QStringLiteral("landsat"))->visible);
    QVERIFY(window.isModified());
}

void TestMainWindow::fileMenuOpensTheDemoAndAboutGivesTheVersion()
{
    MainWindow window;
    window.show();
    const auto action = [&](const QString &text) -> QAction * {
        for (QAction *menu : window.menuBar()->actions())
            for (QAction *item : menu->menu()->actions())
                if (item->text() == text)
                    return item;
        return nullptr;
    };
    // File > Open Demo Project, as a click on the menu item triggers it (in a build tree the demo
    // opens where it lies; installed, from the user's copy: TestDemoProject, TestPackage).
    QAction *openDemo = action(QStringLiteral("Open &Demo Project"));
    QVERIFY(openDemo);
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    openDemo->trigger();
    QVERIFY(loaded.wait(10000));
    QCOMPARE(window.project()->name, QStringLiteral("Olinda land cover (demo)"));
    QCOMPARE(window.project()->filePath, MainWindow::demoProjectPath());

    // Help > About names the version the programs were built as (the CMake project's).
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QString aboutText;
    QTimer::singleShot(0, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            aboutText = box->text();
            box->accept();
        }
    });
    action(QStringLiteral("&About Deepterra"))->trigger();
    QVERIFY2(aboutText.contains(QLatin1String("Deepterra 9.8.7")), qPrintable(aboutText));
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
    const auto factOf = [props](const QString &label) {
        QTreeWidgetItem *item = test::findChild(props->invisibleRootItem(), label);
        return item ? item->text(1) : QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(factOf(QStringLiteral("Type")), QStringLiteral("Vector"), 10000);

    // The facts deepterra-cli info gives: 349 x 352 pixels, 6 bands (TestPropertiesView has the rest).
    window.layersPanel()->selectLayer(QStringLiteral("landsat"));
    QTRY_COMPARE_WITH_TIMEOUT(factOf(QStringLiteral("Type")), QStringLiteral("Raster"), 10000);
    QCOMPARE(factOf(QStringLiteral("Size")), QStringLiteral("349 × 352 pixels"));
    QCOMPARE(factOf(QStringLiteral("Bands")), QStringLiteral("6"));
}

void TestMainWindow::demoLayersAreDrawnWithLegends()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    QCOMPARE(canvas->mapCrs().authorityCode, QStringLiteral("EPSG:31985"));
    // The view fits the layers: the Landsat scene (288776.25 .. 298722.75 east).
    QVERIFY(canvas->view().extent().contains(QPointF(293749.5, 9115744.75)));
    const QImage image = canvas->renderedImage();
    const QPoint centre = canvas->view().toScreen(QPointF(293749.5, 9115744.75)).toPoint();
    QCOMPARE(qAlpha(image.pixel(centre)), 255);
    // Outside the scene nothing is drawn.
    const QPoint outside = canvas->view().toScreen(QPointF(288000, 9115744.75)).toPoint();
    if (image.rect().contains(outside))
        QCOMPARE(qAlpha(image.pixel(outside)), 0);

    // Legends: the four classes with the project's colours, the three composite bands.
    QTreeWidgetItem *training = window.layersPanel()->tree()->topLevelItem(0);
    QCOMPARE(training->childCount(), 4);
    QCOMPARE(training->child(3)->text(0), QStringLiteral("water"));
    QTreeWidgetItem *landsat = window.layersPanel()->tree()->topLevelItem(1);
    QCOMPARE(landsat->child(0)->text(0), QStringLiteral("Red: 3 · red"));
    // The water polygon off the coast (feature 1 starts at 296243.25, 9113008.75) is drawn in
    // the water colour #1f78b4 at 45 % fill over the imagery, at 80 % layer opacity: blue wins.
    const QPoint water = canvas->view().toScreen(QPointF(296400, 9112700)).toPoint();
    const QRgb pixel = image.pixel(water);
    QVERIFY2(qBlue(pixel) > qRed(pixel), qPrintable(QColor(pixel).name()));
}

void TestMainWindow::layerPanelControlsEditTheProject()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    LayersPanel *panel = window.layersPanel();
    panel->selectLayer(QStringLiteral("landsat"));

    // Opacity: the slider sets the selected layer's opacity.
    panel->opacitySlider()->setValue(40);
    QCOMPARE(window.project()->layer(QStringLiteral("landsat"))->opacity, 0.4);

    // Order: "move up" puts Landsat above the training polygons.
    QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("moveUpButton")), Qt::LeftButton);
    QCOMPARE(window.project()->layers.front().id, QStringLiteral("landsat"));
    QCOMPARE(panel->tree()->topLevelItem(0)->text(0), QStringLiteral("Landsat 7 ETM+ (Olinda)"));
    QCOMPARE(panel->currentLayerId(), QStringLiteral("landsat"));

    // Zoom to layer: the DEM's extent fills the view.
    panel->selectLayer(QStringLiteral("dem"));
    QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("zoomLayerButton")), Qt::LeftButton);
    const QRectF dem = window.workspace()->data(QStringLiteral("dem"))->mapExtent;
    QVERIFY(window.mapCanvas()->view().extent().contains(dem));
    QVERIFY(window.mapCanvas()->view().extent().width() < dem.width() * 1.2
            || window.mapCanvas()->view().extent().height() < dem.height() * 1.2);

    // Removal: the layer leaves the project, the panel and the map.
    QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("removeLayerButton")), Qt::LeftButton);
    QVERIFY(!window.project()->layer(QStringLiteral("dem")));
    QCOMPARE(panel->tree()->topLevelItemCount(), 2);
    QVERIFY(window.isModified());
}

void TestMainWindow::changingAStyleRedrawsTheMap()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    window.projectController()->setVisible(QStringLiteral("training"), false);
    QVERIFY(test::waitForFullImage(canvas));
    const QPoint probe = canvas->view().toScreen(QPointF(293749.5, 9115744.75)).toPoint();
    const QRgb before = canvas->renderedImage().pixel(probe);

    // The near-infrared band (4) through viridis: a single-band rendering of the same place.
    QSignalSpy rendered(canvas, &MapCanvas::rendered);
    window.projectController()->setStyle(
        QStringLiteral("landsat"),
        QJsonObject { { QStringLiteral("renderer"), QStringLiteral("singleband") },
                      { QStringLiteral("band"), 4 },
                      { QStringLiteral("ramp"), QStringLiteral("viridis") },
                      { QStringLiteral("stretch"), QStringLiteral("minmax") } });
    QVERIFY(rendered.wait(10000));
    QVERIFY(test::waitForFullImage(canvas));
    const QRgb after = canvas->renderedImage().pixel(probe);
    QVERIFY(before != after);
    QVERIFY(window.isModified());
    QCOMPARE(window.layersPanel()->tree()->topLevelItem(1)->child(1)->text(0), QStringLiteral("4 · nir"));
    // A viridis colour: more green than red for any but the top values.
    QVERIFY2(qGreen(after) >= qRed(after) || qRed(after) > 200, qPrintable(QColor(after).name()));
}

void TestMainWindow::panAndZoom()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    canvas->setFocus();
    const MapView start = canvas->view();

    // Dragging 100 px right and 50 px down moves the map with the mouse.
    QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(300, 300));
    QTest::mouseMove(canvas, QPoint(350, 325));
    QTest::mouseMove(canvas, QPoint(400, 350));
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(400, 350));
    const double u = start.unitsPerPixel();
    QVERIFY(std::abs(canvas->view().center().x() - (start.center().x() - 100 * u)) < 1e-6);
    QVERIFY(std::abs(canvas->view().center().y() - (start.center().y() + 50 * u)) < 1e-6);
    QVERIFY(test::waitForFullImage(canvas));

    // One wheel notch zooms in 1.25 times, keeping the point under the mouse in place.
    const QPointF anchor(250, 200);
    const QPointF before = canvas->view().toMap(anchor);
    QWheelEvent wheel(anchor, canvas->mapToGlobal(anchor), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas, &wheel);
    QVERIFY(std::abs(canvas->view().unitsPerPixel() - u / 1.25) < 1e-9);
    const QPointF after = canvas->view().toMap(anchor);
    QVERIFY(std::abs(after.x() - before.x()) < 1e-6 && std::abs(after.y() - before.y()) < 1e-6);

    // Keys: + zooms in 1.5 times, Home shows everything again.
    QTest::keyClick(canvas, Qt::Key_Plus);
    QVERIFY(std::abs(canvas->view().unitsPerPixel() - u / 1.25 / 1.5) < 1e-9);
    QTest::keyClick(canvas, Qt::Key_Home);
    QVERIFY(std::abs(canvas->view().unitsPerPixel() - u) < 1e-9);
    QVERIFY(test::waitForFullImage(canvas));
    // The scale in the status bar: the view's metres per pixel at the screen's resolution.
    QVERIFY(window.statusWidget()->scaleText().startsWith(QStringLiteral("1:")));
}

void TestMainWindow::cursorShowsPixelValuesAndLonLat()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    // The centre of Landsat pixel (42, 202): gdallocationinfo -geoloc 290000 9115000 reads
    // 75 61 67 52 108 92 there; gdaltransform puts the centre at 8.00205 S, 34.90542 W (the
    // mouse lands on a whole screen pixel, a few metres off).
    const QPointF centre(288776.25 + 42.5 * 28.5, 9120760.75 - 202.5 * 28.5);
    const QPoint screen = canvas->view().toScreen(centre).toPoint();
    QTest::mouseMove(canvas, screen);
    QTRY_VERIFY_WITH_TIMEOUT(window.statusWidget()->valuesText().contains(QStringLiteral("Landsat")), 10000);
    QVERIFY2(window.statusWidget()->valuesText().contains(
                 QStringLiteral("Landsat 7 ETM+ (Olinda): 75, 61, 67, 52, 108, 92")),
             qPrintable(window.statusWidget()->valuesText()));
    const QRegularExpressionMatch lonLat = QRegularExpression(QStringLiteral("([0-9.]+)° S  ([0-9.]+)° W"))
                                               .match(window.statusWidget()->lonLatText());
    QVERIFY2(lonLat.hasMatch(), qPrintable(window.statusWidget()->lonLatText()));
    QVERIFY(std::abs(lonLat.captured(1).toDouble() - 8.00205) < 1e-4);
    QVERIFY(std::abs(lonLat.captured(2).toDouble() - 34.90542) < 1e-4);
    QVERIFY(window.statusWidget()->coordinatesText().startsWith(QStringLiteral("2899")));

    // Over a training polygon the status bar names its class (feature 1, water).
    QTest::mouseMove(canvas, canvas->view().toScreen(QPointF(296400, 9112700)).toPoint());
    QTRY_VERIFY_WITH_TIMEOUT(
        window.statusWidget()->valuesText().contains(QStringLiteral("Training areas: water")), 10000);
}

void TestMainWindow::layerInAnotherCrsIsReprojected()
{
    // 20 x 20 cells of 0.001 degree in WGS 84 over Olinda, all 7: drawn on the UTM map where
    // they belong, and read back under the cursor.
    test::RasterSpec spec;
    spec.width = 20;
    spec.height = 20;
    spec.originX = -34.88;
    spec.originY = -7.98;
    spec.pixelSize = 0.001;
    spec.crs = QStringLiteral("EPSG:4326");
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("lonlat.tif")), spec,
                                           std::vector<double>(400, 7.0));
    MainWindow window;
    QVERIFY(test::openDemo(window));
    window.projectController()->setVisible(QStringLiteral("training"), false);
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.addDataFiles({ path });
    QVERIFY(loaded.wait(10000));
    QVERIFY(test::waitForFullImage(window.mapCanvas()));
    // The cell centre (-34.8695, -7.9895) is (293942.0, 9116395.6) in EPSG:31985 (gdaltransform).
    MapCanvas *canvas = window.mapCanvas();
    const QPoint screen = canvas->view().toScreen(QPointF(293942.0, 9116395.6)).toPoint();
    QCOMPARE(qAlpha(canvas->renderedImage().pixel(screen)), 255);
    QTest::mouseMove(canvas, screen);
    QTRY_VERIFY_WITH_TIMEOUT(window.statusWidget()->valuesText().contains(QStringLiteral("lonlat: 7")),
                             10000);
}

void TestMainWindow::seriesLayerIsPlotted()
{
    // co2.csv: weekly values with empty fields; selecting the layer opens the series view.
    MainWindow window;
    window.show();
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.addDataFiles({ test::samplePath(QStringLiteral("datasets/co2/co2.csv")) });
    QVERIFY(loaded.wait(10000));
    QCOMPARE(window.project()->layers.front().kind, LayerKind::Series);
    SeriesView *series = window.seriesView();
    QTRY_COMPARE_WITH_TIMEOUT(series->plot()->graphCount(), 1, 10000);
    QVERIFY(series->graphNames().constFirst().startsWith(QStringLiteral("co2")));
    QCOMPARE(series->plot()->graph(0)->dataCount(), 2284);
    QVERIFY(series->isVisible());
}

void TestMainWindow::cubeSeriesAtAClickedPoint()
{
    // The stage IV cube has no georeferencing: the map draws its cells in pixel space, cell
    // (69, 54) around (69.5, -54.5), whose first hours hold 65.25, 17.5, 9.13 (python3-gdal).
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.addDataFiles({ test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")) });
    QVERIFY(loaded.wait(20000));
    MapCanvas *canvas = window.mapCanvas();
    QVERIFY(test::waitForFullImage(canvas));
    auto *pickPoint = window.seriesView()->findChild<QToolButton *>(QStringLiteral("pickPointButton"));
    QVERIFY(pickPoint && pickPoint->isVisible());
    // Nothing extracted yet, so nothing to add as a layer.
    QVERIFY(
        !window.seriesView()->findChild<QToolButton *>(QStringLiteral("addSeriesLayerButton"))->isEnabled());
    QTest::mouseClick(pickPoint, Qt::LeftButton);
    QCOMPARE(canvas->tool(), MapCanvas::Tool::PickPoint);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier,
                      canvas->view().toScreen(QPointF(69.5, -54.5)).toPoint());
    QCPGraph *graph = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((graph = window.seriesView()->plot()->graph(0)) != nullptr, 10000);
    QCOMPARE(graph->dataCount(), 23);
    QVERIFY(std::abs(graph->data()->begin()->value - 65.25) < 1e-3);
    QVERIFY(std::abs((graph->data()->begin() + 1)->value - 17.5) < 1e-3);

    // Added to the project, the cell's series is a series layer like a CSV file: saved with the
    // file, the variable and the cell's longitude and latitude, and read again from them.
    auto *addLayer = window.seriesView()->findChild<QToolButton *>(QStringLiteral("addSeriesLayerButton"));
    QVERIFY(addLayer && addLayer->isVisible());
    QVERIFY(addLayer->isEnabled());
    QTest::mouseClick(addLayer, Qt::LeftButton);
    const ProjectLayer &layer = window.project()->layers.front();
    QCOMPARE(layer.kind, LayerKind::Series);
    QVERIFY(layer.path.endsWith(QLatin1String("test_stageiv_xyt.nc")));
    QCOMPARE(layer.properties.value(QStringLiteral("variable")).toString(),
             QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation"));
    QVERIFY(layer.properties.value(QStringLiteral("lon")).isDouble());
    QVERIFY(layer.properties.value(QStringLiteral("lat")).isDouble());
    QVERIFY2(layer.name.startsWith(QLatin1String("Total_precipitation_surface_1_Hour_Accumulation at 3")),
             qPrintable(layer.name));

    // Loaded like any series layer; its first hours are the clicked cell's (python3-gdal).
    const QString id = layer.id;
    std::shared_ptr<const MapLayerData> data;
    QTRY_VERIFY_WITH_TIMEOUT((data = window.workspace()->data(id)) && data->series.rowCount() == 23, 10000);
    const std::vector<double> &values = data->series.columns.front().values;
    QVERIFY(std::abs(values[0] - 65.25) < 1e-3);
    QVERIFY(std::abs(values[1] - 17.5) < 1e-3);
    test::shoot(window, QStringLiteral("series-netcdf-layer"));
}

void TestMainWindow::layerWithoutCrsSaysWhyItIsNotDrawn()
{
    test::RasterSpec spec;
    spec.crs.clear();
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nocrs.tif")), spec, { 1, 2, 3 });
    MainWindow window;
    QVERIFY(test::openDemo(window));
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    QSignalSpy inspected(&window, &MainWindow::layerInspected);
    window.addDataFiles({ path });
    QVERIFY(loaded.wait(10000));
    QTreeWidgetItem *item = window.layersPanel()->tree()->topLevelItem(0);
    QVERIFY2(
        item->toolTip(0).contains(QStringLiteral("has no coordinate reference system, so it cannot be placed "
                                                 "on a map in EPSG:31985")),
        qPrintable(item->toolTip(0)));
    QTRY_VERIFY_WITH_TIMEOUT(window.propertiesView()
                                 ->findChild<QLabel *>(QStringLiteral("propertiesNote"))
                                 ->text()
                                 .contains(QStringLiteral("Not drawn on the map")),
                             10000);
}

QTEST_MAIN(TestMainWindow)
#include "testmainwindow.moc"
