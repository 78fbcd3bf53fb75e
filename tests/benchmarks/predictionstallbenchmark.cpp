// How responsive the app stays while it maps a whole raster: the longest GUI-thread stall (the gap
// between two ticks of a timer that should fire every millisecond) from the click on Run in the
// prediction form until the maps are written and drawn as layers, and the prediction's wall time.
// The reference, run beside it by scripts/benchmark-gui-stall.sh: `deepterra-cli predict` on the same
// raster with the same model, headless.
//
//   predictionstallbenchmark PROJECT RUN RASTER OUTPUT_FOLDER
//
// RUN is a run in the project's runs folder (as the form lists them).
//
// Target (issue 15): no stall over 50 ms. Figures, not a pass/fail test.

#include "eventloopwait.h"
#include "profilingapplication.h"
#include "stallprobe.h"

#include "map/mapcanvas.h"
#include "results/predictiondialog.h"
#include "results/resultsworkbench.h"
#include "runtime/memorypolicy.h"
#include "runtime/torchruntime.h"
#include "training/runspanel.h"
#include "training/trainingworkbench.h"
#include "workspace/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>

#include <cstdio>

using namespace deepterra;

namespace {

constexpr double kStallTargetMs = 50.0;

int fail(const QString &message)
{
    std::fprintf(stderr, "predictionstallbenchmark: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    ProfilingApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 5) {
        std::fprintf(stderr, "usage: predictionstallbenchmark PROJECT RUN RASTER OUTPUT_FOLDER\n");
        return 2;
    }
    const QString project = QFileInfo(arguments.at(1)).absoluteFilePath();
    const QString run = QFileInfo(arguments.at(2)).absoluteFilePath();
    const QString raster = QFileInfo(arguments.at(3)).absoluteFilePath();
    const QDir outputs(QFileInfo(arguments.at(4)).absoluteFilePath());

    // As the app's main does.
    MemoryPolicy::reuseFreedMemory();
    TorchRuntime::setIntraOpThreads(0);
    MainWindow window;
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    window.resize(1400, 900);
    window.show();
    bool loaded = false;
    QString loadError;
    QObject::connect(&window, &MainWindow::layersLoaded, [&] { loaded = true; });
    QObject::connect(&window, &MainWindow::loadFailed, [&](const QString &message) { loadError = message; });
    window.openProject(project);
    if (!waitFor([&] { return loaded || !loadError.isEmpty(); }, 60000) || !loadError.isEmpty())
        return fail(QStringLiteral("cannot open %1: %2").arg(project, loadError));

    // The form lists the project's runs as the runs panel found them.
    RunsPanel *runs = window.training()->runsPanel();
    runs->refresh();
    if (!waitFor(
            [&] {
                for (const RunSummary &summary : runs->runs())
                    if (QFileInfo(summary.path) == QFileInfo(run))
                        return true;
                return false;
            },
            30000))
        return fail(QStringLiteral("%1 is not a run of the project's runs folder").arg(run));
    ResultsWorkbench *results = window.results();
    results->predictAction()->trigger();
    PredictionDialog *dialog = results->predictionDialog();
    if (!dialog)
        return fail(QStringLiteral("the prediction form did not open"));
    dialog->setModel(run);
    dialog->inputEdit()->setText(raster);
    dialog->outputEdit()->setText(outputs.filePath(QStringLiteral("classes.tif")));
    if (!waitFor([&] { return dialog->isValid() && dialog->runButton()->isEnabled(); }, 30000))
        return fail(QStringLiteral("the form does not validate: %1").arg(dialog->problems()));

    bool done = false;
    QString error;
    QObject::connect(dialog, &PredictionDialog::predicted, [&] { done = true; });
    QObject::connect(dialog, &PredictionDialog::failed, [&](const QString &message) {
        error = message;
        done = true;
    });
    StallProbe probe;
    probe.setThresholdMs(kStallTargetMs);
    probe.start();
    ProfilingApplication::current()->resetLongest();
    QElapsedTimer wall;
    wall.start();
    dialog->runButton()->click();
    if (!waitFor([&] { return done; }, 3 * 3600 * 1000))
        return fail(QStringLiteral("the prediction did not finish within 3 hours"));
    const double predictedSeconds = wall.elapsed() / 1000.0;
    // The new layer is drawn too: its first full-detail image ends the measurement.
    MapCanvas *canvas = window.mapCanvas();
    waitFor(
        [&] {
            return !canvas->isRendering() && canvas->isRenderedImageComplete()
                && canvas->renderedView() == canvas->view();
        },
        600000);
    probe.stop();
    if (!error.isEmpty())
        return fail(QStringLiteral("the prediction failed: %1").arg(error));

    std::printf("%s with %s, from the app: %.1f s to the maps, %.1f s until drawn\n",
                qPrintable(QFileInfo(raster).fileName()), qPrintable(QFileInfo(run).fileName()),
                predictedSeconds, wall.elapsed() / 1000.0);
    std::printf(
        "  longest GUI-thread stall: %.1f ms at %.1f s (target %.0f ms: %s; %d stalls over it); longest "
        "event: %s\n",
        probe.longestMs(), probe.longestEndedAtSeconds(), kStallTargetMs,
        probe.longestMs() <= kStallTargetMs ? "met" : "MISSED", probe.stallsOverThreshold(),
        qPrintable(ProfilingApplication::current()->longest()));
    return 0;
}
