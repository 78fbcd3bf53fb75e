// The whole training loop in the app, driven through the widgets: set up segmentation on the demo
// project, train, watch the curves and the live prediction, pause, resume, stop; and the project
// the forms wrote trains headless with deepterra-cli to the same losses.

#include "trainingworkflowtest.h"
#include "workspacetest.h"

#include "inference/trainedmodel.h"
#include "render/maplayerdata.h"
#include "testdata.h"
#include "training/crossvalidationdialog.h"
#include "training/forecastpreviewplot.h"
#include "training/livepreview.h"
#include "training/modelpage.h"
#include "training/overlaycontrols.h"
#include "training/runfolder.h"
#include "training/runspanel.h"
#include "training/samplingpage.h"
#include "training/taskinputspage.h"
#include "training/trainingcontroller.h"
#include "training/trainingcurves.h"
#include "training/trainingdashboard.h"
#include "training/trainingsetuppanel.h"
#include "training/trainingworkbench.h"
#include "workspace/layerspanel.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>

#include "series/qcustomplotinclude.h"

using namespace deepterra;
using namespace deepterra::test;

namespace {

// Pause and Resume through the dashboard's buttons: while paused, nothing moves.
void pauseAndResume(TrainingDashboard *dashboard, const QSignalSpy &finished)
{
    QTest::mouseClick(dashboard->pauseButton(), Qt::LeftButton);
    QCOMPARE(dashboard->state(), TrainingDashboard::State::Paused);
    // The batch under way when Pause was clicked ends (on a busy machine it may take seconds), its
    // events land; then nothing moves.
    QString progressWhilePaused;
    int pointsWhilePaused = -1;
    for (int i = 0; i < 20; ++i) {
        progressWhilePaused = dashboard->progressBar()->text();
        pointsWhilePaused = dashboard->curves()->batchLossGraph()->data()->size();
        QTest::qWait(3000);
        if (dashboard->curves()->batchLossGraph()->data()->size() == pointsWhilePaused
            && dashboard->progressBar()->text() == progressWhilePaused)
            break;
    }
    QTest::qWait(1000);
    QCOMPARE(dashboard->progressBar()->text(), progressWhilePaused);
    QCOMPARE(dashboard->curves()->batchLossGraph()->data()->size(), pointsWhilePaused);
    QVERIFY(finished.isEmpty());
    QTest::mouseClick(dashboard->resumeButton(), Qt::LeftButton);
    QCOMPARE(dashboard->state(), TrainingDashboard::State::Training);
}

// Stop through the dashboard's button: the run ends canceled, and metrics.json says it was stopped.
void stop(TrainingDashboard *dashboard, QSignalSpy &finished, QString *runFolder)
{
    QTest::mouseClick(dashboard->stopButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().at(1).value<JobResult>().status, JobResult::Status::Canceled);
    *runFolder = finished.first().at(0).toString();
    QCOMPARE(readJson(QDir(*runFolder).filePath(QStringLiteral("metrics.json")))
                 .value(QStringLiteral("stop"))
                 .toString(),
             QStringLiteral("stopped"));
}

} // namespace

class TestTrainingWorkflow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void segmentationLoop();
    void cliTrainsTheFormsProjectToTheSameWeights();
    void forecastingLoop();
    void interruptedRunIsOfferedForResume();
    void crossValidationInTheApp();

private:
    QTemporaryDir m_dir;
    QString m_projectPath;
    QString m_appRun;
};

void TestTrainingWorkflow::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestTrainingWorkflow"));
    QVERIFY(m_dir.isValid());
}

void TestTrainingWorkflow::segmentationLoop()
{
    MainWindow window;
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    QVERIFY(test::openDemo(window));
    m_projectPath = m_dir.filePath(QStringLiteral("olinda.deepterra"));
    QVERIFY(window.saveAs(m_projectPath));

    TrainingWorkbench *workbench = window.training();
    TrainingSetupPanel *panel = workbench->setupPanel();
    TrainingController *controller = workbench->controller();
    controller->setStopPrompt([](const QString &) { return true; });

    auto *setupAction = window.findChild<QAction *>(QStringLiteral("setupModelAction"));
    QVERIFY(setupAction);
    setupAction->trigger();
    QTRY_VERIFY(panel->isVisible());

    // Task first: segmentation, the demo's image and labels preselected.
    chooseSmallUNet(panel);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(panel->isValid(), 5000);
    QTRY_VERIFY(panel->trainButton()->isEnabled());
    QVERIFY(window.save()); // the project the CLI test trains
    test::shoot(window, QStringLiteral("training-setup"));

    // The split on the map before training: training and validation blocks as a layer, with the
    // labelled pixels of each class on either side.
    QPushButton *previewSplit = panel->samplingPage()->previewSplitButton();
    QVERIFY(previewSplit->isEnabled());
    QTest::mouseClick(previewSplit, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!workbench->splitPreviewLayerId().isEmpty(), 60000);
    const QString splitLayer = workbench->splitPreviewLayerId();
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(splitLayer) != nullptr, 20000);
    const auto split = window.workspace()->data(splitLayer);
    QStringList roles;
    for (const auto &entry : split->classes.entries)
        roles << entry.name;
    QVERIFY2(roles.contains(QStringLiteral("training")) && roles.contains(QStringLiteral("validation")),
             qPrintable(roles.join(QStringLiteral(", "))));
    QVERIFY(workbench->splitSummary()->isVisible());
    const QString summary = workbench->splitSummary()->text();
    QVERIFY2(summary.contains(QStringLiteral(" training, "))
                 && summary.contains(QStringLiteral(" validation")),
             qPrintable(summary));
    window.projectController()->setVisible(splitLayer, false); // seen; the live prediction comes next

    // The GUI thread's longest stall while the model trains (an event-loop probe), for the record.
    QElapsedTimer sinceTick;
    qint64 longestStall = 0;
    QTimer probe;
    probe.setInterval(5);
    connect(&probe, &QTimer::timeout, this, [&] {
        if (sinceTick.isValid())
            longestStall = qMax(longestStall, sinceTick.elapsed());
        sinceTick.start();
    });
    probe.start();
    QSignalSpy finished(controller, &TrainingController::runFinished);
    QSignalSpy previews(controller->preview(), &LivePreview::rasterUpdated);
    QTest::mouseClick(panel->trainButton(), Qt::LeftButton);
    TrainingDashboard *dashboard = workbench->dashboard();
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->state(), TrainingDashboard::State::Training, 60000);
    QVERIFY(!panel->trainButton()->isEnabled());

    // Pause and resume through the dashboard's buttons.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->curves()->batchLossGraph()->data()->size() > 0, 60000);
    pauseAndResume(dashboard, finished);
    if (QTest::currentTestFailed())
        return;

    QVERIFY(finished.wait(600000));
    probe.stop();
    qInfo("longest GUI-thread stall while training: %lld ms; previews took %.1f %% of the training time",
          longestStall, 100.0 * controller->preview()->share());
    QCOMPARE(finished.first().at(1).value<JobResult>().status, JobResult::Status::Succeeded);
    m_appRun = finished.first().at(0).toString();
    QCOMPARE(dashboard->state(), TrainingDashboard::State::Finished);
    QTRY_COMPARE(dashboard->curves()->trainingLossGraph()->data()->size(), 2);
    QTRY_COMPARE(dashboard->curves()->validationLossGraph()->data()->size(), 2);
    QTRY_COMPARE(dashboard->curves()->metricGraph()->data()->size(), 2);
    QVERIFY(QFile::exists(QDir(m_appRun).filePath(QStringLiteral("history.csv"))));
    QCOMPARE(readJson(QDir(m_appRun).filePath(QStringLiteral("metrics.json")))
                 .value(QStringLiteral("stop"))
                 .toString(),
             QStringLiteral("completed"));
    QCOMPARE(RunFolder(m_appRun).readHistory().size(), std::size_t(2));

    // The live prediction: a class map over the image, on the map. Previews while the model
    // trains are kept in memory; the last one, of the best weights, is saved with the run, so that
    // the layer outlives the session.
    const QString saved = QDir(m_appRun).filePath(QStringLiteral("preview/live.tif"));
    QTRY_VERIFY_WITH_TIMEOUT(!previews.isEmpty() && previews.last().at(1).toString() == saved, 120000);
    for (int i = 0; i + 1 < previews.size(); ++i)
        QVERIFY2(previews.at(i).at(1).toString().startsWith(QLatin1String("/vsimem/")),
                 qPrintable(previews.at(i).at(1).toString()));
    QCOMPARE(QDir(QDir(m_appRun).filePath(QStringLiteral("preview"))).entryList(QDir::Files),
             (QStringList { QStringLiteral("live.tif"), QStringLiteral("live.tif.aux.xml") }));
    const QString layerId = previews.last().at(0).toString();
    QCOMPARE(window.project()->absolutePath(*window.project()->layer(layerId)), saved);
    QVERIFY(window.project()->layer(layerId));
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(layerId) != nullptr
                                 && QFileInfo(window.workspace()->data(layerId)->filePath).fileName()
                                     == QFileInfo(previews.last().at(1).toString()).fileName(),
                             30000);
    const auto data = window.workspace()->data(layerId);
    QVERIFY(data->isRaster);
    QVERIFY(data->raster.width > 0 && data->raster.height > 0);
    QVERIFY2(data->classes.size() >= 1, "the live prediction holds no classes");
    QVERIFY(data->isDrawable());
    QVERIFY(test::waitForFullImage(window.mapCanvas()));

    // Its opacity and swipe, dragged as a user drags them. Hidden (opacity 0) the map shows the
    // image alone; swiped to the middle, the right half shows the image alone and the left half
    // the classes.
    OverlayControls *overlay = workbench->overlayControls();
    QCOMPARE(overlay->layer(), layerId);
    QVERIFY(overlay->opacitySlider()->isEnabled() && overlay->swipeSlider()->isEnabled());
    const auto rendered = [&window] {
        QTest::qWait(50);
        return test::waitForFullImage(window.mapCanvas()) ? window.mapCanvas()->renderedImage() : QImage();
    };
    const int initialOpacity = overlay->opacitySlider()->value();
    QTest::keyClick(overlay->opacitySlider(), Qt::Key_Home);
    QCOMPARE(window.project()->layer(layerId)->opacity, 0.0);
    const QImage imageAlone = rendered();
    QVERIFY(!imageAlone.isNull());
    QTest::keyClick(overlay->opacitySlider(), Qt::Key_End);
    QCOMPARE(window.project()->layer(layerId)->opacity, 1.0);
    QTest::keyClick(overlay->swipeSlider(), Qt::Key_Home);
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(overlay->swipeSlider(), Qt::Key_PageUp);
    QCOMPARE(window.workspace()->swipe(layerId), 0.5);
    const QImage swiped = rendered();
    QCOMPARE(swiped.size(), imageAlone.size());
    const auto column = [](const QImage &image, double share) {
        QVector<QRgb> pixels;
        const int x = int(share * image.width());
        for (int y = 0; y < image.height(); ++y)
            pixels << image.pixel(x, y);
        return pixels;
    };
    QVERIFY(column(swiped, 0.75) == column(imageAlone, 0.75));
    QVERIFY(column(swiped, 0.25) != column(imageAlone, 0.25));
    QTest::keyClick(overlay->swipeSlider(), Qt::Key_End);
    QCOMPARE(window.workspace()->swipe(layerId), 1.0);
    overlay->opacitySlider()->setValue(initialOpacity);

    // Stop: a longer run stopped after its first batches keeps what it did.
    // Long enough and without early stopping: the run must still train while the steps below look at
    // it (50 epochs of the demo can end within a minute); Stop ends it.
    setSpin(panel, QStringLiteral("training.epochs"), 500);
    setSpin(panel, QStringLiteral("training.earlyStoppingPatience"), 0);
    QTRY_VERIFY(panel->trainButton()->isEnabled());
    finished.clear();
    QTest::mouseClick(panel->trainButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->state(), TrainingDashboard::State::Training, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->curves()->batchLossGraph()->data()->size() > 0, 60000);
    if (!qEnvironmentVariable("DEEPTERRA_SCREENSHOTS").isEmpty()) {
        // The README's picture of a run in progress: a few epochs of curves, the live class map.
        previews.clear();
        QTRY_VERIFY_WITH_TIMEOUT(
            dashboard->curves()->trainingLossGraph()->data()->size() >= 4 && previews.count() >= 2, 900000);
        QVERIFY(test::waitForFullImage(window.mapCanvas()));
        test::shoot(window, QStringLiteral("training-dashboard"));
        QCOMPARE(dashboard->state(), TrainingDashboard::State::Training);
    }
    // While the model trains, each preview is held in memory and drawn from there.
    previews.clear();
    QTRY_VERIFY_WITH_TIMEOUT(!previews.isEmpty(), 120000);
    const QString inMemory = previews.last().at(1).toString();
    QVERIFY2(inMemory.startsWith(QLatin1String("/vsimem/")),
             qPrintable(QStringLiteral("%1 (dashboard state %2, first run %3)")
                            .arg(inMemory)
                            .arg(int(dashboard->state()))
                            .arg(m_appRun)));
    QTRY_VERIFY_WITH_TIMEOUT(
        window.workspace()->data(layerId) && window.workspace()->data(layerId)->filePath == inMemory, 30000);
    QVERIFY(window.workspace()->data(layerId)->isDrawable());
    QCOMPARE(dashboard->state(), TrainingDashboard::State::Training);

    // Closing the window while the model trains asks first; "No" keeps the window and the run.
    QStringList asked;
    controller->setStopPrompt([&asked](const QString &reason) {
        asked << reason;
        return false;
    });
    QVERIFY(!window.close());
    QCOMPARE(asked, QStringList { QStringLiteral("Closing the window") });
    QVERIFY(window.isVisible());
    QVERIFY(controller->isActive());
    QCOMPARE(dashboard->state(), TrainingDashboard::State::Training);
    controller->setStopPrompt([](const QString &) { return true; });

    QString stopped;
    stop(dashboard, finished, &stopped);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY(panel->trainButton()->isEnabled());
    QVERIFY(window.save());

    // The runs panel lists both; comparing them overlays their curves.
    RunsPanel *runs = workbench->runsPanel();
    auto *runsAction = window.findChild<QAction *>(QStringLiteral("runsAction"));
    QVERIFY(runsAction);
    runsAction->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(runs->tree()->topLevelItemCount(), 2, 10000);
    runs->tree()->selectAll();
    QSignalSpy compared(runs, &RunsPanel::compareRequested);
    QTest::mouseClick(runs->compareButton(), Qt::LeftButton);
    QCOMPARE(compared.count(), 1);
    QTRY_COMPARE(dashboard->curves()->runCount(), 2);
    QTRY_VERIFY(runs->differencesTable()->rowCount() >= 1); // epochs: 2 against 500
    test::shoot(window, QStringLiteral("training-runs-compare"));
}

void TestTrainingWorkflow::cliTrainsTheFormsProjectToTheSameWeights()
{
    if (m_appRun.isEmpty())
        QSKIP("the app's run failed");
    QProcess cli;
    const QString out = m_dir.filePath(QStringLiteral("cli-run"));
    cli.start(QStringLiteral(DEEPTERRA_CLI_PATH),
              { QStringLiteral("train"), m_projectPath, QStringLiteral("--epochs"), QStringLiteral("2"),
                QStringLiteral("--out"), out });
    QVERIFY(cli.waitForFinished(600000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const std::vector<EpochRecord> app = RunFolder(m_appRun).readHistory();
    const std::vector<EpochRecord> headless = RunFolder(out).readHistory();
    QCOMPARE(headless.size(), app.size());
    for (std::size_t i = 0; i < app.size(); ++i) {
        QVERIFY2(qAbs(app[i].trainLoss - headless[i].trainLoss) <= 1e-6 * qMax(1.0, qAbs(app[i].trainLoss)),
                 qPrintable(QStringLiteral("epoch %1: %2 vs %3")
                                .arg(i + 1)
                                .arg(app[i].trainLoss)
                                .arg(headless[i].trainLoss)));
        QVERIFY(qAbs(app[i].validationLoss - headless[i].validationLoss)
                <= 1e-6 * qMax(1.0, qAbs(app[i].validationLoss)));
    }
    // The weights themselves, although the app built other models while it trained (the layer
    // table, the live previews' loads of the run's checkpoints).
    for (const QString &checkpoint : { QStringLiteral("best.pt"), QStringLiteral("last.pt") })
        QVERIFY2(TrainedModel::loadRun(m_appRun, checkpoint).model().weightsDigest()
                     == TrainedModel::loadRun(out, checkpoint).model().weightsDigest(),
                 qPrintable(checkpoint));
}

void TestTrainingWorkflow::forecastingLoop()
{
    const QString co2 = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    if (!QFileInfo::exists(co2))
        QSKIP("scripts/fetch-samples.sh has not fetched the CO2 series");
    MainWindow window;
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.newProject();
    QVERIFY(window.saveAs(m_dir.filePath(QStringLiteral("co2.deepterra"))));
    QSignalSpy added(&window, &MainWindow::layerAdded);
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.addDataFiles({ co2 });
    QVERIFY(added.wait(20000));
    if (loaded.isEmpty())
        QVERIFY(loaded.wait(20000));

    TrainingWorkbench *workbench = window.training();
    TrainingSetupPanel *panel = workbench->setupPanel();
    window.findChild<QAction *>(QStringLiteral("setupModelAction"))->trigger();
    QVERIFY(choose(panel->taskPage()->taskCombo(), QStringLiteral("orecast")));
    setSpin(panel, QStringLiteral("training.epochs"), 2);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isValid(), 5000);
    QTRY_VERIFY(panel->trainButton()->isEnabled());

    TrainingController *controller = workbench->controller();
    QSignalSpy finished(controller, &TrainingController::runFinished);
    QSignalSpy forecasts(controller->preview(), &LivePreview::forecastUpdated);
    QTest::mouseClick(panel->trainButton(), Qt::LeftButton);
    QVERIFY(finished.wait(600000));
    QCOMPARE(finished.first().at(1).value<JobResult>().status, JobResult::Status::Succeeded);
    TrainingDashboard *dashboard = workbench->dashboard();
    QTRY_COMPARE(dashboard->curves()->trainingLossGraph()->data()->size(), 2);
    QTRY_COMPARE(dashboard->curves()->validationLossGraph()->data()->size(), 2);
    const QString run = finished.first().at(0).toString();
    QVERIFY(QFile::exists(QDir(run).filePath(QStringLiteral("history.csv"))));
    QCOMPARE(
        readJson(QDir(run).filePath(QStringLiteral("metrics.json"))).value(QStringLiteral("stop")).toString(),
        QStringLiteral("completed"));

    // The validation period's forecast against the observations, in the dashboard's plot.
    if (forecasts.isEmpty())
        QVERIFY(forecasts.wait(60000));
    const auto times = forecasts.last().at(0).value<QVector<double>>();
    QVERIFY(times.size() > 10);
    QTRY_COMPARE(dashboard->forecastPlot()->forecastGraph()->data()->size(), times.size());
    QCOMPARE(dashboard->forecastPlot()->observedGraph()->data()->size(), times.size());

    // Pause, resume and stop a longer run through the dashboard's buttons.
    workbench->controller()->setStopPrompt([](const QString &) { return true; });
    setSpin(panel, QStringLiteral("training.epochs"), 5000);
    QTRY_VERIFY(panel->trainButton()->isEnabled());
    finished.clear();
    QTest::mouseClick(panel->trainButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->state(), TrainingDashboard::State::Training, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->curves()->trainingLossGraph()->data()->size() >= 1, 120000);
    pauseAndResume(dashboard, finished);
    if (QTest::currentTestFailed())
        return;
    const int pointsAtResume = dashboard->curves()->batchLossGraph()->data()->size();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->curves()->batchLossGraph()->data()->size() > pointsAtResume, 60000);
    QString stopped;
    stop(dashboard, finished, &stopped);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(RunFolder(stopped).readHistory().size() < 5000);
}

void TestTrainingWorkflow::interruptedRunIsOfferedForResume()
{
    if (m_appRun.isEmpty())
        QSKIP("the app's run failed");
    // What a crash leaves: checkpoints and history, no metrics.json, nobody holding training.lock.
    QVERIFY(QFile::remove(QDir(m_appRun).filePath(QStringLiteral("metrics.json"))));
    MainWindow window;
    QStringList offers;
    window.training()->setResumePrompt([&offers](const QString &message) {
        offers << message;
        return false;
    });
    window.show();
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(m_projectPath);
    QVERIFY(loaded.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(offers.size(), 1, 10000);
    QVERIFY2(offers.first().contains(QFileInfo(m_appRun).fileName()), qPrintable(offers.first()));
    QVERIFY(!window.training()->controller()->isActive()); // declined: nothing trains
}

void TestTrainingWorkflow::crossValidationInTheApp()
{
    if (m_projectPath.isEmpty())
        QSKIP("the segmentation set-up failed");
    MainWindow window;
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    window.training()->setResumePrompt([](const QString &) { return false; });
    window.show();
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProject(m_projectPath);
    QVERIFY(loaded.wait(20000));
    TrainingWorkbench *workbench = window.training();
    TrainingSetupPanel *panel = workbench->setupPanel();
    window.findChild<QAction *>(QStringLiteral("setupModelAction"))->trigger();
    QTRY_VERIFY(panel->isVisible());
    setSpin(panel, QStringLiteral("task.split.folds"), 3);
    setSpin(panel, QStringLiteral("training.epochs"), 1);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isValid(), 5000);

    // The fold layout on the map: each block as the fold that validates it.
    QTest::mouseClick(panel->samplingPage()->previewSplitButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!workbench->splitPreviewLayerId().isEmpty(), 60000);
    // The project's earlier preview is the same layer: wait for the folds to replace it.
    const auto roles = [&] {
        QStringList names;
        if (const auto split = window.workspace()->data(workbench->splitPreviewLayerId()))
            for (const auto &entry : split->classes.entries)
                names << entry.name;
        return names;
    };
    QTRY_VERIFY_WITH_TIMEOUT(roles().contains(QStringLiteral("fold 3")), 60000);
    QVERIFY2(roles().contains(QStringLiteral("fold 1")) && roles().contains(QStringLiteral("fold 2")),
             qPrintable(roles().join(QStringLiteral(", "))));
    QVERIFY(!roles().contains(QStringLiteral("validation")));
    // Hidden by the test before, shown again with its tick when a preview is asked for.
    const QList<QTreeWidgetItem *> items
        = window.layersPanel()->tree()->findItems(QStringLiteral("Split preview"), Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first()->checkState(0), Qt::Checked);
    test::shoot(window, QStringLiteral("split-folds"));

    // Model > Cross-Validate trains the three folds off the GUI thread and tabulates their scores.
    window.findChild<QAction *>(QStringLiteral("crossValidateAction"))->trigger();
    CrossValidationDialog *dialog = workbench->crossValidationDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->startButton()->isEnabled());
    QSignalSpy finished(dialog, &CrossValidationDialog::finished);
    // One bar for the whole: while fold k of 3 trains, it stays within the k-th third.
    QVector<QPair<QString, int>> progress;
    connect(dialog->progressBar(), &QProgressBar::valueChanged, this, [&progress, dialog](int v) {
        progress.append({ dialog->statusLabel()->text(), v });
    });
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(dialog->stopButton()->isEnabled());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().second, 100);
    bool sawThird = false;
    for (const auto &[status, value] : progress)
        for (int fold = 1; fold <= 3; ++fold)
            if (status.startsWith(QStringLiteral("Fold %1 of 3").arg(fold))) {
                QVERIFY2(value >= (fold - 1) * 100 / 3 && value <= fold * 100 / 3 + 1,
                         qPrintable(QStringLiteral("%1 %").arg(value) + QStringLiteral(" while ") + status));
                sawThird = sawThird || fold == 3;
            }
    QVERIFY(sawThird);
    QStringList figures;
    for (int row = 0; row < dialog->table()->rowCount(); ++row)
        figures << dialog->table()->item(row, 0)->text();
    QVERIFY2(figures.contains(QStringLiteral("val_mean_iou")),
             qPrintable(figures.join(QStringLiteral(", "))));
    const int iou = int(figures.indexOf(QStringLiteral("val_mean_iou")));
    QCOMPARE(dialog->table()->item(iou, 2)->text().split(QStringLiteral(", ")).size(), 3);
    QFile summary(QDir(dialog->folder()).filePath(QStringLiteral("folds.json")));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    QCOMPARE(
        QJsonDocument::fromJson(summary.readAll()).object().value(QStringLiteral("perFold")).toArray().size(),
        3);
    for (int f = 1; f <= 3; ++f)
        QVERIFY(
            QFile::exists(QDir(dialog->folder()).filePath(QStringLiteral("fold-%1/metrics.json").arg(f))));
    test::shoot(*dialog, QStringLiteral("cross-validation"));
}

QTEST_MAIN(TestTrainingWorkflow)
#include "testtrainingworkflow.moc"
