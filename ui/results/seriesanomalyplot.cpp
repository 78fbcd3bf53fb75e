#include "results/seriesanomalyplot.h"

#include "inference/seriesanomalies.h"
#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace deepterra {

namespace {

void useTimeAxis(QCustomPlot *plot)
{
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd"));
    plot->xAxis->setTicker(ticker);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
}

QString dateText(const QDateTime &time)
{
    // Daily and coarser series read best as dates; finer ones need the time of day.
    return time.time() == QTime(0, 0) ? time.date().toString(Qt::ISODate)
                                      : time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

SeriesAnomalyPlot::SeriesAnomalyPlot(QWidget *parent)
    : QWidget(parent)
    , m_seriesPlot(DashboardPlots::createPlot(nullptr, QStringLiteral("seriesAnomalyPlot"), tr("value")))
    , m_scorePlot(DashboardPlots::createPlot(nullptr, QStringLiteral("seriesAnomalyScorePlot"), tr("error")))
    , m_series(DashboardPlots::addGraph(m_seriesPlot, tr("series"), QPen(QColor(0x40, 0x40, 0x40), 1.2)))
    , m_score(DashboardPlots::addGraph(m_scorePlot, tr("reconstruction error"),
                                       QPen(DashboardPlots::color(0), 1.2)))
    , m_threshold(new QCPItemStraightLine(m_scorePlot))
    , m_periods(new QLabel)
{
    setObjectName(QStringLiteral("seriesAnomalies"));
    m_periods->setObjectName(QStringLiteral("seriesAnomalyPeriods"));
    m_periods->setWordWrap(true);
    m_periods->setTextInteractionFlags(Qt::TextSelectableByMouse);
    useTimeAxis(m_seriesPlot);
    useTimeAxis(m_scorePlot);
    m_seriesPlot->legend->setVisible(false);
    m_scorePlot->legend->setVisible(false);
    m_threshold->setPen(QPen(DashboardPlots::color(3), 1.5, Qt::DashLine));
    m_threshold->setVisible(false);
    // One time axis: zooming or dragging either plot moves both.
    connect(m_seriesPlot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_scorePlot,
            [this](const QCPRange &range) {
                if (m_scorePlot->xAxis->range() == range)
                    return;
                m_scorePlot->xAxis->setRange(range);
                m_scorePlot->replot(QCustomPlot::rpQueuedReplot);
            });
    connect(m_scorePlot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_seriesPlot,
            [this](const QCPRange &range) {
                if (m_seriesPlot->xAxis->range() == range)
                    return;
                m_seriesPlot->xAxis->setRange(range);
                m_seriesPlot->replot(QCustomPlot::rpQueuedReplot);
            });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_seriesPlot, 3);
    layout->addWidget(m_scorePlot, 2);
    layout->addWidget(m_periods);
}

void SeriesAnomalyPlot::clearPeriods()
{
    for (QCPItemRect *rect : std::as_const(m_rects))
        m_seriesPlot->removeItem(rect);
    m_rects.clear();
}

void SeriesAnomalyPlot::showMessage(const QString &text)
{
    clearPeriods();
    m_series->data()->clear();
    m_score->data()->clear();
    m_threshold->setVisible(false);
    m_periods->setText(text);
    m_seriesPlot->replot(QCustomPlot::rpQueuedReplot);
    m_scorePlot->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesAnomalyPlot::setAnomalies(const SeriesAnomalies &anomalies)
{
    clearPeriods();
    QVector<double> keys;
    QVector<double> values;
    QVector<double> scores;
    keys.reserve(qsizetype(anomalies.times.size()));
    for (std::size_t row = 0; row < anomalies.times.size(); ++row) {
        keys << QCPAxisTickerDateTime::dateTimeToKey(anomalies.times[row]);
        // NaN breaks QCustomPlot's lines, as a gap should.
        values << anomalies.values[row];
        scores << anomalies.scores[row];
    }
    m_series->setData(keys, values, true);
    m_series->setName(anomalies.column);
    m_seriesPlot->yAxis->setLabel(anomalies.column);
    m_score->setData(keys, scores, true);

    QColor shade(Qt::red);
    shade.setAlpha(60);
    const int shaded = std::min<int>(int(anomalies.periods.size()), kMaxShadedPeriods);
    for (int i = 0; i < shaded; ++i) {
        const SeriesAnomalyPeriod &period = anomalies.periods[std::size_t(i)];
        // Half a step either side, so that a one-step period is visible and neighbours touch.
        const double first = keys[period.firstRow];
        const double last = keys[period.lastRow];
        const double before = period.firstRow > 0 ? (first - keys[period.firstRow - 1]) / 2 : 0.0;
        const double after = period.lastRow + 1 < keys.size() ? (keys[period.lastRow + 1] - last) / 2 : 0.0;
        auto *rect = new QCPItemRect(m_seriesPlot);
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->topLeft->setCoords(first - before, 0.0);
        rect->bottomRight->setCoords(last + after, 1.0);
        rect->setPen(Qt::NoPen);
        rect->setBrush(shade);
        rect->setLayer(QStringLiteral("background"));
        m_rects << rect;
    }
    const bool haveThreshold = std::isfinite(anomalies.threshold);
    m_threshold->setVisible(haveThreshold);
    if (haveThreshold) {
        m_threshold->point1->setCoords(0.0, anomalies.threshold);
        m_threshold->point2->setCoords(1.0, anomalies.threshold);
    }

    m_seriesPlot->rescaleAxes(true);
    DashboardPlots::padRange(m_seriesPlot->yAxis);
    m_scorePlot->rescaleAxes(true);
    if (haveThreshold && !m_scorePlot->yAxis->range().contains(anomalies.threshold))
        m_scorePlot->yAxis->setRange(m_scorePlot->yAxis->range().expanded(anomalies.threshold));
    m_scorePlot->yAxis->setRange(0.0, m_scorePlot->yAxis->range().upper * 1.05);
    m_scorePlot->xAxis->setRange(m_seriesPlot->xAxis->range());
    m_seriesPlot->replot(QCustomPlot::rpQueuedReplot);
    m_scorePlot->replot(QCustomPlot::rpQueuedReplot);

    QStringList lines;
    if (anomalies.periods.empty())
        lines << tr("No anomalous period: no step's error exceeds the threshold %1.")
                     .arg(anomalies.threshold, 0, 'g', 4);
    else
        lines << tr("%n anomalous period(s), %1 steps, where every window covering a step exceeds "
                    "the threshold %2:",
                    nullptr, int(anomalies.periods.size()))
                     .arg(anomalies.anomalousSteps())
                     .arg(anomalies.threshold, 0, 'g', 4);
    const int listed = std::min<int>(int(anomalies.periods.size()), kMaxListedPeriods);
    for (int i = 0; i < listed; ++i) {
        const SeriesAnomalyPeriod &period = anomalies.periods[std::size_t(i)];
        lines << tr("%1 – %2, peak %3")
                     .arg(dateText(period.start), dateText(period.end))
                     .arg(period.peakError, 0, 'g', 4);
    }
    if (int(anomalies.periods.size()) > listed)
        lines << tr("… and %1 more").arg(int(anomalies.periods.size()) - listed);
    m_periods->setText(lines.join(QLatin1Char('\n')));
}

} // namespace deepterra
