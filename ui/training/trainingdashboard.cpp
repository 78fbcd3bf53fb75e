#include "training/trainingdashboard.h"

#include "training/confusionmatrixview.h"
#include "training/forecastpreviewplot.h"
#include "training/trainingcurves.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

constexpr int kProgressSteps = 1000;

QString durationText(double seconds)
{
    const qint64 s = std::llround(std::max(0.0, seconds));
    if (s < 60)
        return TrainingDashboard::tr("%1 s").arg(s);
    if (s < 3600)
        return TrainingDashboard::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return TrainingDashboard::tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0'));
}

bool isClassTask(const QString &task)
{
    return task == QLatin1String("segmentation") || task == QLatin1String("patch-classification");
}

} // namespace

TrainingDashboard::TrainingDashboard(QWidget *parent)
    : QWidget(parent)
    , m_curves(new TrainingCurves(this))
    , m_status(new QLabel(this))
    , m_previewStatus(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_log(new QPlainTextEdit(this))
    , m_confusion(new ConfusionMatrixView(this))
    , m_forecast(new ForecastPreviewPlot(this))
{
    setObjectName(QStringLiteral("trainingDashboard"));
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    m_previewStatus->setWordWrap(true);
    m_previewStatus->setVisible(false);
    m_log->setObjectName(QStringLiteral("trainingLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_tabs->setObjectName(QStringLiteral("dashboardTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(m_confusion, tr("Confusion matrix"));
    m_tabs->addTab(m_forecast, tr("Forecast"));

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(createRunControls());
    lowerLayout->addWidget(m_previewStatus);
    lowerLayout->addWidget(m_tabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("dashboardSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_curves);
    splitter->addWidget(lower);
    // The curves are what one watches; the log and the matrix take the rest.
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 600, 400 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    setTaskTabs(false, false);
    setState(State::Idle, tr("No model is training. Set one up and press Train, or open a finished run."));
}

QWidget *TrainingDashboard::createRunControls()
{
    m_runControls = new QWidget(this);
    m_progress = new QProgressBar(m_runControls);
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setTextVisible(true);
    m_speed = new QLabel(m_runControls);
    m_speed->setObjectName(QStringLiteral("trainingSpeed"));
    m_pause = new QPushButton(tr("Pause"), m_runControls);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setToolTip(tr("Holds the training after the current batch; the model keeps its weights."));
    m_resume = new QPushButton(tr("Resume"), m_runControls);
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_resume->setToolTip(tr("Continues the paused training where it stopped."));
    m_stop = new QPushButton(tr("Stop"), m_runControls);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Ends the run after the current batch. The epochs finished so far and the best "
                          "weights are kept; the run can be resumed later."));
    connect(m_pause, &QPushButton::clicked, this, &TrainingDashboard::pauseRequested);
    connect(m_resume, &QPushButton::clicked, this, &TrainingDashboard::resumeRequested);
    connect(m_stop, &QPushButton::clicked, this, &TrainingDashboard::stopRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_speed, 1);
    auto *layout = new QVBoxLayout(m_runControls);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    return m_runControls;
}

QString TrainingDashboard::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return tr("Idle");
    case State::Preparing:
        return tr("Preparing");
    case State::Training:
        return tr("Training");
    case State::Paused:
        return tr("Paused");
    case State::Stopping:
        return tr("Stopping");
    case State::Finished:
        return tr("Finished");
    case State::Stopped:
        return tr("Stopped");
    case State::Failed:
        return tr("Failed");
    }
    return QString();
}

void TrainingDashboard::setState(State state, const QString &detail)
{
    m_state = state;
    const bool running = state == State::Preparing || state == State::Training || state == State::Paused;
    m_pause->setVisible(state != State::Paused);
    m_resume->setVisible(state == State::Paused);
    m_pause->setEnabled(state == State::Training && m_pauseAvailable);
    m_resume->setEnabled(state == State::Paused);
    m_stop->setEnabled(running);
    if (running || state == State::Stopping)
        m_runControls->setVisible(true);
    // Until the first batch the length of the preparation is unknown: a busy bar.
    if (state == State::Preparing) {
        m_progress->setRange(0, 0);
        m_speed->clear();
    } else if (m_progress->maximum() == 0) {
        m_progress->setRange(0, kProgressSteps);
    }
    m_status->setText(detail.isEmpty() ? stateName(state) : detail);
    m_status->setStyleSheet(state == State::Failed ? QStringLiteral("color: #c0392b;") : QString());
}

void TrainingDashboard::startRun(const RunStart &start)
{
    // The other processes of a data-parallel run would wait for a paused one until they time out.
    m_pauseAvailable = start.processes <= 1;
    m_pause->setToolTip(m_pauseAvailable
                            ? tr("Holds the training after the current batch; the model keeps its "
                                 "weights.")
                            : tr("Not while %1 processes train together: Stop keeps the epochs so "
                                 "far, and resuming the run continues it.")
                                  .arg(start.processes));
    m_epochs = start.epochs;
    m_classTask = isClassTask(start.task);
    m_curves->startRun(start.monitoredMetric);
    m_confusion->clear();
    m_confusion->setClassNames(start.classNames);
    m_forecast->clear();
    setTaskTabs(m_classTask, start.task == QLatin1String("forecasting"));
    m_runControls->setVisible(true);
    m_previewStatus->clear();
    m_previewStatus->setVisible(false);
    showEpochProgress(0, start.epochs, 0, 0);
    m_speed->clear();
    appendLog(Feedback::Level::Info,
              (start.resumed ? tr("Resuming run %1: %2 training and %3 validation examples")
                             : tr("Run %1: %2 training and %3 validation examples"))
                  .arg(start.runFolder)
                  .arg(start.trainingExamples)
                  .arg(start.validationExamples));
}

void TrainingDashboard::addBatch(const BatchProgress &progress)
{
    m_curves->addBatch(progress);
    showEpochProgress(progress.epoch, progress.epochs, progress.batch, progress.batches);
    m_speed->setText(tr("%1 samples/s · %2 left")
                         .arg(progress.samplesPerSecond, 0, 'f', progress.samplesPerSecond < 10.0 ? 1 : 0)
                         .arg(durationText(progress.etaSeconds)));
}

void TrainingDashboard::addEpoch(const EpochRecord &record)
{
    m_curves->addEpoch(record);
    if (m_classTask)
        m_confusion->addEpoch(record.epoch, record.details, record.improved);
    // Replayed epochs of a resumed run say how far it got before any batch arrives.
    if (m_progress->maximum() > 0 && m_epochs > 0)
        m_progress->setValue(std::min(kProgressSteps, kProgressSteps * record.epoch / m_epochs));
}

void TrainingDashboard::showEpochProgress(int epoch, int epochs, int batch, int batches)
{
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, kProgressSteps);
    const double total = double(std::max(1, epochs)) * std::max(1, batches);
    const double done = batches > 0 ? double(epoch - 1) * batches + batch : 0.0;
    m_progress->setValue(int(std::lround(kProgressSteps * std::clamp(done / total, 0.0, 1.0))));
    m_progress->setFormat(batches > 0
                              ? tr("Epoch %1/%2 · batch %3/%4").arg(epoch).arg(epochs).arg(batch).arg(batches)
                              : tr("Epoch %1/%2").arg(epoch).arg(epochs));
}

void TrainingDashboard::appendLog(Feedback::Level level, const QString &text)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("hh:mm:ss"));
    QString color;
    if (level == Feedback::Level::Warning)
        color = QStringLiteral("#b35c00");
    else if (level == Feedback::Level::Error)
        color = QStringLiteral("#c0392b");
    const QString escaped = text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    const QString body = color.isEmpty()
        ? escaped
        : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color, escaped);
    m_log->appendHtml(QStringLiteral("<span style=\"color:#808080\">%1</span> %2").arg(time, body));
}

void TrainingDashboard::setPreviewStatus(const QString &text)
{
    m_previewStatus->setText(text);
    m_previewStatus->setVisible(!text.isEmpty());
}

void TrainingDashboard::showForecast(const QVector<double> &timeMs, const QVector<double> &observed,
                                     const QVector<double> &forecast, const QString &title)
{
    m_forecast->showForecast(timeMs, observed, forecast, title);
    m_tabs->setTabVisible(m_tabs->indexOf(m_forecast), true);
}

void TrainingDashboard::showRuns(const QVector<RunCurves> &runs)
{
    m_curves->showRuns(runs);
    // History files keep scalar metrics only: no confusion matrix or forecast to show.
    m_confusion->clear();
    m_forecast->clear();
    setTaskTabs(false, false);
    m_runControls->setVisible(false);
    m_previewStatus->setVisible(false);
    QStringList labels;
    for (const RunCurves &run : runs)
        labels << run.label;
    m_status->setStyleSheet(QString());
    m_status->setText(
        runs.size() == 1
            ? tr("Run %1").arg(labels.first())
            : tr("Comparing %1 runs: %2").arg(runs.size()).arg(labels.join(QStringLiteral(", "))));
}

void TrainingDashboard::setTaskTabs(bool classes, bool forecast)
{
    m_tabs->setTabVisible(m_tabs->indexOf(m_confusion), classes);
    m_tabs->setTabVisible(m_tabs->indexOf(m_forecast), forecast);
    if (!m_tabs->isTabVisible(m_tabs->currentIndex()))
        m_tabs->setCurrentWidget(m_log);
}

} // namespace deepterra
