#pragma once

#include "training/crossvalidationdialog.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMainWindow;

namespace deepterra {

class JobRunner;
class LatestJobRunner;
struct JobResult;
struct RunCurves;
class MapCanvas;
class MapWorkspace;
class OverlayControls;
class Project;
class ProjectController;
class RunsPanel;
class TrainingController;
class TrainingDashboard;
class TrainingSetupPanel;

// Training in the main window: the set-up forms, the dashboard with the live prediction's
// controls and the runs panel as docks, the Model menu and tool bar, and what ties them to the
// open project (the forms edit its sections, runs go next to its file, an interrupted run is
// offered for resume when the project opens).
class TrainingWorkbench : public QObject
{
    Q_OBJECT

public:
    TrainingWorkbench(QMainWindow *window, ProjectController *project, MapWorkspace *workspace,
                      MapCanvas *canvas);
    ~TrainingWorkbench() override;

    // Adds the docks; before the window's View menu is built, which lists them.
    void createDocks();
    // Adds the Model menu (before Help) and the training tool bar.
    void installActions();

    // Saves the project when it never was (runs are written next to its file); the window asks
    // where. False when the user cancels.
    void setEnsureSaved(std::function<bool()> ensureSaved) { m_ensureSaved = std::move(ensureSaved); }
    // How an interrupted run is offered for resume; tests answer without a dialog.
    void setResumePrompt(std::function<bool(const QString &message)> prompt)
    {
        m_resumePrompt = std::move(prompt);
    }

    // Starts training the set-up in the forms; false when the set-up is invalid or a run trains.
    bool train();

    TrainingSetupPanel *setupPanel() const { return m_setup; }
    TrainingDashboard *dashboard() const { return m_dashboard; }
    RunsPanel *runsPanel() const { return m_runs; }
    OverlayControls *overlayControls() const { return m_overlay; }
    TrainingController *controller() const { return m_training; }
    QAction *trainAction() const { return m_trainAction; }
    QString splitPreviewLayerId() const;
    QLabel *splitSummary() const { return m_splitSummary; }
    CrossValidationDialog *crossValidationDialog() const { return m_crossValidation; }

Q_SIGNALS:
    void message(const QString &text);

private:
    void onProjectChanged();
    void updateActions();
    void previewSplit();
    void crossValidate();
    // The project as the set-up panel has it now (its sections need not be saved).
    Project projectWithSetup() const;
    void offerInterruptedRuns();
    QString runsFolder() const;
    void showDashboard();
    // Reads the runs' history files in the background, then shows their curves; the latest
    // request wins.
    void showRunCurves(const QStringList &folders);
    void onRunCurvesLoaded(const JobResult &result);

    QMainWindow *m_window;
    ProjectController *m_project;
    MapWorkspace *m_workspace;
    TrainingSetupPanel *m_setup;
    TrainingDashboard *m_dashboard;
    OverlayControls *m_overlay;
    RunsPanel *m_runs;
    TrainingController *m_training;
    JobRunner *m_splitRunner;
    LatestJobRunner *m_curvesRunner;
    std::shared_ptr<QVector<RunCurves>> m_loadedCurves;
    QLabel *m_splitSummary;
    QDockWidget *m_setupDock = nullptr;
    QDockWidget *m_dashboardDock = nullptr;
    QDockWidget *m_runsDock = nullptr;
    QAction *m_trainAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    std::function<bool()> m_ensureSaved;
    std::function<bool(const QString &)> m_resumePrompt;
    bool m_syncing = false;
    QString m_offeredFor; // the project whose interrupted runs were offered already
    QPointer<CrossValidationDialog> m_crossValidation;
};

} // namespace deepterra
