#pragma once

#include "training/curveoptionsbar.h"
#include "training/dashboardbatchseries.h"
#include "training/epochrecord.h"
#include "training/runcurves.h"

#include <QElapsedTimer>
#include <QVector>
#include <QWidget>

#include <vector>

class QGridLayout;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QMouseEvent;
class QTimer;

namespace deepterra {

// The training charts: batch loss raw (faint) and smoothed, training and validation loss per
// epoch, the monitored metric and the learning rate. Either the live run (startRun, addBatch,
// addEpoch) or finished runs read back from their history (showRuns), several overlaid in one
// colour each. Adding data never draws: a timer redraws at most four times a second what changed,
// so a fast model cannot flood the GUI thread.
class TrainingCurves : public QWidget
{
    Q_OBJECT

public:
    using XAxis = CurveOptionsBar::XAxis;
    static constexpr int kRedrawIntervalMs = 250;
    static constexpr int kRecentBatchPoints = 1500; // drawn at full resolution
    static constexpr int kOlderBatchPoints = 1500; // the batches before, thinned to this many

    explicit TrainingCurves(QWidget *parent = nullptr);

    // A live run: clears the charts; the metric chart shows `monitoredMetric`.
    void startRun(const QString &monitoredMetric);
    void addBatch(const BatchProgress &progress);
    void addEpoch(const EpochRecord &record);
    // Finished runs, read-only; one colour per run and a legend with their labels.
    void showRuns(const QVector<RunCurves> &runs);
    void clear();

    void setSmoothing(double beta); // 0 .. 0.99, the slider's value
    double smoothing() const;
    void setLogScale(bool logarithmic); // the loss charts' y axes
    bool logScale() const;
    void setXAxis(XAxis axis);
    XAxis xAxis() const { return m_xAxis; }

    // Draws what changed since the last redraw now; the timer calls it.
    void redraw();

    QCustomPlot *batchLossPlot() const { return m_batchPlot; }
    QCustomPlot *epochLossPlot() const { return m_lossPlot; }
    QCustomPlot *metricPlot() const { return m_metricPlot; }
    QCustomPlot *learningRatePlot() const { return m_ratePlot; }
    QCPGraph *batchLossGraph() const { return m_batchRaw; }
    QCPGraph *smoothedLossGraph() const { return m_batchSmoothed; }
    int runCount() const { return int(m_runs.size()); }
    // Each run's epoch curves; nullptr for a run that is not shown.
    QCPGraph *trainingLossGraph(int run = 0) const
    {
        return valid(run) ? m_runs[std::size_t(run)].trainingLoss : nullptr;
    }
    QCPGraph *validationLossGraph(int run = 0) const
    {
        return valid(run) ? m_runs[std::size_t(run)].validationLoss : nullptr;
    }
    QCPGraph *metricGraph(int run = 0) const
    {
        return valid(run) ? m_runs[std::size_t(run)].metricValues : nullptr;
    }
    QCPGraph *learningRateGraph(int run = 0) const
    {
        return valid(run) ? m_runs[std::size_t(run)].learningRate : nullptr;
    }
    // The epoch of the latest improvement of the monitored metric; 0 before any.
    int bestEpoch(int run = 0) const;
    // Where the best-epoch line stands on the x axis; NaN when it is hidden (no best epoch yet,
    // or several runs, each of which marks its best with a star instead).
    double bestEpochLineKey() const;
    // The hover text at x = `key` in `plot`: the x value, then each curve's nearest point.
    QString readout(const QCustomPlot *plot, double key) const;
    const DashboardBatchSeries &batches() const { return m_batches; }

private:
    struct RunGraphs
    {
        QString label;
        QString metric;
        std::vector<EpochRecord> history;
        int batchesPerEpoch = 0;
        QCPGraph *trainingLoss = nullptr;
        QCPGraph *validationLoss = nullptr;
        QCPGraph *metricValues = nullptr;
        QCPGraph *best = nullptr; // the best epoch's metric value as a star
        QCPGraph *learningRate = nullptr;
    };

    bool valid(int run) const { return run >= 0 && run < runCount(); }
    void connectOptions();
    QCustomPlot *createPlot(const QString &objectName, const QString &yLabel);
    void resetPlots(bool live);
    void arrangeCharts(bool live);
    RunGraphs &addRunGraphs(const QString &label, const QString &metric, const QColor &color,
                            bool comparison);
    void rebuildBatchGraphs();
    void rebuildEpochGraphs();
    void updateBestLines();
    void updateAxes();
    void scheduleRedraw();
    double batchKey(const DashboardBatchSample &sample) const;
    std::vector<double> epochKeys(const RunGraphs &run) const;
    QString keyText(double key) const;
    void onHover(QCustomPlot *plot, QMouseEvent *event);

    QCustomPlot *m_batchPlot;
    QCustomPlot *m_lossPlot;
    QCustomPlot *m_metricPlot;
    QCustomPlot *m_ratePlot;
    CurveOptionsBar *m_options;
    QTimer *m_redrawTimer;
    QGridLayout *m_charts;

    std::vector<RunGraphs> m_runs;
    DashboardBatchSeries m_batches;
    QCPGraph *m_batchRaw = nullptr;
    QCPGraph *m_batchSmoothed = nullptr;
    QCPGraph *m_batchLearningRate = nullptr;
    QCPItemStraightLine *m_lossBestLine = nullptr;
    QCPItemStraightLine *m_metricBestLine = nullptr;
    XAxis m_xAxis = XAxis::Epoch;
    bool m_live = false;
    bool m_batchesChanged = false;
    bool m_epochsChanged = false;
    // Wall time of a batch: the epochs' own seconds so far plus the time since the last epoch.
    double m_epochSecondsSoFar = 0.0;
    QElapsedTimer m_sinceLastEpoch;
};

} // namespace deepterra
