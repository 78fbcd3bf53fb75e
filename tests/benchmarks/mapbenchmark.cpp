// How the map workspace copes with a large raster: the time from dropping a generated
// 20000 x 20000 raster on the window to the first image on screen and to full detail, and the
// longest the GUI thread stays busy meanwhile, measured by a timer that should fire every
// millisecond (a stall is the gap between two of its ticks). Then the same while the user pans and
// zooms. Three cases: a raster with overviews; one without, opened the first time (the map paints
// a sparse preview, the overview cache is cold and builds in the background: the time until the
// overviews are built is reported too); the same raster opened again (the cache is warm). The
// reference, in the same run: what one view costs when read and styled on the GUI thread itself,
// the naive design the workspace avoids.
//
//   mapbenchmark [--size N] [--keep DIR]
//
// The overview cache lives in a fresh folder under the temporary (or --keep) folder, emptied at the
// start, so that the first open is cold whatever ran before.
//
// Targets (issue 5): first paint under 1 s, no GUI stall over 50 ms. Figures, not a pass/fail
// test: they depend on the machine and its disk cache.

#include "eventloopwait.h"
#include "profilingapplication.h"
#include "stallprobe.h"

#include "geodata/rasterdataset.h"
#include "map/mapcanvas.h"
#include "map/rasterstyler.h"
#include "render/maplayerdata.h"
#include "render/maplayerloader.h"
#include "render/maprasterreader.h"
#include "render/overviewcache.h"
#include "workspace/layerstore.h"
#include "workspace/mainwindow.h"
#include "workspace/mapworkspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <QWheelEvent>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace deepterra;

namespace {

constexpr qint64 kFirstPaintTargetMs = 1000;
constexpr qint64 kStallTargetMs = 50;

// A Byte raster of `size` x `size` pixels, tiled and DEFLATE-compressed, with rolling hills and a
// grid of lines so that every zoom level shows structure; with overview levels 2..512 or none.
bool writeRaster(const QString &path, int size, bool overviews)
{
    GDALAllRegister();
    const char *options[] = { "TILED=YES",   "BLOCKXSIZE=256",   "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
                              "PREDICTOR=2", "BIGTIFF=IF_SAFER", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), size, size, 1,
                                 GDT_Byte, const_cast<char **>(options));
    if (!ds)
        return false;
    double transform[6] = { 500000.0, 10.0, 0.0, 9200000.0, 0.0, -10.0 };
    GDALSetGeoTransform(ds, transform);
    GDALSetProjection(ds, "EPSG:32725");
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    const int rows = 256;
    std::vector<std::uint8_t> strip(std::size_t(size) * rows);
    for (int y0 = 0; y0 < size; y0 += rows) {
        const int h = std::min(rows, size - y0);
        for (int y = 0; y < h; ++y) {
            const double fy = double(y0 + y) / size;
            for (int x = 0; x < size; ++x) {
                const double fx = double(x) / size;
                double v
                    = 128 + 60 * std::sin(fx * 17.0) * std::cos(fy * 13.0) + 30 * std::sin((fx + fy) * 71.0);
                if ((x % 1000) < 4 || ((y0 + y) % 1000) < 4)
                    v = 250;
                strip[std::size_t(y) * std::size_t(size) + std::size_t(x)]
                    = std::uint8_t(std::clamp(v, 0.0, 255.0));
            }
        }
        if (GDALRasterIO(band, GF_Write, 0, y0, size, h, strip.data(), size, h, GDT_Byte, 0, 0) != CE_None) {
            GDALClose(ds);
            return false;
        }
    }
    if (overviews) {
        int levels[] = { 2, 4, 8, 16, 32, 64, 128, 256, 512 };
        if (GDALBuildOverviews(ds, "AVERAGE", 9, levels, 0, nullptr, nullptr, nullptr) != CE_None) {
            GDALClose(ds);
            return false;
        }
    }
    GDALClose(ds);
    return true;
}

struct LoadFigures
{
    qint64 firstPaintMs = -1;
    bool firstPaintIsPreview = false;
    qint64 fullDetailMs = -1;
    qint64 overviewsBuiltMs = -1; // -1: none were built
    double loadStallMs = 0;
    double interactionStallMs = 0;
    double interactionFullDetailMs = 0; // mean time from a view change to full detail
    QString longestLoadEvent;
    QString longestInteractionEvent;
};

LoadFigures measure(const QString &path)
{
    LoadFigures figures;
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QCoreApplication::processEvents();
    MapCanvas *canvas = window.mapCanvas();
    window.newProject();

    StallProbe probe;
    QElapsedTimer clock;
    QObject::connect(canvas, &MapCanvas::rendered, canvas, [&](bool complete, const QStringList &errors) {
        for (const QString &error : errors)
            std::printf("    render error: %s\n", qPrintable(error));
        if (figures.firstPaintMs < 0) {
            figures.firstPaintMs = clock.elapsed();
            figures.firstPaintIsPreview = canvas->isRenderedImagePreview();
        }
        if (complete && figures.fullDetailMs < 0 && canvas->renderedView() == canvas->view())
            figures.fullDetailMs = clock.elapsed();
    });
    QObject::connect(&window, &MainWindow::loadFailed, &window, [](const QString &message) {
        std::printf("    load failed: %s\n", qPrintable(message));
    });
    LayerStore *store = window.workspace()->store();
    QObject::connect(store, &LayerStore::overviewsBuilt, store,
                     [&] { figures.overviewsBuiltMs = clock.elapsed(); });
    QObject::connect(store, &LayerStore::overviewsFailed, store, [](const QString &, const QString &message) {
        std::printf("    overviews failed: %s\n", qPrintable(message));
    });

    probe.start();
    ProfilingApplication::current()->resetLongest();
    clock.start();
    window.addDataFiles({ path }); // what a drop on the window does
    waitFor([&] { return figures.fullDetailMs >= 0; }, 120000);
    // A raster without overviews gets them in the background: the stall probe watches the build
    // too, and the window must not close (cancelling it) before the next open can use them.
    waitFor([&] { return !store->isBusy() && !store->isBuildingOverviews(); }, 300000);
    waitFor([] { return false; }, 300); // settle: the stall probe keeps watching
    probe.stop();
    figures.loadStallMs = probe.longestMs();
    figures.longestLoadEvent = ProfilingApplication::current()->longest();

    // A user exploring: wheel zooms in and out around the centre and drags, each followed by
    // the wait for full detail.
    const QPointF centre(canvas->width() / 2.0, canvas->height() / 2.0);
    double total = 0;
    int steps = 0;
    probe.start();
    ProfilingApplication::current()->resetLongest();
    for (int i = 0; i < 24; ++i) {
        QElapsedTimer step;
        step.start();
        if (i % 3 == 2) {
            canvas->setView(canvas->view().panned(QPointF(120, -80)));
        } else {
            const int delta = i < 12 ? 240 : -240; // two notches in, later out
            QWheelEvent wheel(centre, canvas->mapToGlobal(centre), QPoint(), QPoint(0, delta), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(canvas, &wheel);
        }
        waitFor(
            [&] {
                return !canvas->isRendering() && canvas->isRenderedImageComplete()
                    && canvas->renderedView() == canvas->view();
            },
            60000);
        total += double(step.nsecsElapsed()) / 1e6;
        ++steps;
    }
    probe.stop();
    figures.interactionStallMs = probe.longestMs();
    figures.longestInteractionEvent = ProfilingApplication::current()->longest();
    figures.interactionFullDetailMs = total / steps;
    return figures;
}

// The naive design: read and style the whole view on the GUI thread. Returns milliseconds.
double synchronousView(const QString &path, const QSize &size)
{
    QElapsedTimer timer;
    timer.start();
    ProjectLayer layer;
    layer.kind = LayerKind::Imagery;
    const MapLayerData data = MapLayerLoader::load(layer, path, CrsInfo());
    const RasterDataset dataset = RasterDataset::open(path);
    const MapView view = MapView::fitting(data.mapExtent, size);
    LayerStyle style = LayerStyle::defaultFor(LayerKind::Imagery, data);
    const RasterBuffer buffer = MapRasterReader::read(dataset, view.grid(data.crs), style.bands());
    const QImage image = RasterStyler::render(buffer, data, style, view.unitsPerPixel());
    const double elapsed = double(timer.nsecsElapsed()) / 1e6;
    if (image.isNull())
        std::printf("    reference view is empty\n");
    return elapsed;
}

void report(const char *title, const LoadFigures &f, double reference)
{
    std::printf("  %s\n", title);
    std::printf("    first paint             %7lld ms   (target < %lld ms: %s)%s\n",
                static_cast<long long>(f.firstPaintMs), static_cast<long long>(kFirstPaintTargetMs),
                f.firstPaintMs >= 0 && f.firstPaintMs < kFirstPaintTargetMs ? "met" : "MISSED",
                f.firstPaintIsPreview ? ", a sparse preview" : "");
    std::printf("    full detail             %7lld ms\n", static_cast<long long>(f.fullDetailMs));
    if (f.overviewsBuiltMs >= 0)
        std::printf("    overviews built         %7lld ms   in the cache, in the background\n",
                    static_cast<long long>(f.overviewsBuiltMs));
    std::printf("    longest GUI stall       %7.1f ms   while loading%s   (target < %lld ms: %s)\n",
                f.loadStallMs, f.overviewsBuiltMs >= 0 ? " and building overviews" : "",
                static_cast<long long>(kStallTargetMs), f.loadStallMs < kStallTargetMs ? "met" : "MISSED");
    std::printf("    longest GUI stall       %7.1f ms   while panning and zooming (%s)\n",
                f.interactionStallMs, f.interactionStallMs < kStallTargetMs ? "met" : "MISSED");
    std::printf("    longest GUI event: %s while loading, %s while exploring\n",
                qPrintable(f.longestLoadEvent), qPrintable(f.longestInteractionEvent));
    std::printf("    view change -> detail   %7.1f ms   mean of 24 wheel zooms and pans\n",
                f.interactionFullDetailMs);
    if (reference >= 0)
        std::printf("    reference: one view read and styled on the GUI thread: %.1f ms stall\n", reference);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    ProfilingApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("DeepterraBenchmark"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Raster edge in pixels."),
                                        QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
                                        QStringLiteral("Write the rasters here and keep them."),
                                        QStringLiteral("DIR"));
    parser.addOption(sizeOption);
    parser.addOption(keepOption);
    parser.process(app);
    const int size = parser.value(sizeOption).toInt();

    QTemporaryDir temporary;
    const QString dir = parser.isSet(keepOption) ? parser.value(keepOption) : temporary.path();
    QDir().mkpath(dir);
    const QString withOverviews = QDir(dir).filePath(QStringLiteral("large_%1_overviews.tif").arg(size));
    const QString without = QDir(dir).filePath(QStringLiteral("large_%1_plain.tif").arg(size));

    std::printf("Map workspace benchmark: %d x %d Byte raster (tiled 256, DEFLATE), window 1600 x 1000\n",
                size, size);
    QElapsedTimer timer;
    for (const auto &[path, overviews] :
         { std::pair { withOverviews, true }, std::pair { without, false } }) {
        if (QFileInfo::exists(path))
            continue;
        timer.start();
        if (!writeRaster(path, size, overviews)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        std::printf("  generated %s in %.1f s\n", qPrintable(QFileInfo(path).fileName()),
                    timer.elapsed() / 1000.0);
    }
    // Both files come from the page cache from here on, as a file opened twice would.
    const QString cache = QDir(dir).filePath(QStringLiteral("overview-cache"));
    QDir(cache).removeRecursively();
    OverviewCache::setDefaultFolder(cache);

    report("with overviews (gdaladdo 2..512), the usual large-raster setup:", measure(withOverviews),
           synchronousView(withOverviews, QSize(1400, 800)));
    // The reference first: the cold open must not find overviews in the cache.
    const double reference = synchronousView(without, QSize(1400, 800));
    report("without overviews, first open (cache cold: a sparse preview, overviews built meanwhile):",
           measure(without), reference);
    report("without overviews, second open (cache warm: the overviews built by the first):", measure(without),
           -1);
    return 0;
}
