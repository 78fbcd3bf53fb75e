// How responsive the app stays while it trains: the longest GUI-thread stall (the gap between two
// ticks of a timer that should fire every millisecond) from the click on Train to the end of the
// run, with the live preview on or off, and the share of training time spent on previews. The
// project is opened in the real main window and trained through its workbench, as the Train button
// does; scripts/benchmark-gui-stall.sh makes the projects (the demo segmentation set-up and seed-lstm
// on the CO2 series) and runs the cases, the run without previews being the reference.
//
//   trainingstallbenchmark PROJECT [--no-preview] [--json]
//
// Target (issue 14): no stall over 50 ms; previews cost at most 10 % of the training time.
// Figures, not a pass/fail test.

#include "eventloopwait.h"
#include "profilingapplication.h"
#include "stallprobe.h"

#include "jobs/jobresult.h"
#include "runtime/memorypolicy.h"
#include "runtime/torchruntime.h"
#include "training/livepreview.h"
#include "training/trainingcontroller.h"
#include "training/trainingworkbench.h"
#include "workspace/mainwindow.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <functional>

using namespace deepterra;

namespace {

constexpr double kStallTargetMs = 50.0;
constexpr double kPreviewShareTarget = 0.10;

int fail(const QString &message)
{
    std::fprintf(stderr, "trainingstallbenchmark: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    ProfilingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GUI-thread stalls while the app trains a project."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("A project with a training set-up."));
    const QCommandLineOption noPreview(QStringLiteral("no-preview"),
                                       QStringLiteral("Train without the live preview."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the figures as one JSON line."));
    parser.addOptions({ noPreview, json });
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString project = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();

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

    TrainingWorkbench *workbench = window.training();
    TrainingController *controller = workbench->controller();
    workbench->setResumePrompt([](const QString &) { return false; });
    controller->setStopPrompt([](const QString &) { return true; });
    controller->preview()->setEnabled(!parser.isSet(noPreview));

    QString runFolder;
    JobResult result;
    bool finished = false;
    QObject::connect(controller, &TrainingController::runFinished,
                     [&](const QString &folder, const JobResult &outcome) {
                         runFolder = folder;
                         result = outcome;
                         finished = true;
                     });

    StallProbe probe;
    probe.setThresholdMs(kStallTargetMs);
    probe.start();
    ProfilingApplication::current()->resetLongest();
    QElapsedTimer wall;
    wall.start();
    // The set-up panel validates the project's sections in the background after it opens.
    if (!waitFor([&] { return workbench->train(); }, 30000))
        return fail(QStringLiteral("%1: the set-up does not validate, Train stays disabled").arg(project));
    if (!waitFor([&] { return finished; }, 3 * 3600 * 1000))
        return fail(QStringLiteral("training did not finish within 3 hours"));
    // The last preview (of the best weights) runs after training; its stalls count too.
    waitFor([&] { return !controller->preview()->isBusy(); }, 600000);
    probe.stop();
    const double wallSeconds = wall.elapsed() / 1000.0;
    if (!result.succeeded())
        return fail(QStringLiteral("training failed: %1").arg(result.error));

    const LivePreview *preview = controller->preview();
    const QJsonObject figures {
        { QStringLiteral("project"), QFileInfo(project).fileName() },
        { QStringLiteral("preview"), preview->isEnabled() },
        { QStringLiteral("wallSeconds"), wallSeconds },
        { QStringLiteral("trainingSeconds"), preview->trainingSeconds() },
        { QStringLiteral("longestStallMs"), probe.longestMs() },
        { QStringLiteral("longestStallAtSeconds"), probe.longestEndedAtSeconds() },
        { QStringLiteral("stallsOverTarget"), probe.stallsOverThreshold() },
        { QStringLiteral("longestEvent"), ProfilingApplication::current()->longest() },
        { QStringLiteral("previews"), preview->previewsDone() },
        { QStringLiteral("previewSeconds"), preview->previewSeconds() },
        { QStringLiteral("previewShare"), preview->share() },
        { QStringLiteral("run"), runFolder },
    };
    if (parser.isSet(json)) {
        std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("%s, preview %s: trained in %.1f s (%.1f s wall)\n",
                qPrintable(QFileInfo(project).fileName()), preview->isEnabled() ? "on" : "off",
                preview->trainingSeconds(), wallSeconds);
    std::printf(
        "  longest GUI-thread stall: %.1f ms at %.1f s (target %.0f ms: %s; %d stalls over it); longest "
        "event: %s\n",
        probe.longestMs(), probe.longestEndedAtSeconds(), kStallTargetMs,
        probe.longestMs() <= kStallTargetMs ? "met" : "MISSED", probe.stallsOverThreshold(),
        qPrintable(ProfilingApplication::current()->longest()));
    std::printf("  previews: %d, %.2f s, %.1f %% of the training time (target %.0f %%: %s)\n",
                preview->previewsDone(), preview->previewSeconds(), 100.0 * preview->share(),
                100.0 * kPreviewShareTarget, preview->share() <= kPreviewShareTarget ? "met" : "MISSED");
    return 0;
}
