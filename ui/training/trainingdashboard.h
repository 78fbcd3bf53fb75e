#pragma once

#include "jobs/feedback.h"
#include "training/runcurves.h"
#include "training/trainingevents.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace deepterra {

class ConfusionMatrixView;
class ForecastPreviewPlot;
class TrainingCurves;

// The live training dashboard: the curves, a progress line (epoch and batch, samples per second,
// time left) with Pause, Resume and Stop, and tabs with the trainer's log, the confusion matrix of
// class tasks and the forecast of forecasting runs. It trains nothing: the training controller
// feeds it the run's events and listens to its buttons. Finished runs can be shown read-only,
// several overlaid for comparison.
class TrainingDashboard : public QWidget
{
    Q_OBJECT

public:
    enum class State { Idle, Preparing, Training, Paused, Stopping, Finished, Stopped, Failed };
    static constexpr int kMaxLogLines = 5000;

    explicit TrainingDashboard(QWidget *parent = nullptr);

    // A new (or resumed) run: clears the curves and the confusion matrix, names the metric chart
    // after the monitored metric and shows the tabs the task has.
    void startRun(const RunStart &start);
    // Batch events are buffered: the charts redraw on a timer, never per call.
    void addBatch(const BatchProgress &progress);
    void addEpoch(const EpochRecord &record);
    void appendLog(Feedback::Level level, const QString &text);
    // Enables the buttons that make sense in `state` (Resume replaces Pause while paused) and
    // shows `detail`, or the state's name, as the status line.
    void setState(State state, const QString &detail = {});
    void setPreviewStatus(const QString &text);
    // Forecasting: the validation period's forecast against the observations, x = msecs since 1970.
    void showForecast(const QVector<double> &timeMs, const QVector<double> &observed,
                      const QVector<double> &forecast, const QString &title);
    // Finished runs, read-only: one run shows its curves; several are overlaid for comparison.
    void showRuns(const QVector<RunCurves> &runs);

    TrainingCurves *curves() const { return m_curves; }
    State state() const { return m_state; }
    static QString stateName(State state);

    QPushButton *pauseButton() const { return m_pause; }
    // False while several processes train together (RunStart::processes): the others cannot wait.
    bool pauseAvailable() const { return m_pauseAvailable; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *stopButton() const { return m_stop; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *speedLabel() const { return m_speed; }
    QLabel *previewStatusLabel() const { return m_previewStatus; }
    QPlainTextEdit *logView() const { return m_log; }
    ConfusionMatrixView *confusionMatrix() const { return m_confusion; }
    ForecastPreviewPlot *forecastPlot() const { return m_forecast; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void pauseRequested();
    void resumeRequested();
    void stopRequested();

private:
    QWidget *createRunControls();
    void setTaskTabs(bool classes, bool forecast);
    void showEpochProgress(int epoch, int epochs, int batch, int batches);

    TrainingCurves *m_curves;
    QWidget *m_runControls = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_speed = nullptr;
    QPushButton *m_pause = nullptr;
    bool m_pauseAvailable = true; // not while several processes train together
    QPushButton *m_resume = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_status;
    QLabel *m_previewStatus;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_log;
    ConfusionMatrixView *m_confusion;
    ForecastPreviewPlot *m_forecast;
    State m_state = State::Idle;
    int m_epochs = 0;
    bool m_classTask = false;
};

} // namespace deepterra
