#include "training/trainingworkbench.h"

#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "jobs/latestjobrunner.h"
#include "training/crossvalidationdialog.h"
#include "training/livepreview.h"
#include "training/overlaycontrols.h"
#include "training/runcatalog.h"
#include "training/runspanel.h"
#include "training/splitpreview.h"
#include "training/trainingcontroller.h"
#include "training/trainingdashboard.h"
#include "training/trainingsetup.h"
#include "training/trainingsetuppanel.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <memory>
#include <utility>

namespace deepterra {

namespace {

const QString kSplitLayerId = QStringLiteral("split-preview");

} // namespace

TrainingWorkbench::TrainingWorkbench(QMainWindow *window, ProjectController *project, MapWorkspace *workspace,
                                     MapCanvas *canvas)
    : QObject(window)
    , m_window(window)
    , m_project(project)
    , m_workspace(workspace)
    , m_setup(new TrainingSetupPanel)
    , m_dashboard(new TrainingDashboard)
    , m_overlay(new OverlayControls(project, workspace))
    , m_runs(new RunsPanel)
    , m_training(new TrainingController(project, workspace, canvas, m_dashboard, this))
    , m_splitRunner(new JobRunner(this))
    , m_curvesRunner(new LatestJobRunner(this))
    , m_splitSummary(new QLabel)
{
    m_setup->setLayerLookup([workspace](const QString &id) { return workspace->data(id); });

    connect(m_project, &ProjectController::projectChanged, this, &TrainingWorkbench::onProjectChanged);
    // Saved under another name: its runs go next to the new file.
    connect(m_project, &ProjectController::saved, this, [this] { m_runs->setRunsFolder(runsFolder()); });
    auto refreshLayers = [this] {
        if (const Project *p = m_project->project()) {
            m_syncing = true;
            m_setup->refreshLayers(*p);
            m_syncing = false;
        }
        updateActions();
    };
    connect(m_project, &ProjectController::layersChanged, this, refreshLayers);
    connect(m_workspace, &MapWorkspace::layerReady, this, refreshLayers);
    connect(m_workspace, &MapWorkspace::allLayersLoaded, this, refreshLayers);

    connect(m_setup, &TrainingSetupPanel::sectionsEdited, this, [this](const QJsonObject &sections) {
        if (!m_syncing)
            m_project->setSections(sections);
        updateActions();
    });
    connect(m_setup, &TrainingSetupPanel::classFieldChanged, this,
            [this](const QString &layerId, const QString &field) {
                m_project->setLayerProperty(layerId, QStringLiteral("classField"), field);
            });
    connect(m_setup, &TrainingSetupPanel::trainRequested, this, &TrainingWorkbench::train);
    connect(m_setup, &TrainingSetupPanel::validated, this, &TrainingWorkbench::updateActions);
    connect(m_setup, &TrainingSetupPanel::splitPreviewRequested, this, &TrainingWorkbench::previewSplit);

    connect(m_training, &TrainingController::activeChanged, this, [this](bool active) {
        m_setup->setTrainingActive(active);
        updateActions();
    });
    connect(m_training, &TrainingController::failed, this, &TrainingWorkbench::message);
    connect(m_training, &TrainingController::runStarted, m_runs, &RunsPanel::refresh);
    // Pause is off for a run of several processes: known once it has started.
    connect(m_training, &TrainingController::runStarted, this, &TrainingWorkbench::updateActions);
    connect(m_training, &TrainingController::runFinished, m_runs, [this] { m_runs->refresh(); });
    connect(m_training->preview(), &LivePreview::rasterUpdated, m_overlay,
            [this](const QString &layerId) { m_overlay->setLayer(layerId); });
    connect(m_overlay, &OverlayControls::previewToggled, m_training->preview(), &LivePreview::setEnabled);

    connect(m_curvesRunner, &LatestJobRunner::finished, this, &TrainingWorkbench::onRunCurvesLoaded);
    connect(m_runs, &RunsPanel::openRequested, this, [this](const QString &folder) {
        if (m_training->isActive()) {
            Q_EMIT message(tr("The dashboard shows the run in progress; open finished runs when it ends."));
            return;
        }
        showRunCurves({ folder });
    });
    connect(m_runs, &RunsPanel::compareRequested, this, [this](const QStringList &folders) {
        if (m_training->isActive()) {
            Q_EMIT message(tr("The dashboard shows the run in progress; compare runs when it ends."));
            return;
        }
        showRunCurves(folders);
    });
    connect(m_runs, &RunsPanel::resumeRequested, this, [this](const QString &folder) {
        if (m_training->resume(folder))
            showDashboard();
    });
}

TrainingWorkbench::~TrainingWorkbench() = default;

void TrainingWorkbench::showRunCurves(const QStringList &folders)
{
    m_curvesRunner->request([this, folders] {
        m_loadedCurves = std::make_shared<QVector<RunCurves>>();
        return std::make_unique<FunctionJob>(
            tr("Reading the runs' curves"),
            [curves = m_loadedCurves, folders](Feedback &) { *curves = RunsPanel::loadCurves(folders); });
    });
}

void TrainingWorkbench::onRunCurvesLoaded(const JobResult &result)
{
    if (!result.succeeded()) {
        Q_EMIT message(tr("Cannot show the runs' curves: %1").arg(result.error));
        return;
    }
    // A run may have started while the files were read: the dashboard shows that one instead.
    if (m_training->isActive())
        return;
    m_dashboard->showRuns(*m_loadedCurves);
    showDashboard();
}

void TrainingWorkbench::createDocks()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *widget) {
        auto *d = new QDockWidget(title, m_window);
        d->setObjectName(name);
        d->setWidget(widget);
        m_window->addDockWidget(Qt::RightDockWidgetArea, d);
        return d;
    };
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_setup);
    auto *setup = new QWidget;
    auto *setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(0, 0, 0, 0);
    setupLayout->addWidget(scroll, 1);
    m_splitSummary->setWordWrap(true);
    m_splitSummary->setTextFormat(Qt::RichText);
    m_splitSummary->setContentsMargins(6, 4, 6, 4);
    m_splitSummary->hide();
    setupLayout->addWidget(m_splitSummary);
    m_setupDock = dock(tr("Model set-up"), QStringLiteral("setupDock"), setup);

    auto *training = new QWidget;
    auto *layout = new QVBoxLayout(training);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_overlay);
    layout->addWidget(m_dashboard, 1);
    m_dashboardDock = dock(tr("Training"), QStringLiteral("trainingDock"), training);
    m_window->tabifyDockWidget(m_setupDock, m_dashboardDock);
    // Below the map, so that a comparison shows the runs' settings beside their curves.
    m_runsDock = new QDockWidget(tr("Runs"), m_window);
    m_runsDock->setObjectName(QStringLiteral("runsDock"));
    m_runsDock->setWidget(m_runs);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_runsDock);
    m_runsDock->hide();
    m_window->resizeDocks({ m_setupDock }, { 460 }, Qt::Horizontal);
    // The map keeps the room until the user sets up a model (Model menu, training tool bar).
    m_setupDock->hide();
    m_dashboardDock->hide();
}

void TrainingWorkbench::installActions()
{
    QMenuBar *bar = m_window->menuBar();
    auto *menu = new QMenu(tr("&Model"), m_window);
    menu->setObjectName(QStringLiteral("modelMenu"));
    QAction *help = nullptr;
    for (QAction *action : bar->actions())
        if (action->menu() && action->text().contains(QLatin1String("Help")))
            help = action;
    bar->insertMenu(help, menu);

    QAction *setup = menu->addAction(tr("&Set Up Model…"));
    setup->setObjectName(QStringLiteral("setupModelAction"));
    connect(setup, &QAction::triggered, this, [this] {
        m_setupDock->show();
        m_setupDock->raise();
    });
    QAction *split = menu->addAction(tr("Preview &Split on Map"));
    connect(split, &QAction::triggered, this, &TrainingWorkbench::previewSplit);
    QAction *crossValidate = menu->addAction(tr("Cross-&Validate…"));
    crossValidate->setObjectName(QStringLiteral("crossValidateAction"));
    crossValidate->setToolTip(tr("Train one model per fold of the split and compare their scores"));
    connect(crossValidate, &QAction::triggered, this, &TrainingWorkbench::crossValidate);
    menu->addSeparator();
    QStyle *style = m_window->style();
    m_trainAction = menu->addAction(style->standardIcon(QStyle::SP_MediaPlay), tr("&Train"));
    m_trainAction->setObjectName(QStringLiteral("trainAction"));
    m_trainAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_trainAction->setToolTip(tr("Train the model set up in the Model set-up panel (Ctrl+T)"));
    connect(m_trainAction, &QAction::triggered, this, &TrainingWorkbench::train);
    m_pauseAction = menu->addAction(style->standardIcon(QStyle::SP_MediaPause), tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        if (!paused) {
            m_training->resumeTraining();
        } else if (!m_training->pause()) {
            const QSignalBlocker blocker(m_pauseAction); // refused: nothing is paused
            m_pauseAction->setChecked(false);
        }
    });
    m_stopAction = menu->addAction(style->standardIcon(QStyle::SP_MediaStop), tr("S&top"));
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    connect(m_stopAction, &QAction::triggered, m_training, &TrainingController::stop);
    menu->addSeparator();
    QAction *runs = menu->addAction(tr("&Runs"));
    runs->setObjectName(QStringLiteral("runsAction"));
    connect(runs, &QAction::triggered, this, [this] {
        m_runsDock->show();
        m_runsDock->raise();
        m_runs->refresh();
    });

    QToolBar *toolbar = m_window->addToolBar(tr("Training"));
    toolbar->setObjectName(QStringLiteral("trainingToolBar"));
    setup->setIcon(style->standardIcon(QStyle::SP_FileDialogDetailedView));
    setup->setToolTip(tr("Set up a model: the task, its inputs, the network and the training settings"));
    toolbar->addAction(setup);
    toolbar->addAction(m_trainAction);
    toolbar->addAction(m_pauseAction);
    toolbar->addAction(m_stopAction);
    // The dashboard's own buttons and the menu's pause stay in step.
    connect(m_dashboard, &TrainingDashboard::pauseRequested, this,
            [this] { m_pauseAction->setChecked(true); });
    connect(m_dashboard, &TrainingDashboard::resumeRequested, this,
            [this] { m_pauseAction->setChecked(false); });
    updateActions();
}

void TrainingWorkbench::updateActions()
{
    const bool active = m_training->isActive();
    if (m_trainAction)
        // The panel's Train button knows whether a task was chosen and validated.
        m_trainAction->setEnabled(!active && m_project->project() && m_setup->trainButton()->isEnabled());
    if (m_pauseAction) {
        m_pauseAction->setEnabled(active && m_dashboard->pauseAvailable());
        if (!active) {
            const QSignalBlocker blocker(m_pauseAction);
            m_pauseAction->setChecked(false);
        }
    }
    if (m_stopAction)
        m_stopAction->setEnabled(active);
}

bool TrainingWorkbench::train()
{
    if (m_training->isActive() || !m_project->project())
        return false;
    if (!m_setup->trainButton()->isEnabled() || !m_setup->isValid()) {
        const QVector<SetupProblem> problems = m_setup->problems();
        Q_EMIT message(problems.isEmpty() ? tr("The set-up is not complete.")
                                          : tr("Cannot train yet: %1").arg(problems.first().message));
        return false;
    }
    m_project->setSections(m_setup->sections());
    if (m_project->filePath().isEmpty() && (!m_ensureSaved || !m_ensureSaved()))
        return false;
    if (!m_training->start())
        return false;
    showDashboard();
    return true;
}

void TrainingWorkbench::showDashboard()
{
    m_dashboardDock->show();
    m_dashboardDock->raise();
}

QString TrainingWorkbench::runsFolder() const
{
    const Project *project = m_project->project();
    if (!project || project->filePath.isEmpty())
        return {};
    QString folder = project->sections.value(QStringLiteral("outputs"))
                         .toObject()
                         .value(QStringLiteral("runs"))
                         .toString(QStringLiteral("runs"));
    return QDir::isAbsolutePath(folder) ? folder
                                        : QFileInfo(project->filePath).absoluteDir().filePath(folder);
}

QString TrainingWorkbench::splitPreviewLayerId() const
{
    const Project *project = m_project->project();
    return project && project->layer(kSplitLayerId) ? kSplitLayerId : QString();
}

void TrainingWorkbench::onProjectChanged()
{
    const Project *project = m_project->project();
    if (!project)
        return;
    m_syncing = true;
    m_setup->setProject(*project);
    m_syncing = false;
    m_runs->setRunsFolder(runsFolder());
    m_overlay->setLayer(project->layer(QStringLiteral("live-prediction")) ? QStringLiteral("live-prediction")
                                                                          : QString());
    updateActions();
    if (!project->filePath.isEmpty() && m_offeredFor != project->filePath) {
        m_offeredFor = project->filePath;
        offerInterruptedRuns();
    }
}

void TrainingWorkbench::offerInterruptedRuns()
{
    const QString folder = runsFolder();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return;
    auto found = std::make_shared<std::vector<RunSummary>>();
    auto *runner = new JobRunner(this);
    connect(runner, &JobRunner::finished, this, [this, runner, found, folder](const JobResult &result) {
        runner->deleteLater();
        if (!result.succeeded() || found->empty() || m_training->isActive() || runsFolder() != folder)
            return;
        const RunSummary &run = found->front();
        if (!run.resumable)
            return;
        const QString text
            = tr("The training run %1 ended unexpectedly after epoch %2 of %3 (the app or the "
                 "computer stopped while it trained). Its checkpoint is intact.\n\nResume it now?")
                  .arg(run.name)
                  .arg(run.epochsCompleted)
                  .arg(run.epochsPlanned);
        const bool resume = m_resumePrompt
            ? m_resumePrompt(text)
            : QMessageBox::question(m_window, tr("Interrupted training run"), text) == QMessageBox::Yes;
        if (resume && m_training->resume(run.path))
            showDashboard();
    });
    runner->start(
        std::make_unique<FunctionJob>(tr("Looking for interrupted runs"), [found, folder](Feedback &) {
            *found = RunCatalog::interrupted(folder);
        }));
}

Project TrainingWorkbench::projectWithSetup() const
{
    Project copy = *m_project->project();
    const QJsonObject sections = m_setup->sections();
    for (auto it = sections.begin(); it != sections.end(); ++it)
        copy.sections.insert(it.key(), it.value());
    return copy;
}

void TrainingWorkbench::crossValidate()
{
    const Project *project = m_project->project();
    if (!project)
        return;
    if (project->filePath.isEmpty() && (!m_ensureSaved || !m_ensureSaved()))
        return;
    if (m_crossValidation) {
        m_crossValidation->raise();
        m_crossValidation->activateWindow();
        return;
    }
    m_crossValidation = new CrossValidationDialog(projectWithSetup(), m_window);
    m_crossValidation->setAttribute(Qt::WA_DeleteOnClose);
    m_crossValidation->show();
}

void TrainingWorkbench::previewSplit()
{
    const Project *project = m_project->project();
    if (!project || m_splitRunner->isRunning())
        return;
    if (project->filePath.isEmpty() && (!m_ensureSaved || !m_ensureSaved()))
        return;
    const Project copy = projectWithSetup();
    const QString folder = QDir(runsFolder()).filePath(QStringLiteral("split-preview"));
    QDir().mkpath(folder);
    static int sequence = 0;
    SplitPreviewRequest request;
    request.project = copy;
    request.outputPath = QDir(folder).filePath(QStringLiteral("split-%1.gpkg").arg(++sequence));
    auto job = std::make_shared<SplitPreviewJob>(request);
    Q_EMIT message(tr("Preparing the split preview…"));
    connect(
        m_splitRunner, &JobRunner::finished, this,
        [this, job](const JobResult &result) {
            if (!result.succeeded()) {
                Q_EMIT message(tr("Split preview failed: %1").arg(result.error));
                return;
            }
            const SplitPreviewResult &split = job->result();
            if (m_project->project()->layer(kSplitLayerId)) {
                m_project->setLayerPath(kSplitLayerId, split.layerPath);
                m_project->setVisible(kSplitLayerId, true); // asked for: shown, even if hidden before
            } else {
                ProjectLayer layer;
                layer.id = kSplitLayerId;
                layer.name = tr("Split preview");
                layer.kind = LayerKind::VectorLabels;
                layer.path = split.layerPath;
                layer.opacity = 0.6;
                layer.properties.insert(QStringLiteral("classField"), QStringLiteral("role"));
                m_project->addLayer(layer);
            }
            QStringList lines;
            for (int c = 0; c < split.classNames.size(); ++c)
                lines << tr("%1: %2 training, %3 validation")
                             .arg(split.classNames.at(c))
                             .arg(c < int(split.trainCounts.size()) ? split.trainCounts[std::size_t(c)] : 0)
                             .arg(c < int(split.validationCounts.size())
                                      ? split.validationCounts[std::size_t(c)]
                                      : 0);
            m_splitSummary->setText(
                (split.folds > 0
                     ? tr("<b>Split preview</b> (the %1 cross-validation folds on the map; the "
                          "counts are fold 1's)<br>%2%3")
                           .arg(split.folds)
                     : tr("<b>Split preview</b> (training and validation blocks on the map)<br>%1%2"))
                    .arg(lines.join(QStringLiteral("<br>")),
                         split.warnings.isEmpty()
                             ? QString()
                             : QStringLiteral("<br><span style='color:#b45309'>%1</span>")
                                   .arg(split.warnings.join(QStringLiteral("<br>")))));
            m_splitSummary->show();
            Q_EMIT message(split.warnings.isEmpty() ? tr("Split preview on the map")
                                                    : split.warnings.first());
        },
        Qt::SingleShotConnection);
    m_splitRunner->startShared(job);
}

} // namespace deepterra
