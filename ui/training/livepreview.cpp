#include "training/livepreview.h"

#include "inference/forecastpreviewjob.h"
#include "inference/previewpredictionjob.h"
#include "jobs/jobrunner.h"
#include "map/mapcanvas.h"
#include "workspace/layerstore.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

const QString kLayerId = QStringLiteral("live-prediction");

// Window sizes a preview may take, largest first: a tight budget predicts a coarser window
// rather than none.
constexpr int kSizes[] = { 1024, 768, 512, 384, 256, 192, 128 };
// Before the first preview has been timed: small enough to be cheap for any model.
constexpr int kFirstSize = 256;
constexpr double kFirstPreviewSeconds = 1.0;

} // namespace

LivePreview::LivePreview(ProjectController *project, MapWorkspace *workspace, MapCanvas *canvas,
                         QObject *parent)
    : QObject(parent)
    , m_project(project)
    , m_workspace(workspace)
    , m_canvas(canvas)
    , m_runner(new JobRunner(this))
    , m_retry(new QTimer(this))
    , m_memoryFolder(
          QStringLiteral("/vsimem/deepterra-live-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &LivePreview::tryStart);
    connect(m_runner, &JobRunner::finished, this, &LivePreview::onFinished);
}

LivePreview::~LivePreview()
{
    cancelAndWait();
    for (const QString &output : { m_lastOutput, m_olderOutput })
        if (PredictedWindow::isInMemory(output))
            PredictedWindow::remove(output);
}

void LivePreview::begin(const Run &run)
{
    m_run = run;
    m_active = true;
    m_waiting.reset();
    m_trainingSeconds = 0.0;
    m_trainingClock.start();
    m_paused = false;
    m_previewSeconds = 0.0;
    m_previews = 0;
    m_secondsPerPixel = 0.0;
    m_forecastSeconds = 0.0;
}

void LivePreview::setPaused(bool paused)
{
    if (paused == m_paused || !m_active)
        return;
    m_paused = paused;
    if (paused) {
        m_trainingSeconds += double(m_trainingClock.elapsed()) / 1000.0;
    } else {
        m_trainingClock.start();
        tryStart();
    }
}

double LivePreview::trainingSeconds() const
{
    return m_trainingSeconds
        + (m_active && !m_paused && m_trainingClock.isValid() ? double(m_trainingClock.elapsed()) / 1000.0
                                                              : 0.0);
}

double LivePreview::share() const
{
    const double training = trainingSeconds();
    return training > 0.0 ? m_previewSeconds / training : 0.0;
}

bool LivePreview::isBusy() const
{
    return m_runner->isRunning();
}

void LivePreview::snapshotSaved(const QString &checkpoint, int epoch, int batch)
{
    if (!m_enabled || !m_active)
        return;
    // Forecast plots follow epochs; a mid-epoch snapshot adds nothing the next epoch will not show.
    if (m_run.task == TaskKind::Forecasting && checkpoint != QLatin1String("last.pt"))
        return;
    if (m_run.task == TaskKind::SeriesAutoencoder)
        return;
    m_waiting = Snapshot { checkpoint, epoch, batch, true };
    tryStart();
}

void LivePreview::finish(const QString &checkpoint)
{
    if (!m_active)
        return;
    m_trainingSeconds = trainingSeconds();
    m_active = false;
    m_retry->stop();
    if (!m_enabled || m_run.task == TaskKind::SeriesAutoencoder
        || !QFileInfo::exists(QDir(m_run.runFolder).filePath(QStringLiteral("checkpoints/") + checkpoint)))
        return;
    m_waiting = Snapshot { checkpoint, 0, 0, false };
    tryStart();
}

void LivePreview::cancelAndWait()
{
    m_retry->stop();
    m_waiting.reset();
    m_runner->cancelAndWait();
}

int LivePreview::affordableSize() const
{
    const double left = m_budgetShare * trainingSeconds() - m_previewSeconds;
    // Not timed yet: wait until the budget holds what a small preview costs on a slow machine
    // (loading the checkpoint included), so a short run is not held back by its first preview.
    if (m_secondsPerPixel <= 0.0)
        return left >= kFirstPreviewSeconds ? kFirstSize : 0;
    for (int size : kSizes)
        if (m_secondsPerPixel * double(size) * double(size) <= left)
            return size;
    return 0;
}

void LivePreview::tryStart()
{
    if (!m_waiting || m_runner->isRunning())
        return;
    const Snapshot snapshot = *m_waiting;
    int size = kSizes[0];
    if (snapshot.budgeted) {
        if (m_paused)
            return;
        size = affordableSize();
        // A forecast has no window to shrink: it waits until the budget holds its last cost.
        if (m_run.task == TaskKind::Forecasting
            && m_budgetShare * trainingSeconds() - m_previewSeconds
                < (m_forecastSeconds > 0.0 ? m_forecastSeconds : kFirstPreviewSeconds))
            size = 0;
        if (size == 0) {
            // The budget grows with the training time: look again in a while.
            m_retry->start(1000);
            return;
        }
    }
    m_waiting.reset();
    const bool started
        = m_run.task == TaskKind::Forecasting ? startForecast(snapshot) : startRaster(snapshot, size);
    if (started) {
        m_running = snapshot;
        m_jobClock.start();
    }
}

bool LivePreview::startRaster(const Snapshot &snapshot, int maxSize)
{
    if (m_run.image.isEmpty())
        return false;
    PreviewRequest request;
    request.runFolder = m_run.runFolder;
    request.checkpoint = snapshot.checkpoint;
    request.image = m_run.image;
    request.mapExtent = m_canvas->view().extent();
    request.mapCrs = m_workspace->store()->mapCrs();
    request.maxSize = maxSize;
    request.threads = 1;
    // Previews while training live in memory: the disk sees no file per snapshot. The last one,
    // of the best weights, goes to the run's folder, so that the layer outlives the session.
    if (snapshot.budgeted) {
        m_runningOutput = QStringLiteral("%1/live-%2.tif").arg(m_memoryFolder).arg(++m_sequence);
    } else {
        const QString folder = QDir(m_run.runFolder).filePath(QStringLiteral("preview"));
        QDir().mkpath(folder);
        m_runningOutput = QDir(folder).filePath(QStringLiteral("live.tif"));
    }
    request.output = m_runningOutput;
    m_rasterJob = std::make_shared<PreviewPredictionJob>(request);
    return m_runner->startShared(m_rasterJob);
}

bool LivePreview::startForecast(const Snapshot &snapshot)
{
    if (m_run.series.isEmpty())
        return false;
    ForecastPreviewRequest request;
    request.runFolder = m_run.runFolder;
    request.checkpoint = snapshot.checkpoint;
    request.series = m_run.series;
    request.validationShare = m_run.validationShare;
    m_forecastJob = std::make_shared<ForecastPreviewJob>(request);
    return m_runner->startShared(m_forecastJob);
}

void LivePreview::onFinished(const JobResult &result)
{
    const Snapshot snapshot = m_running;
    double seconds = double(m_jobClock.elapsed()) / 1000.0;
    if (m_forecastJob && result.succeeded())
        m_forecastSeconds = seconds;
    if (m_rasterJob) {
        seconds = m_rasterJob->seconds();
        const QRect window = m_rasterJob->window();
        if (result.succeeded() && !window.isEmpty())
            m_secondsPerPixel = seconds / (double(window.width()) * double(window.height()));
    }
    if (snapshot.budgeted && (m_rasterJob || m_forecastJob)) {
        m_previewSeconds += seconds;
    }
    const QString when = snapshot.epoch > 0
        ? (snapshot.checkpoint == QLatin1String("live.pt")
               ? tr("epoch %1, batch %2").arg(snapshot.epoch).arg(snapshot.batch)
               : tr("epoch %1").arg(snapshot.epoch))
        : tr("the best epoch");

    if (!result.succeeded()) {
        if (result.status == JobResult::Status::Failed) {
            Q_EMIT failed(tr("Live prediction failed: %1").arg(result.error));
            if (PredictedWindow::isInMemory(m_runningOutput))
                PredictedWindow::remove(m_runningOutput);
        }
    } else if (m_rasterJob) {
        showRaster(m_runningOutput, snapshot.epoch);
        Q_EMIT statusChanged(
            tr("Live prediction of %1: %2 s for %3 × %4 px · previews took %5 % of the training time")
                .arg(when)
                .arg(seconds, 0, 'f', 1)
                .arg(m_rasterJob->window().width())
                .arg(m_rasterJob->window().height())
                .arg(100.0 * share(), 0, 'f', 1));
    } else if (m_forecastJob) {
        Q_EMIT forecastUpdated(
            m_forecastJob->timesMs(), m_forecastJob->observed(), m_forecastJob->forecast(),
            tr("%1: one step ahead over the validation period, %2").arg(m_forecastJob->column(), when));
        Q_EMIT statusChanged(tr("Forecast of %1 · previews took %2 % of the training time")
                                 .arg(when)
                                 .arg(100.0 * share(), 0, 'f', 1));
    }
    if (snapshot.budgeted)
        ++m_previews;
    m_rasterJob.reset();
    m_forecastJob.reset();
    tryStart();
}

void LivePreview::showRaster(const QString &path, int epoch)
{
    const Project *project = m_project->project();
    if (!project)
        return;
    if (!project->layer(kLayerId)) {
        ProjectLayer layer;
        layer.id = kLayerId;
        layer.name = tr("Live prediction");
        layer.kind = LayerKind::Prediction;
        layer.path = path;
        layer.opacity = 0.75;
        if (m_run.labelStyle.value(QStringLiteral("renderer")).toString() == QLatin1String("classes")) {
            layer.style.insert(QStringLiteral("renderer"), QStringLiteral("classes"));
            layer.style.insert(QStringLiteral("classes"), m_run.labelStyle.value(QStringLiteral("classes")));
        }
        m_layerId = m_project->addLayer(layer);
    } else {
        m_layerId = kLayerId;
        m_project->setLayerPath(kLayerId, path);
    }
    // The layer store has read the previous image by now; the one before it is no longer drawn.
    // Only a preview in memory: a run's saved preview stays with the run.
    if (PredictedWindow::isInMemory(m_olderOutput) && m_olderOutput != path)
        PredictedWindow::remove(m_olderOutput);
    m_olderOutput = m_lastOutput;
    m_lastOutput = path;
    Q_EMIT rasterUpdated(m_layerId, path, epoch);
}

} // namespace deepterra
