#include "results/resultsworkbench.h"

#include "results/classresultsview.h"
#include "results/exportdialog.h"
#include "results/forecastresultsview.h"
#include "results/predictiondialog.h"

#include "training/runspanel.h"
#include "training/runsummary.h"
#include "training/trainingcontroller.h"
#include "training/trainingworkbench.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>

namespace deepterra {

ResultsWorkbench::ResultsWorkbench(QMainWindow *window, ProjectController *project, MapWorkspace *workspace,
                                   TrainingWorkbench *training)
    : QObject(window)
    , m_window(window)
    , m_project(project)
    , m_workspace(workspace)
    , m_training(training)
{ }

ResultsWorkbench::~ResultsWorkbench() = default;

void ResultsWorkbench::installActions()
{
    // The Model menu is the window's child (QMenuBar::insertMenu does not reparent it).
    auto *menu = m_window->findChild<QMenu *>(QStringLiteral("modelMenu"));
    if (!menu)
        return;
    menu->addSeparator();
    m_resultsAction = menu->addAction(tr("R&esults of the Run…"));
    m_resultsAction->setObjectName(QStringLiteral("resultsAction"));
    connect(m_resultsAction, &QAction::triggered, this, &ResultsWorkbench::showResults);
    m_predictAction = menu->addAction(tr("&Predict Whole Raster…"));
    m_predictAction->setObjectName(QStringLiteral("predictAction"));
    connect(m_predictAction, &QAction::triggered, this, &ResultsWorkbench::predict);
    m_exportAction = menu->addAction(tr("&Export Model…"));
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    connect(m_exportAction, &QAction::triggered, this, &ResultsWorkbench::exportModel);
    connect(m_training->runsPanel(), &RunsPanel::refreshed, this, &ResultsWorkbench::updateActions);
    connect(m_training->runsPanel()->tree(), &QTreeWidget::itemSelectionChanged, this,
            &ResultsWorkbench::updateActions);
    connect(m_training->controller(), &TrainingController::activeChanged, this,
            &ResultsWorkbench::updateActions);
    connect(m_project, &ProjectController::projectChanged, this, &ResultsWorkbench::updateActions);
    updateActions();
}

QString ResultsWorkbench::currentRun() const
{
    const RunsPanel *runs = m_training->runsPanel();
    const QStringList selected = runs->selectedRuns();
    if (selected.size() == 1)
        return selected.first();
    QString newest;
    QDateTime newestStart;
    for (const RunSummary &run : runs->runs()) {
        if (run.state != RunSummary::State::Finished && run.state != RunSummary::State::EarlyStopped)
            continue;
        if (newest.isEmpty() || run.startedAt > newestStart) {
            newest = run.path;
            newestStart = run.startedAt;
        }
    }
    return newest;
}

void ResultsWorkbench::updateActions()
{
    // Predicting and exporting read a run's checkpoint: any finished run, while another trains too.
    const bool haveRun = !currentRun().isEmpty();
    if (m_resultsAction)
        m_resultsAction->setEnabled(haveRun);
    if (m_exportAction)
        m_exportAction->setEnabled(haveRun);
    // An exported model predicts without any run.
    if (m_predictAction)
        m_predictAction->setEnabled(m_project->project() != nullptr);
}

PredictionDialog *ResultsWorkbench::predictionDialog() const
{
    return m_predictionDialog;
}

ExportDialog *ResultsWorkbench::exportDialog() const
{
    return m_exportDialog;
}

void ResultsWorkbench::predict()
{
    if (!m_project->project())
        return;
    if (m_predictionDialog) {
        m_predictionDialog->raise();
        m_predictionDialog->activateWindow();
        return;
    }
    m_predictionDialog
        = new PredictionDialog(m_project, m_training->runsPanel()->runs(), currentRun(), m_window);
    m_predictionDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_predictionDialog, &PredictionDialog::predicted, this, [this](const QStringList &ids) {
        Q_EMIT message(tr("The prediction was added to the map (%n layer(s)).", nullptr, int(ids.size())));
    });
    m_predictionDialog->show();
}

void ResultsWorkbench::exportModel()
{
    const QString run = currentRun();
    if (run.isEmpty()) {
        Q_EMIT message(tr("Choose a finished run in the runs panel to export its model."));
        return;
    }
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    QString task;
    for (const RunSummary &summary : m_training->runsPanel()->runs())
        if (summary.path == run)
            task = summary.task;
    // Next to the project, like its runs; a project never saved exports beside the run.
    const QString projectFile = m_project->filePath();
    const QString base
        = projectFile.isEmpty() ? QFileInfo(run).absolutePath() : QFileInfo(projectFile).absolutePath();
    const QString folder = QDir(base).filePath(QStringLiteral("exports/") + QFileInfo(run).fileName());
    m_exportDialog = new ExportDialog(run, task, folder, m_window);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &ExportDialog::exported, this, [this](const QStringList &files) {
        Q_EMIT message(tr("Exported %n file(s).", nullptr, int(files.size())));
    });
    m_exportDialog->show();
}

void ResultsWorkbench::showResults()
{
    const QString run = currentRun();
    if (run.isEmpty()) {
        Q_EMIT message(tr("Choose a finished run in the runs panel to see its results."));
        return;
    }
    for (const RunSummary &summary : m_training->runsPanel()->runs())
        if (summary.path == run && summary.task == QLatin1String("forecasting")) {
            showForecastResults(run);
            return;
        }
    // One dock for every run's results, made on first use: it stays where the user put it.
    if (!m_resultsDock) {
        m_resultsView = new ClassResultsView;
        m_resultsDock = new QDockWidget(tr("Results of the Run"), m_window);
        m_resultsDock->setObjectName(QStringLiteral("resultsDock"));
        m_resultsDock->setWidget(m_resultsView);
        m_window->addDockWidget(Qt::RightDockWidgetArea, m_resultsDock);
        // While the dock is open, choosing one run in the runs panel shows that run's results.
        connect(m_training->runsPanel()->tree(), &QTreeWidget::itemSelectionChanged, m_resultsView, [this] {
            const QStringList selected = m_training->runsPanel()->selectedRuns();
            if (m_resultsDock->isVisible() && selected.size() == 1
                && selected.first() != m_resultsView->runFolder())
                m_resultsView->showRun(selected.first());
        });
    }
    m_resultsView->showRun(run);
    m_resultsDock->show();
    m_resultsDock->raise();
}

// Forecasting runs have their own dock: forecasting a run takes seconds, and the class view's dock
// keeps showing its run meanwhile.
void ResultsWorkbench::showForecastResults(const QString &run)
{
    if (!m_forecastDock) {
        m_forecastView = new ForecastResultsView;
        m_forecastDock = new QDockWidget(tr("Forecast Results of the Run"), m_window);
        m_forecastDock->setObjectName(QStringLiteral("forecastResultsDock"));
        m_forecastDock->setWidget(m_forecastView);
        m_window->addDockWidget(Qt::RightDockWidgetArea, m_forecastDock);
        // While the dock is open, choosing another forecasting run in the runs panel shows it.
        connect(m_training->runsPanel()->tree(), &QTreeWidget::itemSelectionChanged, m_forecastView, [this] {
            const QStringList selected = m_training->runsPanel()->selectedRuns();
            if (!m_forecastDock->isVisible() || selected.size() != 1
                || selected.first() == m_forecastView->runFolder())
                return;
            for (const RunSummary &summary : m_training->runsPanel()->runs())
                if (summary.path == selected.first() && summary.task == QLatin1String("forecasting"))
                    m_forecastView->showRun(summary.path);
        });
    }
    m_forecastView->showRun(run);
    m_forecastDock->show();
    m_forecastDock->raise();
}

} // namespace deepterra
