#pragma once

#include "training/taskconfig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

class QTimer;

namespace deepterra {

class ForecastPreviewJob;
class JobRunner;
class MapCanvas;
class MapWorkspace;
class PreviewPredictionJob;
class ProjectController;
struct JobResult;

// The training run's predictions while it trains: for raster tasks, the part of the image the map
// shows, predicted with the latest checkpoint into the "Live prediction" layer; for forecasting,
// the validation period's forecast for the dashboard's plot. Raster previews are kept in memory
// (GDAL's /vsimem/) while the run trains; the last one, of the best weights, is saved in the run's
// folder (preview/live.tif). Each preview runs on its own worker
// thread with one LibTorch thread, and previews are rationed: together they take at most
// `budgetShare` of the training's wall time (a zoomed-out view is predicted at a coarser size
// rather than skipped), so they never hold the training back by more than that.
class LivePreview : public QObject
{
    Q_OBJECT

public:
    struct Run
    {
        QString runFolder;
        TaskKind task = TaskKind::Segmentation;
        QString image; // raster tasks: the training image, absolute
        QString series; // forecasting: the CSV, absolute
        double validationShare = 0.2;
        // The label layer's style: the live class map is drawn in the classes' names and colours.
        QJsonObject labelStyle;
    };

    LivePreview(ProjectController *project, MapWorkspace *workspace, MapCanvas *canvas,
                QObject *parent = nullptr);
    ~LivePreview() override;

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    void setBudgetShare(double share) { m_budgetShare = share; }

    void begin(const Run &run);
    // A checkpoint is on disk (TrainingEvents::snapshotSaved): preview it when the budget allows,
    // else as soon as it does (only the newest waiting snapshot is kept).
    void snapshotSaved(const QString &checkpoint, int epoch, int batch);
    void setPaused(bool paused);
    // Training ended: one last preview with `checkpoint` (the best weights), outside the budget
    // since nothing trains any more.
    void finish(const QString &checkpoint);
    // Cancels a running preview and waits for it (the window closes).
    void cancelAndWait();

    bool isBusy() const;
    QString layerId() const { return m_layerId; }
    QString lastOutput() const { return m_lastOutput; }
    int previewsDone() const { return m_previews; }
    double previewSeconds() const { return m_previewSeconds; } // budgeted previews only
    double trainingSeconds() const;
    double share() const; // previewSeconds / trainingSeconds

Q_SIGNALS:
    void rasterUpdated(const QString &layerId, const QString &path, int epoch);
    void forecastUpdated(const QVector<double> &timesMs, const QVector<double> &observed,
                         const QVector<double> &forecast, const QString &title);
    void statusChanged(const QString &text);
    void failed(const QString &message);

private:
    struct Snapshot
    {
        QString checkpoint;
        int epoch = 0;
        int batch = 0;
        bool budgeted = true;
    };
    void tryStart();
    bool startRaster(const Snapshot &snapshot, int maxSize);
    bool startForecast(const Snapshot &snapshot);
    void onFinished(const JobResult &result);
    void showRaster(const QString &path, int epoch);
    int affordableSize() const;

    ProjectController *m_project;
    MapWorkspace *m_workspace;
    MapCanvas *m_canvas;
    JobRunner *m_runner;
    QTimer *m_retry;
    Run m_run;
    bool m_enabled = true;
    bool m_active = false;
    double m_budgetShare = 0.10;

    QElapsedTimer m_trainingClock;
    double m_trainingSeconds = 0.0; // before the last pause
    bool m_paused = false;

    std::optional<Snapshot> m_waiting;
    Snapshot m_running;
    QString m_runningOutput;
    std::shared_ptr<PreviewPredictionJob> m_rasterJob;
    std::shared_ptr<ForecastPreviewJob> m_forecastJob;
    double m_secondsPerPixel = 0.0; // measured; 0 until the first preview
    double m_previewSeconds = 0.0;
    double m_forecastSeconds = 0.0; // the last forecast preview's cost; 0 until one ran
    QElapsedTimer m_jobClock;
    int m_previews = 0;
    int m_sequence = 0;
    QString m_layerId;
    const QString m_memoryFolder; // in GDAL's memory, this preview's own
    QString m_lastOutput;
    QString m_olderOutput;
};

} // namespace deepterra
