#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;

namespace deepterra {

class AutoencoderResultsView;
class ClassResultsView;
class ForecastResultsView;
class MapCanvas;
class MapWorkspace;
class ExportDialog;
class ReportDialog;
class PredictionDialog;
class ProjectController;
class ResultsDock;
class SaliencyTool;
class TrainingWorkbench;

// What comes after training, in the main window: the results of a run, predicting a whole raster
// with a trained or exported model, exporting a model and writing a run's report. Adds its actions to the
// Model menu and works on the run chosen in the runs panel (or the newest finished one).
class ResultsWorkbench : public QObject
{
    Q_OBJECT

public:
    ResultsWorkbench(QMainWindow *window, ProjectController *project, MapWorkspace *workspace,
                     TrainingWorkbench *training, MapCanvas *canvas);
    ~ResultsWorkbench() override;

    // After TrainingWorkbench::installActions, which makes the Model menu.
    void installActions();

    // The run the actions work on: the one selected in the runs panel, else the newest run that
    // finished or stopped early; empty when the project has none.
    QString currentRun() const;

    QAction *predictAction() const { return m_predictAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *resultsAction() const { return m_resultsAction; }
    QAction *reportAction() const { return m_reportAction; }
    // Model ▸ Where Does the Model Look? (its action and the explanation layer)
    SaliencyTool *saliencyTool() const { return m_saliency; }
    // The results views of class, forecasting and autoencoder runs and their docks, each made the
    // first time the action shows a run of its kind; null until then.
    ClassResultsView *resultsView() const { return m_resultsView; }
    QDockWidget *resultsDock() const;
    ForecastResultsView *forecastResultsView() const { return m_forecastView; }
    QDockWidget *forecastResultsDock() const;
    AutoencoderResultsView *autoencoderResultsView() const { return m_autoencoderView; }
    QDockWidget *autoencoderResultsDock() const;
    // The open prediction and export dialogs, null when closed.
    PredictionDialog *predictionDialog() const;
    ExportDialog *exportDialog() const;
    ReportDialog *reportDialog() const;

Q_SIGNALS:
    void message(const QString &text);

private:
    void predict();
    void exportModel();
    void exportReport();
    void showResults();
    void updateActions();

    QMainWindow *m_window;
    ProjectController *m_project;
    MapWorkspace *m_workspace;
    TrainingWorkbench *m_training;
    MapCanvas *m_canvas;
    SaliencyTool *m_saliency = nullptr;
    QAction *m_predictAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_resultsAction = nullptr;
    QAction *m_reportAction = nullptr;
    ResultsDock *m_resultsDock = nullptr;
    ClassResultsView *m_resultsView = nullptr;
    ResultsDock *m_forecastDock = nullptr;
    ForecastResultsView *m_forecastView = nullptr;
    ResultsDock *m_autoencoderDock = nullptr;
    AutoencoderResultsView *m_autoencoderView = nullptr;
    QPointer<PredictionDialog> m_predictionDialog;
    QPointer<ExportDialog> m_exportDialog;
    QPointer<ReportDialog> m_reportDialog;
};

} // namespace deepterra
