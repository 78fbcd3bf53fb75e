#include "workspace/propertiesview.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace deepterra {

namespace {
QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QObject::tr("yes") : QObject::tr("no");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 12);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
        return QObject::tr("none");
    default:
        return {};
    }
}

bool isShortScalarArray(const QJsonArray &array)
{
    if (array.size() > 8)
        return false;
    for (const QJsonValue &v : array)
        if (v.isArray() || v.isObject())
            return false;
    return true;
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
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
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
    for (auto it = report.begin(); it != report.end(); ++it)
        addValue(m_tree->invisibleRootItem(), it.key(), it.value());
    // Rasters and tables are what users came for: show them open.
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        m_tree->topLevelItem(i)->setExpanded(true);
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

void PropertiesView::addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value)
{
    auto *item = new QTreeWidgetItem(parent);
    item->setText(0, key);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            addValue(item, it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (isShortScalarArray(array)) {
            QStringList parts;
            for (const QJsonValue &v : array)
                parts << scalarText(v);
            item->setText(1, parts.join(QStringLiteral(", ")));
        } else {
            for (int i = 0; i < array.size(); ++i) {
                const QJsonValue element = array.at(i);
                const QString name = element.isObject() && element.toObject().contains(QStringLiteral("name"))
                    ? element.toObject().value(QStringLiteral("name")).toString()
                    : element.isObject() && element.toObject().contains(QStringLiteral("index"))
                    ? tr("band %1").arg(element.toObject().value(QStringLiteral("index")).toInt())
                    : QString::number(i + 1);
                addValue(item, name, element);
            }
        }
    } else {
        item->setText(1, scalarText(value));
        item->setToolTip(1, scalarText(value));
    }
}

} // namespace deepterra
