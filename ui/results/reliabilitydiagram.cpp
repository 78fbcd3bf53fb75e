#include "results/reliabilitydiagram.h"

#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

QString number(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 3) : QStringLiteral("–");
}

} // namespace

ReliabilityDiagram::ReliabilityDiagram(QWidget *parent)
    : QWidget(parent)
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel)
    , m_summary(new QLabel)
    , m_plot(DashboardPlots::createPlot(nullptr, QStringLiteral("reliabilityPlot"), tr("accuracy")))
    , m_shares(new QCPBars(m_plot->xAxis, m_plot->yAxis2))
    , m_points(DashboardPlots::addGraph(m_plot, tr("accuracy per bin"), QPen(DashboardPlots::color(0), 1.5)))
    , m_diagonal(new QCPItemStraightLine(m_plot))
{
    setObjectName(QStringLiteral("reliabilityDiagram"));
    m_message->setObjectName(QStringLiteral("calibrationMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setObjectName(QStringLiteral("calibrationSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setToolTip(tr("Expected calibration error (ECE): how far, on average over the validation "
                             "samples, the model's confidence is from how often it is right. 0 is a "
                             "model whose 0.8 is right 80 % of the time; 0.1 is ten points off."));

    m_plot->xAxis->setLabel(tr("confidence (top-class probability)"));
    m_plot->xAxis->setRange(0.0, 1.0);
    m_plot->yAxis->setRange(0.0, 1.0);
    // The histogram's axis stays hidden: its scale is stretched (see setCalibration), and the
    // counts are in each bin's hover text.
    m_plot->yAxis2->setVisible(false);
    m_plot->legend->setVisible(true);
    // Over-confident bins fall below the diagonal, so the top left is the corner left free.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    QColor fill(Qt::gray);
    fill.setAlpha(90);
    m_shares->setName(tr("share of samples"));
    m_shares->setPen(QPen(fill.darker(130)));
    m_shares->setBrush(fill);
    m_points->setLineStyle(QCPGraph::lsLine);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
    m_diagonal->setPen(QPen(Qt::darkGray, 1.0, Qt::DashLine));
    m_diagonal->point1->setCoords(0.0, 0.0);
    m_diagonal->point2->setCoords(1.0, 1.0);
    // A point on the diagonal (the same colour as the line) gives the legend a "perfect
    // calibration" entry; an item has none.
    QCPGraph *perfect = DashboardPlots::addGraph(m_plot, tr("perfect calibration"), m_diagonal->pen());
    perfect->setData(QVector<double> { 0.0 }, QVector<double> { 0.0 });

    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ReliabilityDiagram::showBinUnder);

    auto *diagramPage = new QWidget;
    auto *diagramLayout = new QVBoxLayout(diagramPage);
    diagramLayout->setContentsMargins(0, 0, 0, 0);
    diagramLayout->addWidget(m_summary);
    diagramLayout->addWidget(m_plot, 1);
    m_pages->addWidget(m_message);
    m_pages->addWidget(diagramPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    showMessage(QString());
}

void ReliabilityDiagram::setCalibration(const Calibration &calibration, const QString &unit)
{
    m_calibration = calibration;
    m_hasCalibration = true;
    m_unit = unit;

    QVector<double> confidence, accuracy, centres, shares;
    double largestShare = 0.0;
    for (const CalibrationBin &bin : calibration.bins()) {
        const double share = calibration.total() > 0 ? double(bin.count) / double(calibration.total()) : 0.0;
        centres << (bin.lower + bin.upper) / 2.0;
        shares << share;
        largestShare = std::max(largestShare, share);
        if (bin.count > 0) {
            confidence << bin.confidence;
            accuracy << bin.accuracy;
        }
    }
    m_points->setData(confidence, accuracy, true);
    m_shares->setWidth(1.0 / double(std::max(1, calibration.binCount())));
    m_shares->setData(centres, shares, true);
    // The histogram fills the lower quarter at most, under the points it explains.
    m_plot->yAxis2->setRange(0.0, std::max(largestShare, 1e-9) * 4.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    m_summary->setText(tr("Expected calibration error %1 · maximum %2 · %3 validation %4 in %5 "
                          "confidence bins")
                           .arg(number(calibration.expectedCalibrationError()),
                                number(calibration.maximumCalibrationError()))
                           .arg(calibration.total())
                           .arg(unit)
                           .arg(calibration.binCount()));
    m_pages->setCurrentIndex(1);
}

void ReliabilityDiagram::showMessage(const QString &text)
{
    m_calibration = Calibration();
    m_hasCalibration = false;
    m_points->data()->clear();
    m_shares->data()->clear();
    m_summary->clear();
    m_message->setText(text);
    m_pages->setCurrentIndex(0);
}

double ReliabilityDiagram::expectedCalibrationError() const
{
    return m_hasCalibration ? m_calibration.expectedCalibrationError()
                            : std::numeric_limits<double>::quiet_NaN();
}

QString ReliabilityDiagram::binText(int bin) const
{
    if (!m_hasCalibration || bin < 0 || bin >= m_calibration.binCount())
        return {};
    const CalibrationBin b = m_calibration.bin(bin);
    if (b.count == 0)
        return tr("%1–%2: no validation %3").arg(number(b.lower), number(b.upper), m_unit);
    return tr("%1–%2: %3 %4, mean confidence %5, accuracy %6")
        .arg(number(b.lower), number(b.upper))
        .arg(b.count)
        .arg(m_unit, number(b.confidence), number(b.accuracy));
}

void ReliabilityDiagram::showBinUnder(QMouseEvent *event)
{
    const double confidence = m_plot->xAxis->pixelToCoord(event->position().x());
    const int bins = m_calibration.binCount();
    const bool inside = m_hasCalibration && confidence >= 0.0 && confidence <= 1.0;
    m_plot->setToolTip(inside ? binText(std::clamp(int(confidence * double(bins)), 0, bins - 1)) : QString());
}

} // namespace deepterra
