#include "map/mapcanvas.h"
#include "render/maplayerdata.h"
#include "render/overviewcache.h"
#include "workspace/layerstore.h"
#include "workspace/mainwindow.h"
#include "workspace/mapstatuswidget.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspacetest.h"

#include <QDir>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <memory>

using namespace deepterra;

// A raster too large to read whole at every view and without overviews, as a user drops it on the
// window: a sparse preview paints first, full detail follows, overviews are built in the
// background into the cache and later opens use them; removing the layer or closing the window
// stops the build; an unusable cache leaves the layer drawn the slow way, with a message.
class TestLargeRaster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void previewComesFirstThenDetailThenOverviews();
    void secondOpenUsesTheCachedOverviews();
    void removingTheLayerOrClosingStopsTheBuild();
    void unusableCacheLeavesTheSlowPathWithAMessage();

private:
    struct Paint
    {
        bool complete = false;
        bool preview = false;
        QImage image;
    };
    // Adds the raster to `window` and returns the layer's id; `paints` collects what the canvas
    // shows from then on.
    QString addRaster(MainWindow &window, std::vector<Paint> &paints);
    QString useCache(const QString &name);

    QTemporaryDir m_dir;
    QString m_path;
};

void TestLargeRaster::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestLargeRaster"));
    // 5000 x 5000 Byte pixels in 64 x 64 DEFLATE tiles (79 x 79 blocks), no overviews: diagonal
    // stripes, so that every part of the raster has data.
    m_path = m_dir.filePath(QStringLiteral("large.tif"));
    GDALAllRegister();
    const char *options[] = { "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64", "COMPRESS=DEFLATE", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), m_path.toUtf8().constData(), 5000, 5000, 1,
                                 GDT_Byte, const_cast<char **>(options));
    QVERIFY(ds);
    double transform[6] = { 500000.0, 10.0, 0.0, 9120000.0, 0.0, -10.0 };
    GDALSetGeoTransform(ds, transform);
    GDALSetProjection(ds, "EPSG:32725");
    std::vector<std::uint8_t> rows(std::size_t(5000) * 100);
    for (int y0 = 0; y0 < 5000; y0 += 100) {
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 5000; ++x)
                rows[std::size_t(y) * 5000 + std::size_t(x)] = std::uint8_t(((x + y0 + y) / 20) % 200 + 20);
        QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, y0, 5000, 100, rows.data(), 5000, 100,
                              GDT_Byte, 0, 0),
                 CE_None);
    }
    GDALClose(ds);
}

void TestLargeRaster::cleanupTestCase()
{
    OverviewCache::setDefaultFolder(QString());
}

QString TestLargeRaster::useCache(const QString &name)
{
    const QString folder = m_dir.filePath(name);
    OverviewCache::setDefaultFolder(folder);
    return folder;
}

QString TestLargeRaster::addRaster(MainWindow &window, std::vector<Paint> &paints)
{
    window.resize(1200, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return {};
    MapCanvas *canvas = window.mapCanvas();
    connect(canvas, &MapCanvas::rendered, canvas, [canvas, &paints](bool complete) {
        paints.push_back({ complete, canvas->isRenderedImagePreview(), canvas->renderedImage() });
    });
    QSignalSpy added(&window, &MainWindow::layerAdded);
    window.addDataFiles({ m_path });
    if (!added.wait(20000))
        return {};
    return added.first().at(0).toString();
}

void TestLargeRaster::previewComesFirstThenDetailThenOverviews()
{
    const QString cache = useCache(QStringLiteral("cache"));
    MainWindow window;
    LayerStore *store = window.workspace()->store();
    QSignalSpy built(store, &LayerStore::overviewsBuilt);
    std::vector<Paint> paints;
    std::size_t paintsWhenBuilt = 0;
    connect(store, &LayerStore::overviewsBuilt, this, [&] { paintsWhenBuilt = paints.size(); });
    bool progressShown = false;
    // After the workspace's own handler: the status bar shows the build while it runs.
    connect(store, &LayerStore::overviewProgress, this,
            [&] { progressShown = progressShown || window.statusWidget()->isBackgroundProgressVisible(); });
    const QString id = addRaster(window, paints);
    QVERIFY(!id.isEmpty());
    QVERIFY(test::waitForFullImage(window.mapCanvas(), 60000));

    // The first image is the sparse preview, not yet complete; full detail came after it.
    QVERIFY(paints.size() >= 2);
    QVERIFY(!paints.front().complete);
    QVERIFY(paints.front().preview);
    const auto firstComplete
        = std::find_if(paints.begin(), paints.end(), [](const Paint &paint) { return paint.complete; });
    QVERIFY(firstComplete != paints.end());
    QVERIFY(!firstComplete->preview);
    // The preview covers the raster: opaque at its centre and near its corners.
    const MapView &view = window.mapCanvas()->view();
    for (const QPointF &point :
         { QPointF(525000, 9095000), QPointF(501000, 9119000), QPointF(549000, 9071000) })
        QCOMPARE(qAlpha(paints.front().image.pixel(view.toScreen(point).toPoint())), 255);

    // The overviews are built in the background, shown in the status bar, and the map redraws
    // from them.
    QVERIFY(built.count() > 0 || built.wait(120000));
    QCOMPARE(built.first().at(0).toString(), id);
    QVERIFY(progressShown);
    const QString overviewPath = window.workspace()->data(id)->overviewPath;
    QCOMPARE(QFileInfo(overviewPath).absolutePath(), QFileInfo(cache).absoluteFilePath());
    QVERIFY(QFileInfo::exists(overviewPath + QStringLiteral(".ovr")));
    QTRY_VERIFY_WITH_TIMEOUT(!window.statusWidget()->isBackgroundProgressVisible(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(paints.size() > paintsWhenBuilt, 20000);
    QVERIFY(test::waitForFullImage(window.mapCanvas()));
    QVERIFY(!window.mapCanvas()->isRenderedImagePreview());
    // Nothing was written next to the raster.
    QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("large.tif*") }, QDir::Files).size(), 1);
}

void TestLargeRaster::secondOpenUsesTheCachedOverviews()
{
    // The cache of the first test, as the next session finds it.
    const QString cache = useCache(QStringLiteral("cache"));
    QVERIFY(!OverviewCache(cache).find(m_path, Resampling::Average).isEmpty());
    MainWindow window;
    QSignalSpy built(window.workspace()->store(), &LayerStore::overviewsBuilt);
    std::vector<Paint> paints;
    const QString id = addRaster(window, paints);
    QVERIFY(!id.isEmpty());
    QVERIFY(test::waitForFullImage(window.mapCanvas(), 60000));
    QCOMPARE(window.workspace()->data(id)->overviewPath,
             OverviewCache(cache).find(m_path, Resampling::Average));
    QVERIFY(!window.workspace()->store()->isBuildingOverviews());
    QVERIFY(!paints.empty());
    QVERIFY(std::none_of(paints.begin(), paints.end(), [](const Paint &paint) { return paint.preview; }));
    QCOMPARE(built.count(), 0);
}

void TestLargeRaster::removingTheLayerOrClosingStopsTheBuild()
{
    const QString cache = useCache(QStringLiteral("cancelled"));
    {
        MainWindow window;
        LayerStore *store = window.workspace()->store();
        QSignalSpy built(store, &LayerStore::overviewsBuilt);
        QSignalSpy idle(store, &LayerStore::overviewsIdle);
        QString id;
        // Removed as soon as its build reports progress.
        connect(store, &LayerStore::overviewProgress, this, [&](const QString &layer) {
            if (window.project()->layer(layer))
                window.projectController()->removeLayer(layer);
        });
        std::vector<Paint> paints;
        id = addRaster(window, paints);
        QVERIFY(!id.isEmpty());
        QVERIFY(idle.count() > 0 || idle.wait(60000));
        QVERIFY(!window.project()->layer(id));
        QCOMPARE(built.count(), 0);
        QVERIFY(QDir(cache).entryList(QDir::Files).isEmpty());
    }
    {
        auto window = std::make_unique<MainWindow>();
        LayerStore *store = window->workspace()->store();
        bool building = false;
        connect(store, &LayerStore::overviewProgress, this, [&] { building = true; });
        std::vector<Paint> paints;
        QVERIFY(!addRaster(*window, paints).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(building, 60000);
        // Closing waits for GDAL to stop at its next progress report; nothing half-built stays.
        window.reset();
        QVERIFY(QDir(cache).entryList(QDir::Files).isEmpty());
    }
}

void TestLargeRaster::unusableCacheLeavesTheSlowPathWithAMessage()
{
    // The cache folder cannot be created: its parent is a file.
    QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    useCache(QStringLiteral("blocker/overviews"));
    MainWindow window;
    QSignalSpy failed(window.workspace(), &MapWorkspace::overviewsFailed);
    QSignalSpy rendered(window.mapCanvas(), &MapCanvas::rendered);
    std::vector<Paint> paints;
    const QString id = addRaster(window, paints);
    QVERIFY(!id.isEmpty());
    QVERIFY(failed.count() > 0 || failed.wait(60000));
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("draws more slowly"))
                 && message.contains(QStringLiteral("cannot create the overview cache folder")),
             qPrintable(message));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage() == message, 10000);
    // Drawn all the same, from the raster itself, without errors.
    QVERIFY(test::waitForFullImage(window.mapCanvas(), 60000));
    QVERIFY(window.workspace()->data(id)->overviewPath.isEmpty());
    for (const QList<QVariant> &arguments : rendered)
        QVERIFY(arguments.at(1).toStringList().isEmpty());
}

QTEST_MAIN(TestLargeRaster)
#include "testlargeraster.moc"
