#include "training/dashboardplots.h"

#include "series/qcustomplotinclude.h"

#include <cmath>

namespace deepterra {

QColor DashboardPlots::color(std::size_t index)
{
    static const QColor palette[]
        = { QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
            QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
            QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
            QColor(0x17, 0xbe, 0xcf) };
    return palette[index % (sizeof(palette) / sizeof(palette[0]))];
}

QCustomPlot *DashboardPlots::createPlot(QWidget *parent, const QString &objectName, const QString &yLabel)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(objectName);
    plot->setMinimumSize(160, 110);
    plot->yAxis->setLabel(yLabel);
    // The charts share a dock with the progress and the log: small type leaves room for the curves.
    QFont small = plot->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (QCPAxis *axis : { plot->xAxis, plot->yAxis }) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
    }
    plot->legend->setFont(small);
    plot->legend->setIconSize(14, 8);
    plot->legend->setBrush(QColor(255, 255, 255, 200));
    plot->legend->setRowSpacing(-3);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    return plot;
}

QCPGraph *DashboardPlots::addGraph(QCustomPlot *plot, const QString &name, const QPen &pen)
{
    QCPGraph *graph = plot->addGraph();
    graph->setName(name);
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    return graph;
}

void DashboardPlots::padRange(QCPAxis *axis)
{
    const QCPRange range = axis->range();
    if (axis->scaleType() == QCPAxis::stLogarithmic) {
        if (range.lower > 0.0 && range.upper > 0.0)
            axis->setRange(range.lower / 1.15, range.upper * 1.15);
    } else if (range.size() <= 0.0) {
        axis->setRange(range.center(), range.center() == 0.0 ? 1.0 : std::abs(range.center()) * 0.1,
                       Qt::AlignCenter);
    } else {
        axis->setRange(range.lower - 0.04 * range.size(), range.upper + 0.04 * range.size());
    }
}

void DashboardPlots::setLogarithmic(QCPAxis *axis, bool logarithmic)
{
    axis->setScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logarithmic)
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    axis->setNumberFormat(logarithmic ? QStringLiteral("gb") : QStringLiteral("g"));
}

void DashboardPlots::setTimeTicks(QCPAxis *axis, bool time)
{
    if (time) {
        auto ticker = QSharedPointer<QCPAxisTickerTime>::create();
        ticker->setTimeFormat(QStringLiteral("%m:%s"));
        axis->setTicker(ticker);
    } else {
        auto ticker = QSharedPointer<QCPAxisTicker>::create();
        ticker->setTickStepStrategy(QCPAxisTicker::tssReadability);
        axis->setTicker(ticker);
    }
}

QString DashboardPlots::nearestValues(const QCustomPlot *plot, double key)
{
    QStringList lines;
    for (int g = 0; g < plot->graphCount(); ++g) {
        const QCPGraph *graph = plot->graph(g);
        const auto data = graph->data();
        if (!graph->visible() || graph->name().isEmpty() || data->isEmpty())
            continue;
        auto nearest = data->findBegin(key, false);
        if (nearest == data->constEnd())
            --nearest;
        if (nearest != data->constBegin()
            && std::abs((nearest - 1)->key - key) < std::abs(nearest->key - key))
            --nearest;
        lines << QStringLiteral("%1: %2").arg(graph->name()).arg(nearest->value, 0, 'g', 4);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace deepterra
