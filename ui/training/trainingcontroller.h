#pragma once

#include "jobs/jobresult.h"

#include <QObject>
#include <QString>

#include <functional>

namespace deepterra {

class JobRunner;
class LivePreview;
class MapCanvas;
class MapWorkspace;
class ProjectController;
class TrainingDashboard;
class TrainingEvents;
struct RunStart;

// Trains the open project from the app: runs core's TrainingJob through a JobRunner (the project
// as it is in memory, so the forms' settings need not be saved first), feeds the dashboard with its
// events, pauses, resumes and stops it, and drives the live prediction. One run at a time.
class TrainingController : public QObject
{
    Q_OBJECT

public:
    TrainingController(ProjectController *project, MapWorkspace *workspace, MapCanvas *canvas,
                       TrainingDashboard *dashboard, QObject *parent = nullptr);
    ~TrainingController() override;

    bool isActive() const;
    // A new run of the project; false, with failed(), when it cannot start (no project file yet,
    // a run in progress).
    bool start();
    // Continues an interrupted or stopped run.
    bool resume(const QString &runFolder);
    // False, and nothing paused, when nothing trains or several processes train together.
    bool pause();
    void resumeTraining();
    void stop();
    // Before the window or the project closes: true when nothing trains, or the user agreed to
    // stop the run (it is stopped, its epochs so far kept, and waited for).
    bool confirmStop(const QString &reason);
    // How confirmStop asks; tests answer without a dialog.
    void setStopPrompt(std::function<bool(const QString &)> prompt) { m_stopPrompt = std::move(prompt); }
    // The program that trains the other processes of a set-up with training.processes > 1:
    // deepterra-cli beside the app unless set (tests set the build's).
    void setRankProgram(const QString &program) { m_rankProgram = program; }
    // Interval of mid-epoch checkpoints for the preview (TrainerOptions::liveSnapshotSeconds).
    void setLiveSnapshotSeconds(double seconds) { m_liveSnapshotSeconds = seconds; }

    LivePreview *preview() const { return m_preview; }
    QString runFolder() const { return m_runFolder; }
    JobResult lastResult() const { return m_lastResult; }

Q_SIGNALS:
    void activeChanged(bool active);
    void runStarted(const QString &runFolder);
    void runFinished(const QString &runFolder, const deepterra::JobResult &result);
    void failed(const QString &message);

private:
    bool launch(const QString &resumeRun);
    void onRunStarted(const RunStart &start);
    void onFinished(const JobResult &result);

    ProjectController *m_project;
    TrainingDashboard *m_dashboard;
    JobRunner *m_runner;
    TrainingEvents *m_events;
    LivePreview *m_preview;
    std::function<bool(const QString &)> m_stopPrompt;
    double m_liveSnapshotSeconds = 30.0;
    QString m_rankProgram;
    QString m_runFolder;
    JobResult m_lastResult;
};

} // namespace deepterra
