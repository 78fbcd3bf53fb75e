#pragma once

#include "results/autoencoderrunresults.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QCPBars;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace deepterra {

class JobRunner;
class LatestJobRunner;
class ModelPredictionJob;
class ProjectController;
class SeriesAnomalyPlot;
struct SeriesAnomalies;
struct JobResult;

// The results of an autoencoder run: the histogram of the validation reconstruction errors with
// the run's anomaly threshold as a vertical line and the share of errors above it, and for raster
// autoencoders "Map anomalies", which predicts the reconstruction-error map of the run's image and
// adds it as a layer; for series autoencoders the series with its anomalous periods shaded
// (SeriesAnomalyPlot, scored by SeriesAnomalyJob). Reading, scoring and predicting run off the GUI
// thread.
class AutoencoderResultsView : public QWidget
{
    Q_OBJECT

public:
    explicit AutoencoderResultsView(ProjectController *project, QWidget *parent = nullptr);
    ~AutoencoderResultsView() override;

    // Reads the run in the background and shows it; loaded() follows. The latest call wins.
    void showRun(const QString &runFolder);
    const QString &runFolder() const { return m_runFolder; }
    bool isLoading() const;
    bool hasResults() const; // otherwise message() says why not
    bool isMapping() const;
    bool isScoringSeries() const;

    QCustomPlot *plot() const { return m_plot; }
    QCPBars *histogram() const { return m_bars; }
    QCPItemStraightLine *thresholdLine() const { return m_thresholdLine; }
    QLabel *summary() const { return m_summary; }
    QLabel *title() const { return m_title; }
    QLabel *message() const { return m_message; }
    QPushButton *mapButton() const { return m_mapButton; }
    QLabel *mapStatus() const { return m_mapStatus; }
    SeriesAnomalyPlot *seriesAnomalyPlot() const { return m_anomalyPlot; }
    const AutoencoderRunResults &results() const { return m_results; }

Q_SIGNALS:
    void loaded();
    // After "Map anomalies": the ids of the layers added (the anomaly map first), or why it failed.
    void mapped(const QStringList &layerIds);
    void mapFailed(const QString &error);
    // A series autoencoder's series was scored (seriesAnomalyPlot() shows it) or could not be.
    void seriesScored(bool succeeded);

private:
    void onRead(const JobResult &result);
    void showResults();
    void showMessage(const QString &text);
    void mapAnomalies();
    void onMapped(const JobResult &result);
    QString predictionsFolder() const;
    void scoreSeries();
    void onSeriesScored(const JobResult &result);

    ProjectController *m_project;
    QString m_runFolder;
    LatestJobRunner *m_reader;
    JobRunner *m_predictor;
    std::shared_ptr<AutoencoderRunResults> m_read;
    std::shared_ptr<ModelPredictionJob> m_prediction;
    LatestJobRunner *m_scorer;
    std::shared_ptr<SeriesAnomalies> m_scored;
    AutoencoderRunResults m_results;
    QLabel *m_title;
    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_summary;
    QCustomPlot *m_plot;
    QCPBars *m_bars;
    QCPItemStraightLine *m_thresholdLine;
    QPushButton *m_mapButton;
    QLabel *m_mapStatus;
    SeriesAnomalyPlot *m_anomalyPlot;
};

} // namespace deepterra
