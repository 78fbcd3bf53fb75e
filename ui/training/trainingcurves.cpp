#include "training/trainingcurves.h"

#include "series/qcustomplotinclude.h"
#include "training/curveoptionsbar.h"
#include "training/dashboardplots.h"

#include <QGridLayout>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace deepterra {

namespace {

const QColor kBestColor(0x2c, 0xa0, 0x2c);
const char kManualRange[] = "deepterraManualRange"; // the user panned or zoomed: stop following

double metricValue(const EpochRecord &record, const QString &metric)
{
    if (record.metrics.contains(metric))
        return record.metrics.value(metric);
    if (metric == QLatin1String("val_loss"))
        return record.validationLoss;
    return std::numeric_limits<double>::quiet_NaN();
}

int bestEpochOf(const std::vector<EpochRecord> &history)
{
    int best = 0;
    for (const EpochRecord &record : history)
        if (record.improved)
            best = record.epoch;
    return best;
}

} // namespace

TrainingCurves::TrainingCurves(QWidget *parent)
    : QWidget(parent)
    , m_batchPlot(createPlot(QStringLiteral("batchLossPlot"), tr("batch loss")))
    , m_lossPlot(createPlot(QStringLiteral("epochLossPlot"), tr("loss")))
    , m_metricPlot(createPlot(QStringLiteral("metricPlot"), tr("metric")))
    , m_ratePlot(createPlot(QStringLiteral("learningRatePlot"), tr("learning rate")))
    , m_options(new CurveOptionsBar(this))
    , m_redrawTimer(new QTimer(this))
    , m_charts(new QGridLayout)
{
    setObjectName(QStringLiteral("trainingCurves"));
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(kRedrawIntervalMs);
    connect(m_redrawTimer, &QTimer::timeout, this, &TrainingCurves::redraw);

    m_charts->setContentsMargins(0, 0, 0, 0);
    m_charts->setSpacing(2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_options);
    connectOptions();
    layout->addLayout(m_charts, 1);
    m_ratePlot->yAxis->setNumberFormat(QStringLiteral("gb"));
    resetPlots(true);
    updateAxes();
}

void TrainingCurves::connectOptions()
{
    connect(m_options, &CurveOptionsBar::smoothingChanged, this, [this](double beta) {
        m_batches.setBeta(beta);
        m_batchesChanged = true;
        scheduleRedraw();
    });
    connect(m_options, &CurveOptionsBar::logScaleToggled, this, [this] {
        updateAxes();
        redraw();
    });
    connect(m_options, &CurveOptionsBar::xAxisChanged, this, [this](XAxis axis) {
        m_xAxis = axis;
        for (QCustomPlot *plot : { m_batchPlot, m_lossPlot, m_metricPlot, m_ratePlot })
            plot->setProperty(kManualRange, false);
        m_batchesChanged = m_epochsChanged = true;
        updateAxes();
        redraw();
    });
    m_batches.setBeta(m_options->smoothing());
}

QCustomPlot *TrainingCurves::createPlot(const QString &objectName, const QString &yLabel)
{
    QCustomPlot *plot = DashboardPlots::createPlot(this, objectName, yLabel);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setMouseTracking(true);
    // Panning or zooming keeps the view where the user put it; a double-click follows the data again.
    connect(plot, &QCustomPlot::mousePress, plot, [plot] { plot->setProperty(kManualRange, true); });
    connect(plot, &QCustomPlot::mouseWheel, plot, [plot] { plot->setProperty(kManualRange, true); });
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this, plot] {
        plot->setProperty(kManualRange, false);
        m_batchesChanged = m_epochsChanged = true;
        redraw();
    });
    // QCustomPlot does not keep tick labels apart: fewer ticks on a narrow chart (also on resizes).
    connect(plot, &QCustomPlot::beforeReplot, plot, [plot] {
        plot->xAxis->ticker()->setTickCount(std::clamp(plot->axisRect()->width() / 70, 2, 6));
    });
    connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent *event) { onHover(plot, event); });
    return plot;
}

void TrainingCurves::arrangeCharts(bool live)
{
    // Finished runs have no batch losses: their epoch losses take the whole first row.
    for (QCustomPlot *plot : { m_batchPlot, m_lossPlot, m_metricPlot, m_ratePlot })
        m_charts->removeWidget(plot);
    m_batchPlot->setVisible(live);
    if (live) {
        m_charts->addWidget(m_batchPlot, 0, 0);
        m_charts->addWidget(m_lossPlot, 0, 1);
    } else {
        m_charts->addWidget(m_lossPlot, 0, 0, 1, 2);
    }
    m_charts->addWidget(m_metricPlot, 1, 0);
    m_charts->addWidget(m_ratePlot, 1, 1);
    m_options->setSmoothingEnabled(live);
}

void TrainingCurves::resetPlots(bool live)
{
    m_live = live;
    arrangeCharts(live);
    m_runs.clear();
    m_batches.clear();
    for (QCustomPlot *plot : { m_batchPlot, m_lossPlot, m_metricPlot, m_ratePlot }) {
        plot->clearGraphs();
        plot->clearItems();
        plot->legend->setVisible(false);
        plot->setProperty(kManualRange, false);
    }
    m_batchRaw = m_batchSmoothed = m_batchLearningRate = nullptr;
    if (live) {
        const QColor color = DashboardPlots::color(0);
        QColor faint = color;
        faint.setAlpha(70);
        m_batchRaw = DashboardPlots::addGraph(m_batchPlot, tr("batch loss"), QPen(faint, 1));
        m_batchSmoothed = DashboardPlots::addGraph(m_batchPlot, tr("smoothed"), QPen(color, 1.6));
        m_batchLearningRate
            = DashboardPlots::addGraph(m_ratePlot, tr("per batch"), QPen(DashboardPlots::color(7), 1));
    }
    for (auto [plot, line] :
         { std::pair(m_lossPlot, &m_lossBestLine), std::pair(m_metricPlot, &m_metricBestLine) }) {
        *line = new QCPItemStraightLine(plot);
        (*line)->setPen(QPen(kBestColor, 1, Qt::DashLine));
        (*line)->setVisible(false);
    }
    m_epochSecondsSoFar = 0.0;
    m_sinceLastEpoch.start();
    m_batchesChanged = m_epochsChanged = true;
}

TrainingCurves::RunGraphs &TrainingCurves::addRunGraphs(const QString &label, const QString &metric,
                                                        const QColor &color, bool comparison)
{
    RunGraphs run;
    run.label = label;
    run.metric = metric;
    const QString prefix = comparison ? label + QStringLiteral(": ") : QString();
    const QColor validationColor = comparison ? color : DashboardPlots::color(1);
    run.trainingLoss = DashboardPlots::addGraph(m_lossPlot, prefix + tr("train"), QPen(color, 1.6));
    run.validationLoss
        = DashboardPlots::addGraph(m_lossPlot, prefix + tr("validation"),
                                   QPen(validationColor, 1.6, comparison ? Qt::DashLine : Qt::SolidLine));
    run.metricValues = DashboardPlots::addGraph(m_metricPlot, comparison ? label : metric, QPen(color, 1.6));
    run.best = DashboardPlots::addGraph(m_metricPlot, QString(), Qt::NoPen);
    run.best->setLineStyle(QCPGraph::lsNone);
    run.best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, kBestColor, 11));
    run.best->removeFromLegend();
    run.learningRate
        = DashboardPlots::addGraph(m_ratePlot, comparison ? label : tr("per epoch"), QPen(color, 1.6));
    for (QCPGraph *graph : { run.trainingLoss, run.validationLoss, run.metricValues, run.learningRate })
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    m_runs.push_back(run);
    return m_runs.back();
}

void TrainingCurves::startRun(const QString &monitoredMetric)
{
    resetPlots(true);
    addRunGraphs(QString(), monitoredMetric, DashboardPlots::color(0), false);
    m_metricPlot->yAxis->setLabel(monitoredMetric);
    m_lossPlot->legend->setVisible(true);
    scheduleRedraw();
}

void TrainingCurves::clear()
{
    resetPlots(true);
    m_metricPlot->yAxis->setLabel(tr("metric"));
    redraw();
}

void TrainingCurves::addBatch(const BatchProgress &progress)
{
    if (!m_live || m_runs.empty())
        return;
    const int batches = std::max(1, progress.batches);
    m_runs.front().batchesPerEpoch = progress.batches;
    DashboardBatchSample sample;
    sample.step = double(progress.epoch - 1) * batches + progress.batch;
    sample.epochPosition = double(progress.epoch - 1) + double(progress.batch) / batches;
    sample.wallSeconds = m_epochSecondsSoFar + double(m_sinceLastEpoch.elapsed()) / 1000.0;
    sample.loss = progress.loss;
    sample.learningRate = progress.learningRate;
    m_batches.add(sample);
    m_batchesChanged = true;
    scheduleRedraw();
}

void TrainingCurves::addEpoch(const EpochRecord &record)
{
    if (!m_live || m_runs.empty())
        return;
    // A resumed run trains again from its last checkpoint: a repeated epoch replaces the old one.
    std::vector<EpochRecord> &history = m_runs.front().history;
    while (!history.empty() && history.back().epoch >= record.epoch)
        history.pop_back();
    history.push_back(record);
    m_epochSecondsSoFar = 0.0;
    for (const EpochRecord &r : history)
        m_epochSecondsSoFar += r.seconds;
    m_sinceLastEpoch.restart();
    m_epochsChanged = true;
    scheduleRedraw();
}

void TrainingCurves::showRuns(const QVector<RunCurves> &runs)
{
    resetPlots(false);
    const bool comparison = runs.size() > 1;
    QStringList metrics;
    for (const RunCurves &curves : runs) {
        RunGraphs &run = addRunGraphs(curves.label, curves.monitoredMetric,
                                      DashboardPlots::color(std::size_t(m_runs.size())), comparison);
        run.history = curves.history;
        if (!metrics.contains(curves.monitoredMetric))
            metrics << curves.monitoredMetric;
    }
    m_metricPlot->yAxis->setLabel(metrics.join(QStringLiteral(", ")));
    m_lossPlot->legend->setVisible(!runs.isEmpty());
    m_metricPlot->legend->setVisible(comparison);
    m_ratePlot->legend->setVisible(comparison);
    redraw();
}

void TrainingCurves::setSmoothing(double beta)
{
    m_options->setSmoothing(beta);
}

double TrainingCurves::smoothing() const
{
    return m_options->smoothing();
}

void TrainingCurves::setLogScale(bool logarithmic)
{
    m_options->setLogScale(logarithmic);
}

bool TrainingCurves::logScale() const
{
    return m_options->logScale();
}

void TrainingCurves::setXAxis(XAxis axis)
{
    m_options->setXAxis(axis);
}

void TrainingCurves::scheduleRedraw()
{
    if (!m_redrawTimer->isActive())
        m_redrawTimer->start();
}

void TrainingCurves::redraw()
{
    m_redrawTimer->stop();
    const bool batches = m_batchesChanged;
    const bool epochs = m_epochsChanged;
    if (batches)
        rebuildBatchGraphs();
    if (epochs)
        rebuildEpochGraphs();
    m_batchesChanged = m_epochsChanged = false;
    for (QCustomPlot *plot : { m_batchPlot, m_lossPlot, m_metricPlot, m_ratePlot }) {
        if (!plot->property(kManualRange).toBool()) {
            plot->rescaleAxes(true);
            // A constant curve (a fixed learning rate): QCustomPlot keeps the axis's old width around
            // it, which can dwarf the value (0.001 on a -5..5 axis); centre a range scaled to it.
            bool found = false;
            QCPRange values;
            for (int g = 0; g < plot->graphCount(); ++g) {
                bool graphFound = false;
                const QCPRange r = plot->graph(g)->getValueRange(graphFound);
                if (graphFound && plot->graph(g)->visible()) {
                    values = found ? QCPRange(qMin(values.lower, r.lower), qMax(values.upper, r.upper)) : r;
                    found = true;
                }
            }
            if (found && values.size() <= 0.0)
                plot->yAxis->setRange(values.lower, values.lower == 0.0 ? 1.0 : std::abs(values.lower) * 0.2,
                                      Qt::AlignCenter);
            for (QCPAxis *axis : { plot->xAxis, plot->yAxis })
                DashboardPlots::padRange(axis);
        }
        if (auto time = plot->xAxis->ticker().dynamicCast<QCPAxisTickerTime>()) {
            // Hours only when the run is that long: the labels must fit a chart in a dock.
            time->setTimeFormat(plot->xAxis->range().upper >= 3600.0 ? QStringLiteral("%h:%m")
                                                                     : QStringLiteral("%m:%s"));
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TrainingCurves::rebuildBatchGraphs()
{
    if (!m_batchRaw)
        return;
    const std::vector<int> indices = m_batches.plottedIndices(kRecentBatchPoints, kOlderBatchPoints);
    QVector<double> keys, raw, smoothed, rates;
    keys.reserve(qsizetype(indices.size()));
    raw.reserve(keys.capacity());
    smoothed.reserve(keys.capacity());
    rates.reserve(keys.capacity());
    for (int i : indices) {
        const DashboardBatchSample &sample = m_batches.samples()[std::size_t(i)];
        keys.append(batchKey(sample));
        raw.append(sample.loss);
        smoothed.append(sample.smoothedLoss);
        rates.append(sample.learningRate);
    }
    m_batchRaw->setData(keys, raw, true);
    m_batchSmoothed->setData(keys, smoothed, true);
    m_batchLearningRate->setData(keys, rates, true);
}

void TrainingCurves::rebuildEpochGraphs()
{
    for (RunGraphs &run : m_runs) {
        const std::vector<double> keyValues = epochKeys(run);
        const QVector<double> keys(keyValues.begin(), keyValues.end());
        QVector<double> train, validation, metric, rate;
        const int best = bestEpochOf(run.history);
        QVector<double> bestKey, bestValue;
        for (std::size_t i = 0; i < run.history.size(); ++i) {
            const EpochRecord &record = run.history[i];
            train.append(record.trainLoss);
            validation.append(record.validationLoss);
            metric.append(metricValue(record, run.metric));
            rate.append(record.learningRate);
            if (record.epoch == best) {
                bestKey.append(keys.at(qsizetype(i)));
                bestValue.append(metric.back());
            }
        }
        run.trainingLoss->setData(keys, train, true);
        run.validationLoss->setData(keys, validation, true);
        run.metricValues->setData(keys, metric, true);
        run.best->setData(bestKey, bestValue, true);
        run.learningRate->setData(keys, rate, true);
    }
    updateBestLines();
}

void TrainingCurves::updateBestLines()
{
    const double key = bestEpochLineKey();
    for (QCPItemStraightLine *line : { m_lossBestLine, m_metricBestLine }) {
        line->setVisible(!std::isnan(key));
        if (!std::isnan(key)) {
            line->point1->setCoords(key, 0.0);
            line->point2->setCoords(key, 1.0);
        }
    }
}

double TrainingCurves::bestEpochLineKey() const
{
    const double none = std::numeric_limits<double>::quiet_NaN();
    if (m_runs.size() != 1)
        return none;
    const RunGraphs &run = m_runs.front();
    const int best = bestEpochOf(run.history);
    const std::vector<double> keys = epochKeys(run);
    for (std::size_t i = 0; i < run.history.size(); ++i)
        if (run.history[i].epoch == best)
            return keys[i];
    return none;
}

void TrainingCurves::updateAxes()
{
    for (QCustomPlot *plot : { m_batchPlot, m_lossPlot }) {
        DashboardPlots::setLogarithmic(plot->yAxis, m_options->logScale());
        plot->setProperty(kManualRange, false);
    }
    for (QCustomPlot *plot : { m_batchPlot, m_lossPlot, m_metricPlot, m_ratePlot }) {
        DashboardPlots::setTimeTicks(plot->xAxis, m_xAxis == XAxis::WallTime);
        plot->xAxis->setLabel(m_xAxis == XAxis::WallTime    ? tr("training time")
                                  : m_xAxis == XAxis::Epoch ? tr("epoch")
                                                            : tr("step"));
    }
    m_batchesChanged = m_epochsChanged = true;
}

double TrainingCurves::batchKey(const DashboardBatchSample &sample) const
{
    switch (m_xAxis) {
    case XAxis::Epoch:
        return sample.epochPosition;
    case XAxis::Step:
        return sample.step;
    case XAxis::WallTime:
        return sample.wallSeconds;
    }
    return sample.epochPosition;
}

std::vector<double> TrainingCurves::epochKeys(const RunGraphs &run) const
{
    std::vector<double> keys;
    keys.reserve(run.history.size());
    double seconds = 0.0;
    for (const EpochRecord &record : run.history) {
        seconds += record.seconds;
        switch (m_xAxis) {
        case XAxis::Epoch:
            keys.push_back(record.epoch);
            break;
        case XAxis::Step:
            // A finished run's history does not say how many batches an epoch had: epochs then.
            keys.push_back(double(record.epoch) * std::max(1, run.batchesPerEpoch));
            break;
        case XAxis::WallTime:
            keys.push_back(seconds);
            break;
        }
    }
    return keys;
}

int TrainingCurves::bestEpoch(int run) const
{
    return valid(run) ? bestEpochOf(m_runs[std::size_t(run)].history) : 0;
}

QString TrainingCurves::keyText(double key) const
{
    switch (m_xAxis) {
    case XAxis::Epoch:
        return tr("epoch %1").arg(key, 0, 'f', std::abs(key - std::round(key)) < 1e-9 ? 0 : 2);
    case XAxis::Step:
        return tr("step %1").arg(std::llround(key));
    case XAxis::WallTime: {
        const qint64 s = std::llround(std::max(0.0, key));
        return tr("time %1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    }
    return QString();
}

QString TrainingCurves::readout(const QCustomPlot *plot, double key) const
{
    const QString values = DashboardPlots::nearestValues(plot, key);
    return values.isEmpty() ? keyText(key) : keyText(key) + QLatin1Char('\n') + values;
}

void TrainingCurves::onHover(QCustomPlot *plot, QMouseEvent *event)
{
    if (event->buttons() != Qt::NoButton || !plot->axisRect()->rect().contains(event->pos())) {
        QToolTip::hideText();
        return;
    }
    const double key = plot->xAxis->pixelToCoord(event->pos().x());
    QToolTip::showText(event->globalPosition().toPoint(), readout(plot, key), plot);
}

} // namespace deepterra
