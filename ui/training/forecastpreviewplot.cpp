#include "training/forecastpreviewplot.h"

#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"

#include <QLabel>
#include <QVBoxLayout>

namespace deepterra {

ForecastPreviewPlot::ForecastPreviewPlot(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_plot(DashboardPlots::createPlot(this, QStringLiteral("forecastPlot"), tr("value")))
    , m_observed(DashboardPlots::addGraph(m_plot, tr("observed"), QPen(QColor(0x40, 0x40, 0x40), 1.4)))
    , m_forecast(DashboardPlots::addGraph(m_plot, tr("forecast"), QPen(DashboardPlots::color(1), 1.6)))
{
    setObjectName(QStringLiteral("forecastPreview"));
    m_title->setObjectName(QStringLiteral("forecastTitle"));
    m_title->setWordWrap(true);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->legend->setVisible(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_title);
    layout->addWidget(m_plot, 1);
    clear();
}

void ForecastPreviewPlot::showForecast(const QVector<double> &timeMs, const QVector<double> &observed,
                                       const QVector<double> &forecast, const QString &title)
{
    // QCustomPlot's date axis counts seconds.
    QVector<double> keys;
    keys.reserve(timeMs.size());
    for (double ms : timeMs)
        keys.append(ms / 1000.0);
    m_observed->setData(keys, observed.mid(0, keys.size()));
    m_forecast->setData(keys, forecast.mid(0, keys.size()));
    m_title->setText(title);
    const double span = keys.isEmpty() ? 0.0 : keys.last() - keys.first();
    auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    ticker->setDateTimeFormat(span > 3 * 365 * 86400.0  ? QStringLiteral("yyyy")
                                  : span > 60 * 86400.0 ? QStringLiteral("MMM yyyy")
                                                        : QStringLiteral("d MMM\nhh:mm"));
    m_plot->rescaleAxes(true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ForecastPreviewPlot::clear()
{
    m_observed->data()->clear();
    m_forecast->data()->clear();
    m_title->setText(tr("The forecast of the validation period appears after the first epoch."));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString ForecastPreviewPlot::title() const
{
    return m_title->text();
}

} // namespace deepterra
