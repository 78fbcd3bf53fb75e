#include "results/confusionheatmap.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

// White to a strong blue by the cell's weight in 0..1.
QColor shade(double weight)
{
    const QColor strong(0x1f, 0x5f, 0xa8);
    const double s = std::isfinite(weight) ? std::clamp(weight, 0.0, 1.0) : 0.0;
    return QColor::fromRgbF(float(1.0 + (strong.redF() - 1.0) * s), float(1.0 + (strong.greenF() - 1.0) * s),
                            float(1.0 + (strong.blueF() - 1.0) * s));
}

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(Qt::darkGray);
    painter.setBrush(color);
    painter.drawRect(0, 0, 11, 11);
    return QIcon(pixmap);
}

QString percent(double share)
{
    return std::isfinite(share) ? QStringLiteral("%1 %").arg(100.0 * share, 0, 'f', 1) : QStringLiteral("–");
}

} // namespace

ConfusionHeatmap::ConfusionHeatmap(QWidget *parent)
    : QWidget(parent)
    , m_rowShares(new QCheckBox(tr("Row shares"), this))
    , m_table(new QTableWidget(this))
    , m_cellDetails(new QLabel(this))
{
    m_rowShares->setObjectName(QStringLiteral("rowSharesToggle"));
    m_rowShares->setToolTip(tr("Show each cell as its share of the row: how the true class's samples were "
                               "predicted (the diagonal is the producer's accuracy)"));
    m_table->setObjectName(QStringLiteral("resultsConfusionTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(
        tr("Rows: the true class; columns: the predicted class. Click a cell for its details."));
    m_cellDetails->setObjectName(QStringLiteral("cellDetails"));
    m_cellDetails->setWordWrap(true);
    m_cellDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *legend = new QLabel(tr("Rows: true class · columns: predicted class"), this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(legend);
    layout->addWidget(m_rowShares);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_cellDetails);

    connect(m_rowShares, &QCheckBox::toggled, this, &ConfusionHeatmap::fillCells);
    connect(m_table, &QTableWidget::cellClicked, this, &ConfusionHeatmap::chooseCell);
    clear();
}

void ConfusionHeatmap::clear()
{
    m_matrix = ConfusionMatrix();
    m_names.clear();
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_cellDetails->setText(tr("Click a cell for its count and shares."));
}

void ConfusionHeatmap::setMatrix(const ConfusionMatrix &matrix, const QStringList &names,
                                 const QVector<QColor> &colors, const QString &unit)
{
    clear();
    m_matrix = matrix;
    m_names = names;
    m_unit = unit;
    const int n = matrix.classes();
    m_table->setRowCount(n);
    m_table->setColumnCount(n);
    for (int c = 0; c < n; ++c) {
        for (const bool row : { true, false }) {
            auto *header = new QTableWidgetItem(className(c));
            if (c < colors.size() && colors.at(c).isValid())
                header->setIcon(swatch(colors.at(c)));
            if (row)
                m_table->setVerticalHeaderItem(c, header);
            else
                m_table->setHorizontalHeaderItem(c, header);
        }
    }
    fillCells();
}

QString ConfusionHeatmap::className(int index) const
{
    return index < m_names.size() && !m_names.at(index).isEmpty() ? m_names.at(index)
                                                                  : tr("class %1").arg(index);
}

void ConfusionHeatmap::setRowShares(bool shares)
{
    m_rowShares->setChecked(shares);
}

bool ConfusionHeatmap::rowShares() const
{
    return m_rowShares->isChecked();
}

void ConfusionHeatmap::fillCells()
{
    const int n = m_matrix.classes();
    const bool shares = rowShares();
    qint64 largest = 0;
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p)
            largest = std::max(largest, m_matrix.at(t, p));
    for (int t = 0; t < n; ++t) {
        const qint64 rowTotal = m_matrix.truthCount(t);
        for (int p = 0; p < n; ++p) {
            const qint64 count = m_matrix.at(t, p);
            const double share
                = rowTotal > 0 ? double(count) / double(rowTotal) : std::numeric_limits<double>::quiet_NaN();
            const double value = shares ? share : double(count);
            // Counts are shaded against the largest cell, shares against the whole row: the toggle
            // switches between "where are most pixels" and "where does each class go".
            const double weight = shares ? share : (largest > 0 ? double(count) / double(largest) : 0.0);
            QTableWidgetItem *item = m_table->item(t, p);
            if (!item) {
                item = new QTableWidgetItem;
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_table->setItem(t, p, item);
            }
            item->setText(shares ? percent(share) : QString::number(count));
            item->setData(kCountRole, count);
            item->setData(kValueRole, value);
            item->setBackground(shade(weight));
            item->setForeground(weight > 0.55 ? Qt::white : Qt::black);
        }
    }
}

void ConfusionHeatmap::chooseCell(int truth, int predicted)
{
    const int n = m_matrix.classes();
    if (truth < 0 || predicted < 0 || truth >= n || predicted >= n)
        return;
    m_table->setCurrentCell(truth, predicted);
    const qint64 count = m_matrix.at(truth, predicted);
    const qint64 rowTotal = m_matrix.truthCount(truth);
    const qint64 columnTotal = m_matrix.predictedCount(predicted);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double ofTruth = rowTotal > 0 ? double(count) / double(rowTotal) : nan;
    const double ofPredicted = columnTotal > 0 ? double(count) / double(columnTotal) : nan;
    const QString what = truth == predicted
        ? tr("%1 predicted correctly").arg(className(truth))
        : tr("%1 predicted as %2").arg(className(truth), className(predicted));
    m_cellDetails->setText(
        tr("%1: %2 %3 — %4 of the true %5, %6 of those predicted %7")
            .arg(what)
            .arg(count)
            .arg(m_unit, percent(ofTruth), className(truth), percent(ofPredicted), className(predicted)));
    Q_EMIT cellChosen(truth, predicted);
}

} // namespace deepterra
