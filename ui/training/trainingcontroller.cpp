#include "training/trainingcontroller.h"

#include "jobs/jobrunner.h"
#include "training/livepreview.h"
#include "training/trainingdashboard.h"
#include "training/trainingevents.h"
#include "training/trainingjob.h"
#include "workspace/projectcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QMessageBox>
#include <QWidget>

#include <algorithm>

namespace deepterra {

TrainingController::TrainingController(ProjectController *project, MapWorkspace *workspace, MapCanvas *canvas,
                                       TrainingDashboard *dashboard, QObject *parent)
    : QObject(parent)
    , m_project(project)
    , m_dashboard(dashboard)
    , m_runner(new JobRunner(this))
    , m_events(new TrainingEvents(this))
    , m_preview(new LivePreview(project, workspace, canvas, this))
{
    qRegisterMetaType<deepterra::RunStart>("deepterra::RunStart");
    qRegisterMetaType<deepterra::BatchProgress>("deepterra::BatchProgress");
    qRegisterMetaType<deepterra::EpochRecord>("deepterra::EpochRecord");
    qRegisterMetaType<deepterra::Feedback::Level>("deepterra::Feedback::Level");

    // The events are emitted on this thread (TrainingEvents hands them over from the training
    // thread), and the dashboard redraws on its own timer, so a fast model cannot flood the GUI.
    connect(m_events, &TrainingEvents::runStarted, this, &TrainingController::onRunStarted);
    connect(m_events, &TrainingEvents::batchFinished, m_dashboard, &TrainingDashboard::addBatch);
    connect(m_events, &TrainingEvents::epochFinished, m_dashboard, &TrainingDashboard::addEpoch);
    connect(m_events, &TrainingEvents::snapshotSaved, m_preview, &LivePreview::snapshotSaved);
    connect(m_runner->feedback(), &Feedback::messageLogged, m_dashboard, &TrainingDashboard::appendLog);
    connect(m_runner, &JobRunner::finished, this, &TrainingController::onFinished);

    connect(m_dashboard, &TrainingDashboard::pauseRequested, this, &TrainingController::pause);
    connect(m_dashboard, &TrainingDashboard::resumeRequested, this, &TrainingController::resumeTraining);
    connect(m_dashboard, &TrainingDashboard::stopRequested, this, &TrainingController::stop);
    connect(m_preview, &LivePreview::statusChanged, m_dashboard, &TrainingDashboard::setPreviewStatus);
    connect(m_preview, &LivePreview::failed, m_dashboard,
            [this](const QString &message) { m_dashboard->appendLog(Feedback::Level::Warning, message); });
    connect(m_preview, &LivePreview::forecastUpdated, m_dashboard, &TrainingDashboard::showForecast);
}

TrainingController::~TrainingController()
{
    m_preview->cancelAndWait();
    m_runner->cancelAndWait();
}

bool TrainingController::isActive() const
{
    return m_runner->isRunning();
}

bool TrainingController::start()
{
    return launch(QString());
}

bool TrainingController::resume(const QString &runFolder)
{
    return launch(runFolder);
}

bool TrainingController::launch(const QString &resumeRun)
{
    if (m_runner->isRunning()) {
        Q_EMIT failed(tr("A model is training already: stop it before starting another run."));
        return false;
    }
    const Project *project = m_project->project();
    if (!project && resumeRun.isEmpty()) {
        Q_EMIT failed(tr("Open or create a project first."));
        return false;
    }
    if (resumeRun.isEmpty() && project->filePath.isEmpty()) {
        Q_EMIT failed(
            tr("Save the project first: its runs are written in a folder next to the project file."));
        return false;
    }
    TrainingRequest request;
    if (resumeRun.isEmpty())
        request.project = *project;
    else
        request.resumeRun = resumeRun;
    request.liveSnapshotSeconds = m_liveSnapshotSeconds;
    request.rankProgram = m_rankProgram.isEmpty()
        ? QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("deepterra-cli"))
        : m_rankProgram;
    m_runFolder = resumeRun;
    m_dashboard->setState(TrainingDashboard::State::Preparing,
                          resumeRun.isEmpty() ? tr("Reading the training data…")
                                              : tr("Resuming %1…").arg(resumeRun));
    if (!m_runner->start(std::make_unique<TrainingJob>(std::move(request), m_events))) {
        Q_EMIT failed(tr("The training could not start."));
        return false;
    }
    Q_EMIT activeChanged(true);
    return true;
}

void TrainingController::onRunStarted(const RunStart &start)
{
    m_runFolder = start.runFolder;
    m_dashboard->startRun(start);
    m_dashboard->setState(TrainingDashboard::State::Training);
    LivePreview::Run run;
    run.runFolder = start.runFolder;
    run.task = TaskKind(std::max<qsizetype>(0, TaskConfig::kindNames().indexOf(start.task)));
    run.image = start.imagePath;
    run.series = start.seriesPath;
    run.validationShare = start.validationShare;
    if (const Project *project = m_project->project()) {
        const QString labels = project->sections.value(QStringLiteral("task"))
                                   .toObject()
                                   .value(QStringLiteral("labels"))
                                   .toString();
        if (const ProjectLayer *layer = project->layer(labels))
            run.labelStyle = layer->style;
    }
    m_preview->begin(run);
    Q_EMIT runStarted(start.runFolder);
}

bool TrainingController::pause()
{
    // Not while several processes train together: the dashboard's button says why.
    if (!isActive() || !m_dashboard->pauseAvailable())
        return false;
    m_runner->feedback()->setPaused(true);
    m_preview->setPaused(true);
    m_dashboard->setState(TrainingDashboard::State::Paused,
                          tr("Paused: the model keeps its weights; Resume continues the epoch."));
    return true;
}

void TrainingController::resumeTraining()
{
    if (!isActive())
        return;
    m_runner->feedback()->setPaused(false);
    m_preview->setPaused(false);
    m_dashboard->setState(TrainingDashboard::State::Training);
}

void TrainingController::stop()
{
    if (!isActive())
        return;
    m_dashboard->setState(TrainingDashboard::State::Stopping, tr("Stopping after the current batch…"));
    m_runner->cancel();
    m_runner->feedback()->setPaused(false);
}

bool TrainingController::confirmStop(const QString &reason)
{
    if (!isActive())
        return true;
    const bool agreed = m_stopPrompt
        ? m_stopPrompt(reason)
        : QMessageBox::question(qobject_cast<QWidget *>(m_dashboard->window()), tr("A model is training"),
                                tr("%1 stops the training run. The epochs finished so far are kept, and the "
                                   "run can be resumed later from the runs panel.\n\nStop training?")
                                    .arg(reason),
                                QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    if (!agreed)
        return false;
    m_preview->cancelAndWait();
    m_runner->cancelAndWait();
    m_dashboard->setState(TrainingDashboard::State::Stopped, tr("Stopped"));
    Q_EMIT activeChanged(false);
    return true;
}

void TrainingController::onFinished(const JobResult &result)
{
    m_lastResult = result;
    using State = TrainingDashboard::State;
    switch (result.status) {
    case JobResult::Status::Succeeded:
        m_dashboard->setState(State::Finished, tr("Finished: %1").arg(m_runFolder));
        break;
    case JobResult::Status::Canceled:
        m_dashboard->setState(State::Stopped, tr("Stopped: the run can be resumed from the runs panel."));
        break;
    case JobResult::Status::Failed:
        m_dashboard->setState(State::Failed, result.error);
        Q_EMIT failed(result.error);
        break;
    }
    // The best weights, predicted once more now that nothing trains.
    m_preview->finish(QStringLiteral("best.pt"));
    Q_EMIT activeChanged(false);
    Q_EMIT runFinished(m_runFolder, result);
}

} // namespace deepterra
