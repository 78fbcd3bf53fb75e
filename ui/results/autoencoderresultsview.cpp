#include "results/autoencoderresultsview.h"

#include "inference/seriesanomalyjob.h"
#include "jobs/functionjob.h"
#include "jobs/jobresult.h"
#include "jobs/jobrunner.h"
#include "jobs/latestjobrunner.h"
#include "results/modelpredictionjob.h"
#include "results/predictionoutputs.h"
#include "results/seriesanomalyplot.h"
#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"
#include "workspace/projectcontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace deepterra {

AutoencoderResultsView::AutoencoderResultsView(ProjectController *project, QWidget *parent)
    : QWidget(parent)
    , m_project(project)
    , m_reader(new LatestJobRunner(this))
    , m_predictor(new JobRunner(this))
    , m_scorer(new LatestJobRunner(this))
    , m_title(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel)
    , m_summary(new QLabel)
    , m_plot(DashboardPlots::createPlot(nullptr, QStringLiteral("autoencoderHistogram"),
                                        tr("validation samples")))
    , m_bars(new QCPBars(m_plot->xAxis, m_plot->yAxis))
    , m_thresholdLine(new QCPItemStraightLine(m_plot))
    , m_mapButton(new QPushButton(tr("Map anomalies")))
    , m_mapStatus(new QLabel)
    , m_anomalyPlot(new SeriesAnomalyPlot)
{
    setObjectName(QStringLiteral("autoencoderResultsView"));
    m_title->setObjectName(QStringLiteral("autoencoderResultsTitle"));
    m_title->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("autoencoderResultsMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setObjectName(QStringLiteral("autoencoderResultsSummary"));
    m_summary->setWordWrap(true);
    m_mapButton->setObjectName(QStringLiteral("mapAnomaliesButton"));
    m_mapButton->setToolTip(tr("Predict the reconstruction-error map of the run's image and add it to the "
                               "map: pixels above the threshold are anomalous."));
    m_mapStatus->setObjectName(QStringLiteral("mapAnomaliesStatus"));
    m_mapStatus->setWordWrap(true);

    m_plot->xAxis->setLabel(tr("reconstruction error (mean squared, normalised units)"));
    m_bars->setName(tr("validation errors"));
    m_bars->setPen(QPen(DashboardPlots::color(0).darker(120)));
    QColor fill = DashboardPlots::color(0);
    fill.setAlpha(150);
    m_bars->setBrush(fill);
    m_thresholdLine->setPen(QPen(DashboardPlots::color(3), 2.0, Qt::DashLine));
    m_thresholdLine->setVisible(false);

    auto *mapRow = new QHBoxLayout;
    mapRow->addWidget(m_mapButton);
    mapRow->addWidget(m_mapStatus, 1);
    auto *resultsPage = new QWidget;
    auto *resultsLayout = new QVBoxLayout(resultsPage);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(m_summary);
    resultsLayout->addWidget(m_plot, 1);
    resultsLayout->addWidget(m_anomalyPlot, 2);
    resultsLayout->addLayout(mapRow);
    m_anomalyPlot->setVisible(false);
    m_pages->addWidget(m_message);
    m_pages->addWidget(resultsPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);

    connect(m_reader, &LatestJobRunner::finished, this, &AutoencoderResultsView::onRead);
    connect(m_predictor, &JobRunner::finished, this, &AutoencoderResultsView::onMapped);
    connect(m_scorer, &LatestJobRunner::finished, this, &AutoencoderResultsView::onSeriesScored);
    connect(m_mapButton, &QPushButton::clicked, this, &AutoencoderResultsView::mapAnomalies);
    showMessage(tr("Choose a finished autoencoder run in the runs panel, then Model ▸ Results of the Run."));
}

AutoencoderResultsView::~AutoencoderResultsView()
{
    m_predictor->cancelAndWait();
    m_scorer->cancelAndWait();
    m_reader->cancelAndWait();
}

bool AutoencoderResultsView::isLoading() const
{
    return m_reader->isBusy();
}

bool AutoencoderResultsView::hasResults() const
{
    return m_pages->currentIndex() == 1;
}

bool AutoencoderResultsView::isMapping() const
{
    return m_predictor->isRunning();
}

bool AutoencoderResultsView::isScoringSeries() const
{
    return m_scorer->isBusy();
}

void AutoencoderResultsView::showRun(const QString &runFolder)
{
    m_runFolder = runFolder;
    m_title->setText(tr("Run %1").arg(QFileInfo(runFolder).fileName()));
    m_reader->request([this, runFolder] {
        showMessage(tr("Reading the run's reconstruction errors…"));
        m_read = std::make_shared<AutoencoderRunResults>();
        return std::make_unique<FunctionJob>(
            tr("Reading the autoencoder run"),
            [read = m_read, runFolder](Feedback &) { *read = AutoencoderRunResults::load(runFolder); });
    });
}

void AutoencoderResultsView::onRead(const JobResult &result)
{
    if (result.succeeded()) {
        m_results = std::move(*m_read);
        showResults();
    } else {
        m_results = AutoencoderRunResults();
        showMessage(
            tr("Cannot show the results of %1: %2").arg(QDir::toNativeSeparators(m_runFolder), result.error));
    }
    m_read.reset();
    Q_EMIT loaded();
}

void AutoencoderResultsView::showResults()
{
    const AutoencoderRunResults &r = m_results;
    QVector<double> centres;
    QVector<double> counts;
    for (std::size_t i = 0; i < r.histogramCounts.size(); ++i) {
        centres << (r.histogramEdges[i] + r.histogramEdges[i + 1]) / 2.0;
        counts << double(r.histogramCounts[i]);
    }
    const double binWidth = r.histogramEdges.back() - r.histogramEdges.front();
    // Equal bins; a single distinct error makes a zero-wide histogram, drawn as a thin bar.
    m_bars->setWidth(binWidth > 0.0 ? binWidth / double(r.histogramCounts.size()) : 1e-3);
    m_bars->setData(centres, counts, true);
    const bool haveThreshold = std::isfinite(r.threshold);
    m_thresholdLine->setVisible(haveThreshold);
    if (haveThreshold) {
        m_thresholdLine->point1->setCoords(r.threshold, 0.0);
        m_thresholdLine->point2->setCoords(r.threshold, 1.0);
    }
    m_plot->rescaleAxes(true);
    // The threshold stays in view even where it lies beyond the largest error.
    if (haveThreshold && !m_plot->xAxis->range().contains(r.threshold))
        m_plot->xAxis->setRange(m_plot->xAxis->range().expanded(r.threshold));
    m_plot->xAxis->scaleRange(1.08, m_plot->xAxis->range().center());
    m_plot->yAxis->setRange(0.0, m_plot->yAxis->range().upper * 1.1 + 0.5);
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    const QString unit = r.isRaster() ? tr("validation patches") : tr("validation windows");
    m_summary->setText(tr("%1 %2, mean error %3. Threshold %4 (the %5th percentile): %6 of them (%7 %) lie "
                          "above it.")
                           .arg(r.count)
                           .arg(unit)
                           .arg(r.mean, 0, 'g', 4)
                           .arg(r.threshold, 0, 'g', 4)
                           .arg(r.thresholdPercentile)
                           .arg(r.anomalousCount())
                           .arg(100.0 * r.anomalyFraction, 0, 'f', 1)
                       + (r.testSplit.isEmpty() ? QString() : QLatin1Char('\n') + r.testSplit));
    m_mapButton->setVisible(r.isRaster());
    m_mapButton->setEnabled(r.isRaster() && !r.image.isEmpty() && !isMapping());
    m_mapStatus->setText(r.isRaster() && r.image.isEmpty() ? tr("config.json names no training image to map.")
                                                           : QString());
    m_anomalyPlot->setVisible(!r.isRaster());
    if (!r.isRaster())
        scoreSeries();
    m_pages->setCurrentIndex(1);
}

void AutoencoderResultsView::scoreSeries()
{
    m_anomalyPlot->showMessage(tr("Scoring every window of the run's series…"));
    m_scorer->request([this, runFolder = m_results.runFolder] {
        m_scored = std::make_shared<SeriesAnomalies>();
        return std::make_unique<FunctionJob>(tr("Scoring the series"),
                                             [scored = m_scored, runFolder](Feedback &feedback) {
                                                 SeriesAnomalyRequest request;
                                                 request.runFolder = runFolder;
                                                 SeriesAnomalyJob job(request);
                                                 job.run(feedback);
                                                 *scored = job.result();
                                             });
    });
}

void AutoencoderResultsView::onSeriesScored(const JobResult &result)
{
    const std::shared_ptr<SeriesAnomalies> scored = std::exchange(m_scored, nullptr);
    if (result.succeeded() && scored)
        m_anomalyPlot->setAnomalies(*scored);
    else if (result.status == JobResult::Status::Failed)
        m_anomalyPlot->showMessage(tr("Cannot score the series: %1").arg(result.error));
    Q_EMIT seriesScored(result.succeeded());
}

void AutoencoderResultsView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_pages->setCurrentIndex(0);
}

QString AutoencoderResultsView::predictionsFolder() const
{
    // Next to the project, as the prediction dialog's defaults; else next to the run.
    if (m_project && m_project->project() && !m_project->filePath().isEmpty())
        return QFileInfo(m_project->filePath()).absoluteDir().filePath(QStringLiteral("predictions"));
    return QFileInfo(m_results.runFolder).absoluteDir().filePath(QStringLiteral("predictions"));
}

void AutoencoderResultsView::mapAnomalies()
{
    if (!m_results.isRaster() || m_results.image.isEmpty() || isMapping())
        return;
    PredictionRequest request
        = PredictionOutputs::defaults(predictionsFolder(), QFileInfo(m_results.runFolder).fileName(), true);
    request.input = m_results.image;
    request.probabilities.clear();
    request.confidence.clear();
    QDir().mkpath(QFileInfo(request.output).absolutePath());
    m_prediction = std::make_shared<ModelPredictionJob>(m_results.runFolder, QString(), request);
    if (!m_predictor->startShared(m_prediction)) {
        m_prediction.reset();
        return;
    }
    m_mapButton->setEnabled(false);
    m_mapStatus->setText(tr("Predicting the anomaly map of %1…").arg(QFileInfo(request.input).fileName()));
}

void AutoencoderResultsView::onMapped(const JobResult &result)
{
    const std::shared_ptr<ModelPredictionJob> job = std::exchange(m_prediction, nullptr);
    m_mapButton->setEnabled(m_results.isRaster() && !m_results.image.isEmpty());
    if (!job)
        return;
    if (!result.succeeded()) {
        m_mapStatus->setText(result.status == JobResult::Status::Canceled
                                 ? tr("Mapping stopped; no map was written.")
                                 : tr("Mapping failed: %1").arg(result.error));
        if (result.status == JobResult::Status::Failed)
            Q_EMIT mapFailed(result.error);
        return;
    }
    QStringList ids;
    if (m_project)
        ids = PredictionOutputs::addLayers(m_project, job->request(), job->task(), job->classes(),
                                           QFileInfo(m_results.runFolder).fileName());
    m_mapStatus->setText(tr("Wrote %1; added to the map. Pixels above %2 are anomalous.")
                             .arg(QDir::toNativeSeparators(job->request().output))
                             .arg(m_results.threshold, 0, 'g', 4));
    Q_EMIT mapped(ids);
}

} // namespace deepterra
