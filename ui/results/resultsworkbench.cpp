#include "results/resultsworkbench.h"

#include "results/predictionoutputs.h"

#include "results/autoencoderresultsview.h"
#include "results/classresultsview.h"
#include "results/exportdialog.h"
#include "results/forecastresultsview.h"
#include "results/predictiondialog.h"
#include "results/resultsdock.h"
#include "results/saliencytool.h"

#include "report/reportdialog.h"

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
                                   TrainingWorkbench *training, MapCanvas *canvas)
    : QObject(window)
    , m_window(window)
    , m_project(project)
    , m_workspace(workspace)
    , m_training(training)
    , m_canvas(canvas)
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
    m_reportAction = menu->addAction(tr("Export &Report…"));
    m_reportAction->setObjectName(QStringLiteral("reportAction"));
    connect(m_reportAction, &QAction::triggered, this, &ResultsWorkbench::exportReport);
    m_saliency = new SaliencyTool(
        m_canvas, m_project, [this] { return currentRun(); }, this);
    menu->addAction(m_saliency->action());
    connect(m_saliency, &SaliencyTool::message, this, &ResultsWorkbench::message);
    connect(m_saliency, &SaliencyTool::failed, this, &ResultsWorkbench::message);
    // The same actions on a run's context menu in the runs panel (a right click selects the run).
    QTreeWidget *runTree = m_training->runsPanel()->tree();
    runTree->setContextMenuPolicy(Qt::ActionsContextMenu);
    runTree->addActions({ m_resultsAction, m_predictAction, m_exportAction, m_reportAction });
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
    if (m_reportAction)
        m_reportAction->setEnabled(haveRun);
    if (m_saliency)
        m_saliency->action()->setEnabled(haveRun);
    // An exported model predicts without any run.
    if (m_predictAction)
        m_predictAction->setEnabled(m_project->project() != nullptr);
}

QDockWidget *ResultsWorkbench::resultsDock() const
{
    return m_resultsDock;
}

QDockWidget *ResultsWorkbench::forecastResultsDock() const
{
    return m_forecastDock;
}

QDockWidget *ResultsWorkbench::autoencoderResultsDock() const
{
    return m_autoencoderDock;
}

PredictionDialog *ResultsWorkbench::predictionDialog() const
{
    return m_predictionDialog;
}

ExportDialog *ResultsWorkbench::exportDialog() const
{
    return m_exportDialog;
}

ReportDialog *ResultsWorkbench::reportDialog() const
{
    return m_reportDialog;
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
    // Next to the project, like its runs; a project never saved exports beside the run.
    const QString projectFile = m_project->filePath();
    const QString base
        = projectFile.isEmpty() ? QFileInfo(run).absolutePath() : QFileInfo(projectFile).absolutePath();
    const QString folder = QDir(base).filePath(QStringLiteral("exports/") + QFileInfo(run).fileName());
    m_exportDialog = new ExportDialog(run, folder, m_window);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &ExportDialog::exported, this, [this](const QStringList &files) {
        Q_EMIT message(tr("Exported %n file(s).", nullptr, int(files.size())));
    });
    m_exportDialog->show();
}

void ResultsWorkbench::exportReport()
{
    const QString run = currentRun();
    if (run.isEmpty()) {
        Q_EMIT message(tr("Choose a finished run in the runs panel to write its report."));
        return;
    }
    if (m_reportDialog) {
        m_reportDialog->raise();
        m_reportDialog->activateWindow();
        return;
    }
    // Next to the project, like its runs and exports; a project never saved reports beside the run.
    const QString projectFile = m_project->filePath();
    const QString base
        = projectFile.isEmpty() ? QFileInfo(run).absolutePath() : QFileInfo(projectFile).absolutePath();
    const QString output
        = QDir(base).filePath(QStringLiteral("reports/%1.pdf").arg(QFileInfo(run).fileName()));
    // The map the prediction dialog writes for this run by default, when it has been predicted.
    const QString map = PredictionOutputs::defaults(QDir(base).filePath(QStringLiteral("predictions")),
                                                    QFileInfo(run).fileName(), false)
                            .output;
    m_reportDialog = new ReportDialog(run, output, QFileInfo::exists(map) ? map : QString(), m_window);
    m_reportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_reportDialog, &ReportDialog::written, this, [this](const QString &file) {
        Q_EMIT message(tr("Wrote the report %1.").arg(QDir::toNativeSeparators(file)));
    });
    m_reportDialog->show();
}

namespace {

bool isForecasting(const RunSummary &run)
{
    return run.task == QLatin1String("forecasting");
}

bool isAutoencoder(const RunSummary &run)
{
    return run.task.endsWith(QLatin1String("-autoencoder"));
}

template<typename ResultsView> ResultsDock::View viewOf(ResultsView *view)
{
    return { view, [view](const QString &run) { view->showRun(run); }, [view] { return view->runFolder(); } };
}

} // namespace

void ResultsWorkbench::showResults()
{
    const QString run = currentRun();
    if (run.isEmpty()) {
        Q_EMIT message(tr("Choose a finished run in the runs panel to see its results."));
        return;
    }
    // Each kind of run has its own dock, made on first use: forecasting a run or mapping its
    // anomalies takes seconds, and the other docks keep showing their runs meanwhile.
    RunsPanel *runs = m_training->runsPanel();
    for (const RunSummary &summary : runs->runs()) {
        if (summary.path == run && isForecasting(summary)) {
            if (!m_forecastDock) {
                m_forecastView = new ForecastResultsView;
                m_forecastDock = new ResultsDock(tr("Forecast Results of the Run"),
                                                 QStringLiteral("forecastResultsDock"),
                                                 viewOf(m_forecastView), runs, isForecasting, m_window);
            }
            m_forecastDock->showRun(run);
            return;
        }
        if (summary.path == run && isAutoencoder(summary)) {
            if (!m_autoencoderDock) {
                m_autoencoderView = new AutoencoderResultsView(m_project);
                m_autoencoderDock = new ResultsDock(tr("Autoencoder Results of the Run"),
                                                    QStringLiteral("autoencoderResultsDock"),
                                                    viewOf(m_autoencoderView), runs, isAutoencoder, m_window);
            }
            m_autoencoderDock->showRun(run);
            return;
        }
    }
    // Class runs, and any other run: the class view says which views a run of another task has.
    if (!m_resultsDock) {
        m_resultsView = new ClassResultsView(m_project);
        m_resultsDock = new ResultsDock(
            tr("Results of the Run"), QStringLiteral("resultsDock"), viewOf(m_resultsView), runs,
            [](const RunSummary &) { return true; }, m_window);
    }
    m_resultsDock->showRun(run);
}

} // namespace deepterra
