#include "results/importancechart.h"

#include "series/qcustomplotinclude.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace deepterra {

ImportanceChart::ImportanceChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_bars(new QCPBars(m_plot->yAxis, m_plot->xAxis)) // keys up the left axis: horizontal bars
    , m_errors(new QCPErrorBars(m_plot->yAxis, m_plot->xAxis))
{
    setObjectName(QStringLiteral("importanceChart"));
    m_plot->setObjectName(QStringLiteral("importancePlot"));
    m_plot->setMinimumHeight(120);
    m_bars->setWidth(0.6);
    m_bars->setPen(QPen(QColor(0x2b, 0x6c, 0xb0)));
    m_bars->setBrush(QColor(0x2b, 0x6c, 0xb0, 170));
    m_errors->setDataPlottable(m_bars);
    m_errors->setErrorType(QCPErrorBars::etValueError);
    m_errors->setPen(QPen(QColor(0x30, 0x30, 0x30), 1.2));
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->xAxis->grid()->setZeroLinePen(QPen(QColor(0x80, 0x80, 0x80), 1.0));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void ImportanceChart::setImportances(const std::vector<InputImportance> &entries, const QString &metric)
{
    m_names.clear();
    QVector<double> keys, drops, spreads;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double low = 0.0, high = 0.0;
    const int count = int(entries.size());
    for (int i = 0; i < count; ++i) {
        const InputImportance &e = entries[std::size_t(i)];
        const double key = double(count - i); // the first entry at the top
        const double drop = std::isfinite(e.drop) ? e.drop : 0.0;
        const double spread = std::isfinite(e.spread) ? e.spread : 0.0;
        keys << key;
        drops << drop;
        spreads << spread;
        ticker->addTick(key, e.name);
        m_names << e.name;
        low = std::min(low, drop - spread);
        high = std::max(high, drop + spread);
    }
    m_bars->setData(keys, drops, true);
    m_errors->setData(spreads);
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.4, double(count) + 0.6);
    const double pad = std::max(1e-6, 0.08 * (high - low));
    m_plot->xAxis->setRange(low - (low < 0.0 ? pad : 0.0), high + pad);
    m_plot->xAxis->setLabel(tr("drop in %1 when shuffled (± std over repeats)").arg(metric));
    // Room for every name: about a line of text per bar.
    m_plot->setMinimumHeight(std::max(120, 60 + count * fontMetrics().height() * 3 / 2));
    m_plot->replot();
}

void ImportanceChart::clear()
{
    setImportances({}, QString());
}

int ImportanceChart::barCount() const
{
    return m_bars->dataCount();
}

} // namespace deepterra
