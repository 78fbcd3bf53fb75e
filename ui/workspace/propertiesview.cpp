#include "workspace/propertiesview.h"

#include "workspace/reportrows.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace deepterra {

namespace {

void addRows(QTreeWidgetItem *parent, const std::vector<ReportRow> &rows)
{
    for (const ReportRow &row : rows) {
        auto *item = new QTreeWidgetItem(parent);
        item->setText(0, row.label);
        item->setText(1, row.value);
        item->setToolTip(1, row.toolTip.isEmpty() ? row.value : row.toolTip);
        addRows(item, row.children);
        item->setExpanded(row.open);
    }
}

} // namespace

PropertiesView::PropertiesView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_note(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    m_title->setObjectName(QStringLiteral("propertiesTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_status->setObjectName(QStringLiteral("propertiesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setObjectName(QStringLiteral("propertiesNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(
        QStringLiteral("color: #8a5a00; background: #fff4d6; padding: 4px; border-radius: 3px;"));
    m_note->hide();
    m_tree->setObjectName(QStringLiteral("propertiesTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Property"), tr("Value") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    connect(m_tree, &QTreeWidget::itemExpanded, this, &PropertiesView::fitLabelColumn);
    connect(m_tree->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == 0 && !m_fitting)
            m_userSized = true;
    });
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_note);
    layout->addWidget(m_tree, 1);
}

void PropertiesView::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void PropertiesView::showLoading(const QString &title)
{
    m_title->setText(title);
    m_note->hide();
    m_status->setStyleSheet(QString());
    m_status->setText(title.isEmpty() ? QString() : tr("Reading…"));
    m_status->setVisible(true);
    m_tree->clear();
}

void PropertiesView::showReport(const QString &title, const QJsonObject &report)
{
    m_title->setText(title);
    m_status->setVisible(false);
    m_note->hide();
    m_tree->clear();
    addRows(m_tree->invisibleRootItem(), ReportRows::from(report));
    m_userSized = false;
    fitLabelColumn();
}

void PropertiesView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLabelColumn();
}

void PropertiesView::fitLabelColumn()
{
    if (m_userSized)
        return;
    m_fitting = true;
    m_tree->resizeColumnToContents(0);
    const int widest = std::max(1, m_tree->viewport()->width() * 55 / 100);
    if (m_tree->columnWidth(0) > widest)
        m_tree->setColumnWidth(0, widest);
    m_fitting = false;
}

void PropertiesView::showError(const QString &title, const QString &message)
{
    m_title->setText(title);
    m_note->hide();
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_status->setVisible(true);
    m_tree->clear();
}

} // namespace deepterra
