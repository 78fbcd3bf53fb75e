#include "training/confusionmatrixview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace deepterra {

namespace {

// White to a strong blue: the share of the true class's samples that landed in the cell.
QColor shade(double share)
{
    const QColor strong(0x1f, 0x5f, 0xa8);
    const double s = std::clamp(share, 0.0, 1.0);
    return QColor::fromRgbF(float(1.0 + (strong.redF() - 1.0) * s), float(1.0 + (strong.greenF() - 1.0) * s),
                            float(1.0 + (strong.blueF() - 1.0) * s));
}

QString scoreText(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(value.toDouble(), 'f', 2) : QStringLiteral("–");
}

} // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget *parent)
    : QWidget(parent)
    , m_epochChoice(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("confusionMatrixView"));
    m_epochChoice->setObjectName(QStringLiteral("confusionEpochCombo"));
    m_epochChoice->setToolTip(tr("The validation epoch whose confusion matrix is shown"));
    m_summary->setObjectName(QStringLiteral("confusionSummary"));
    m_summary->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("confusionTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Rows: the true class; columns: the predicted class. Shading: the share of the "
                           "row's samples in the cell (the diagonal is right)."));

    auto *top = new QHBoxLayout;
    top->addWidget(m_epochChoice);
    top->addWidget(m_summary, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_epochChoice, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ConfusionMatrixView::showEpoch);
    clear();
}

void ConfusionMatrixView::setClassNames(const QStringList &names)
{
    m_classNames = names;
}

void ConfusionMatrixView::clear()
{
    m_epochs.clear();
    const QSignalBlocker blocker(m_epochChoice);
    m_epochChoice->clear();
    m_epochChoice->setEnabled(false);
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_summary->setText(tr("The confusion matrix appears after the first validation."));
}

bool ConfusionMatrixView::addEpoch(int epoch, const QJsonObject &details, bool best)
{
    const QJsonObject classification = details.value(QStringLiteral("classification")).toObject();
    if (!classification.value(QStringLiteral("confusionMatrix")).isArray())
        return false;
    // A resumed run trains an epoch again: the new matrix replaces the old one.
    while (!m_epochs.empty() && m_epochs.back().epoch >= epoch) {
        m_epochs.pop_back();
        m_epochChoice->removeItem(m_epochChoice->count() - 1);
    }
    m_epochs.push_back({ epoch, classification });
    m_epochChoice->addItem(best ? tr("Epoch %1 (best)").arg(epoch) : tr("Epoch %1").arg(epoch));
    m_epochChoice->setEnabled(true);
    if (m_epochChoice->currentIndex() == m_epochChoice->count() - 1)
        showEpoch(m_epochChoice->currentIndex());
    else
        m_epochChoice->setCurrentIndex(m_epochChoice->count() - 1);
    return true;
}

int ConfusionMatrixView::shownEpoch() const
{
    const int index = m_epochChoice->currentIndex();
    return index >= 0 && index < epochCount() ? m_epochs[std::size_t(index)].epoch : 0;
}

QString ConfusionMatrixView::className(int index, const QJsonObject &classification) const
{
    const QJsonArray classes = classification.value(QStringLiteral("classes")).toArray();
    for (const QJsonValue &entry : classes) {
        const QJsonObject object = entry.toObject();
        if (object.value(QStringLiteral("index")).toInt(-1) == index
            && object.contains(QStringLiteral("name")))
            return object.value(QStringLiteral("name")).toString();
    }
    return index < m_classNames.size() ? m_classNames.at(index) : tr("class %1").arg(index);
}

void ConfusionMatrixView::showEpoch(int index)
{
    if (index < 0 || index >= epochCount())
        return;
    const Epoch &shown = m_epochs[std::size_t(index)];
    const QJsonObject &classification = shown.classification;
    const QJsonArray rows = classification.value(QStringLiteral("confusionMatrix")).toArray();
    const QJsonArray classes = classification.value(QStringLiteral("classes")).toArray();
    const int n = int(rows.size());
    const bool scores = !classes.isEmpty();

    m_table->clear();
    m_table->setRowCount(n);
    m_table->setColumnCount(n + (scores ? 2 : 0));
    QStringList names;
    for (int c = 0; c < n; ++c)
        names << className(c, classification);
    QStringList columns = names;
    if (scores)
        columns << tr("Recall") << tr("IoU");
    m_table->setHorizontalHeaderLabels(columns);
    m_table->setVerticalHeaderLabels(names);

    for (int t = 0; t < n; ++t) {
        const QJsonArray row = rows.at(t).toArray();
        double rowSum = 0.0;
        for (const QJsonValue &count : row)
            rowSum += count.toDouble();
        for (int p = 0; p < n; ++p) {
            const double count = row.at(p).toDouble();
            const double share = rowSum > 0.0 ? count / rowSum : 0.0;
            auto *item = new QTableWidgetItem(QString::number(qint64(count)));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setBackground(shade(share));
            item->setForeground(share > 0.55 ? Qt::white : Qt::black);
            item->setToolTip(tr("%1 predicted as %2: %3 (%4 % of %1)")
                                 .arg(names.at(t), names.at(p))
                                 .arg(qint64(count))
                                 .arg(100.0 * share, 0, 'f', 1));
            m_table->setItem(t, p, item);
        }
        if (scores) {
            const QJsonObject entry = t < classes.size() ? classes.at(t).toObject() : QJsonObject();
            m_table->setItem(t, n, new QTableWidgetItem(scoreText(entry.value(QStringLiteral("recall")))));
            m_table->setItem(t, n + 1, new QTableWidgetItem(scoreText(entry.value(QStringLiteral("iou")))));
        }
    }
    m_summary->setText(tr("Epoch %1 · accuracy %2 · mean IoU %3 · kappa %4 (rows: true class, columns: "
                          "predicted)")
                           .arg(shown.epoch)
                           .arg(scoreText(classification.value(QStringLiteral("overallAccuracy"))),
                                scoreText(classification.value(QStringLiteral("meanIoU"))),
                                scoreText(classification.value(QStringLiteral("kappa")))));
}

} // namespace deepterra
