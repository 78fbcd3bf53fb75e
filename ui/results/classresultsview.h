#pragma once

#include "metrics/calibration.h"
#include "results/classrunresults.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace deepterra {

class ConfusionHeatmap;
class JobRunner;
class LatestJobRunner;
class ProjectController;
class ReliabilityDiagram;
class ValidationClassPairsJob;
struct JobResult;

// The results of a class run (segmentation, patch classification) at its best epoch: the
// validation confusion matrix as a heat map, per class the precision (user's accuracy), recall
// (producer's accuracy), F1 and IoU, and overall accuracy, mean IoU, kappa and macro F1; beside the
// table, the expected calibration error and the reliability diagram. The run's files are read off
// the GUI thread. For a run of another task it says which views that task has.
// Choosing a cell of a segmentation run's matrix shows where those validation pixels are: the
// first choice maps the run's validation pixels in the background (ValidationClassPairsJob); then
// the map layer "Validation: <truth> as <predicted>" shows the chosen cell's pixels.
class ClassResultsView : public QWidget
{
    Q_OBJECT

public:
    // The columns of the per-class table; each score cell holds its exact value under kValueRole
    // (NaN for an undefined score).
    enum ScoreColumn {
        ClassColumn,
        PrecisionColumn,
        RecallColumn,
        F1Column,
        IoUColumn,
        SupportColumn,
        ScoreColumnCount
    };
    static constexpr int kValueRole = Qt::UserRole + 2;

    // Without a project (null) the view shows results but adds no map layers.
    explicit ClassResultsView(ProjectController *project = nullptr, QWidget *parent = nullptr);
    ~ClassResultsView() override;

    // Reads the run in the background and shows it; loaded() follows. The latest call wins.
    void showRun(const QString &runFolder);
    const QString &runFolder() const { return m_runFolder; }
    bool isLoading() const;
    // True when the shown run is a class run with a matrix; otherwise message() says why not.
    bool hasResults() const;

    // The text for a run whose task has other views than this one (forecasting, autoencoders).
    static QString otherTaskViews(const QString &task);

    ConfusionHeatmap *heatmap() const { return m_heatmap; }
    QTableWidget *classScores() const { return m_scores; }
    ReliabilityDiagram *reliabilityDiagram() const { return m_reliability; }
    // The per-class table's and the reliability diagram's tabs.
    QTabWidget *detailTabs() const { return m_detailTabs; }
    QLabel *overall() const { return m_overall; }
    QLabel *title() const { return m_title; }
    QLabel *message() const { return m_message; }
    QLabel *mapStatus() const { return m_mapStatus; }
    // The layer of the chosen cell's pixels; empty until one is shown.
    const QString &validationLayerId() const { return m_validationLayerId; }
    bool isMapping() const;
    const ClassRunResults &results() const { return m_results; }

Q_SIGNALS:
    // The run asked for last is shown, or why it cannot be.
    void loaded();
    // The layer of the chosen cell was added or updated.
    void validationLayerShown(const QString &layerId);

private:
    void onRead(const JobResult &result);
    void showResults();
    void showMessage(const QString &text);
    void onCellChosen(int truth, int predicted);
    void onPairsMapped(const JobResult &result);
    void showValidationCell();

    QString m_runFolder;
    LatestJobRunner *m_reader;
    // What the reader fills off the GUI thread: the run's results and, when metrics.json records
    // it, the calibration of the same validation pixels (or why it cannot be read).
    struct ReadRun
    {
        ClassRunResults results;
        std::optional<Calibration> calibration;
        QString calibrationProblem;
    };
    static void readRun(ReadRun &read, const QString &runFolder);
    void showCalibration();

    std::shared_ptr<ReadRun> m_read;
    std::optional<Calibration> m_calibration;
    QString m_calibrationProblem;
    ClassRunResults m_results;
    QLabel *m_title;
    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_overall;
    ConfusionHeatmap *m_heatmap;
    QTableWidget *m_scores;
    ReliabilityDiagram *m_reliability;
    QTabWidget *m_detailTabs;
    QLabel *m_mapStatus;

    ProjectController *m_project;
    JobRunner *m_mapper;
    std::shared_ptr<ValidationClassPairsJob> m_mapping;
    QString m_pairsRaster; // the class-pair raster of m_pairsRun, once written
    QString m_pairsRun;
    int m_chosenTruth = -1; // the cell to show once the raster is there
    int m_chosenPredicted = -1;
    QString m_validationLayerId;
};

} // namespace deepterra
