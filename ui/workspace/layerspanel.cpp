#include "workspace/layerspanel.h"

#include "workspace/layericons.h"

#include <QApplication>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace deepterra {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QToolButton *toolButton(QWidget *parent, const QIcon &icon, const QString &tip, const QString &name)
{
    auto *button = new QToolButton(parent);
    button->setIcon(icon);
    button->setToolTip(tip);
    button->setObjectName(name);
    button->setAutoRaise(true);
    button->setIconSize(QSize(18, 18));
    return button;
}
} // namespace

LayersPanel::LayersPanel(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_opacityValue(new QLabel(this))
{
    auto *add = toolButton(this, LayerIcons::forAction(LayerIcons::Action::Add),
                           tr("Add data… (files can also be "
                              "dropped on the window)"),
                           QStringLiteral("addLayerButton"));
    m_remove = toolButton(this, LayerIcons::forAction(LayerIcons::Action::Remove), tr("Remove the layer"),
                          QStringLiteral("removeLayerButton"));
    m_up = toolButton(this, LayerIcons::forAction(LayerIcons::Action::Up),
                      tr("Move the layer up (drawn above)"), QStringLiteral("moveUpButton"));
    m_down = toolButton(this, LayerIcons::forAction(LayerIcons::Action::Down), tr("Move the layer down"),
                        QStringLiteral("moveDownButton"));
    m_zoom = toolButton(this, LayerIcons::forAction(LayerIcons::Action::ZoomLayer), tr("Zoom to the layer"),
                        QStringLiteral("zoomLayerButton"));
    m_style = toolButton(this, LayerIcons::forAction(LayerIcons::Action::Style), tr("Style the layer…"),
                         QStringLiteral("styleLayerButton"));
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(2, 2, 2, 0);
    buttons->setSpacing(1);
    for (QToolButton *button : { add, m_remove, m_up, m_down, m_zoom, m_style })
        buttons->addWidget(button);
    buttons->addStretch(1);

    m_tree->setObjectName(QStringLiteral("layersTree"));
    m_tree->setColumnCount(1);
    m_tree->setHeaderHidden(true);
    m_tree->setIconSize(QSize(Legend::kIconWidth, Legend::kIconHeight + 4));
    m_tree->setIndentation(14);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setUniformRowHeights(false);

    m_opacity->setObjectName(QStringLiteral("opacitySlider"));
    m_opacity->setRange(0, 100);
    m_opacity->setToolTip(tr("Opacity of the selected layer"));
    m_opacityValue->setMinimumWidth(36);
    auto *opacityRow = new QHBoxLayout;
    opacityRow->setContentsMargins(6, 0, 6, 4);
    opacityRow->addWidget(new QLabel(tr("Opacity"), this));
    opacityRow->addWidget(m_opacity, 1);
    opacityRow->addWidget(m_opacityValue);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(buttons);
    layout->addWidget(m_tree, 1);
    layout->addLayout(opacityRow);

    connect(add, &QToolButton::clicked, this, &LayersPanel::addDataRequested);
    connect(m_remove, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(currentLayerId()); });
    connect(m_up, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(currentLayerId(), -1); });
    connect(m_down, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(currentLayerId(), 1); });
    connect(m_zoom, &QToolButton::clicked, this, [this] { Q_EMIT zoomRequested(currentLayerId()); });
    connect(m_style, &QToolButton::clicked, this, [this] { Q_EMIT styleRequested(currentLayerId()); });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (m_populating)
            return;
        updateControls();
        Q_EMIT currentLayerChanged(current ? current->data(0, kIdRole).toString() : QString());
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, &LayersPanel::onItemChanged);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { Q_EMIT styleRequested(item->data(0, kIdRole).toString()); });
    connect(m_tree, &QTreeWidget::itemExpanded, this,
            [this](QTreeWidgetItem *item) { m_expanded.insert(item->data(0, kIdRole).toString(), true); });
    connect(m_tree, &QTreeWidget::itemCollapsed, this,
            [this](QTreeWidgetItem *item) { m_expanded.insert(item->data(0, kIdRole).toString(), false); });
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, &LayersPanel::showContextMenu);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        m_opacityValue->setText(QStringLiteral("%1 %").arg(value));
        if (!m_populating && !currentLayerId().isEmpty())
            Q_EMIT opacityChanged(currentLayerId(), value / 100.0);
    });
    updateControls();
}

void LayersPanel::setProject(const Project *project)
{
    const QString current = currentLayerId();
    m_project = project;
    m_populating = true;
    m_tree->clear();
    if (project) {
        QSet<QString> ids;
        for (const ProjectLayer &layer : project->layers) {
            ids.insert(layer.id);
            auto *item = new QTreeWidgetItem(m_tree);
            item->setText(0, layer.name);
            item->setData(0, kKindRole, LayerIcons::kindLabel(layer.kind));
            item->setIcon(0, LayerIcons::forKind(layer.kind));
            item->setData(0, kIdRole, layer.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, layer.visible ? Qt::Checked : Qt::Unchecked);
            applyState(item);
            fillLegend(item);
        }
        for (const QString &id : m_legends.keys())
            if (!ids.contains(id))
                m_legends.remove(id);
    } else {
        m_legends.clear();
        m_states.clear();
    }
    m_populating = false;
    if (!current.isEmpty() && itemOf(current))
        selectLayer(current);
    else if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
    else
        Q_EMIT currentLayerChanged(QString());
    updateControls();
}

QString LayersPanel::currentLayerId() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, kIdRole).toString() : QString();
}

void LayersPanel::selectLayer(const QString &id)
{
    if (QTreeWidgetItem *item = itemOf(id))
        m_tree->setCurrentItem(item);
}

void LayersPanel::setLayerState(const QString &id, State state, const QString &message)
{
    m_states.insert(id, { state, message });
    if (QTreeWidgetItem *item = itemOf(id)) {
        m_populating = true;
        applyState(item);
        m_populating = false;
    }
}

void LayersPanel::setLegend(const QString &id, const std::vector<LegendEntry> &entries)
{
    m_legends.insert(id, entries);
    if (QTreeWidgetItem *item = itemOf(id)) {
        m_populating = true;
        fillLegend(item);
        m_populating = false;
    }
}

void LayersPanel::setLayerVisible(const QString &id, bool visible)
{
    QTreeWidgetItem *item = itemOf(id);
    if (!item || (item->checkState(0) == Qt::Checked) == visible)
        return;
    m_populating = true;
    item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
    m_populating = false;
}

QTreeWidgetItem *LayersPanel::itemOf(const QString &id) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIdRole).toString() == id)
            return m_tree->topLevelItem(i);
    return nullptr;
}

void LayersPanel::applyState(QTreeWidgetItem *item)
{
    const QString id = item->data(0, kIdRole).toString();
    const ProjectLayer *layer = m_project ? m_project->layer(id) : nullptr;
    const auto [state, message] = m_states.value(id, { State::Loading, QString() });
    QIcon icon = layer ? LayerIcons::forKind(layer->kind) : QIcon();
    QString tip = layer
        ? QStringLiteral("%1\n%2").arg(LayerIcons::kindLabel(layer->kind),
                                       QDir::toNativeSeparators(m_project->absolutePath(*layer)))
        : QString();
    item->setForeground(0,
                        state == State::Loading ? m_tree->palette().brush(QPalette::Disabled, QPalette::Text)
                                                : m_tree->palette().brush(QPalette::Text));
    switch (state) {
    case State::Loading:
        tip += tr("\nloading…");
        break;
    case State::Ready:
        break;
    case State::Problem:
    case State::Failed:
        icon = QApplication::style()->standardIcon(state == State::Failed ? QStyle::SP_MessageBoxCritical
                                                                          : QStyle::SP_MessageBoxWarning);
        tip += QStringLiteral("\n") + message;
        break;
    }
    item->setIcon(0, icon);
    item->setToolTip(0, tip);
}

void LayersPanel::fillLegend(QTreeWidgetItem *item)
{
    const QString id = item->data(0, kIdRole).toString();
    qDeleteAll(item->takeChildren());
    for (const LegendEntry &entry : m_legends.value(id)) {
        auto *child = new QTreeWidgetItem(item);
        child->setText(0, entry.label);
        child->setIcon(0, entry.icon);
        child->setData(0, kIdRole, id);
        child->setFlags(Qt::ItemIsEnabled);
    }
    item->setExpanded(m_expanded.value(id, true));
}

void LayersPanel::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_populating || column != 0 || item->parent())
        return;
    Q_EMIT visibilityChanged(item->data(0, kIdRole).toString(), item->checkState(0) == Qt::Checked);
}

void LayersPanel::updateControls()
{
    const QString id = currentLayerId();
    const ProjectLayer *layer = m_project && !id.isEmpty() ? m_project->layer(id) : nullptr;
    for (QToolButton *button : { m_remove, m_up, m_down, m_zoom, m_style })
        button->setEnabled(layer != nullptr);
    const bool mapLayer = layer && layer->kind != LayerKind::Series;
    m_zoom->setEnabled(mapLayer);
    m_style->setEnabled(mapLayer);
    m_opacity->setEnabled(mapLayer);
    m_populating = true;
    m_opacity->setValue(layer ? qRound(layer->opacity * 100) : 100);
    m_opacityValue->setText(QStringLiteral("%1 %").arg(m_opacity->value()));
    m_populating = false;
}

void LayersPanel::showContextMenu(const QPoint &position)
{
    QTreeWidgetItem *item = m_tree->itemAt(position);
    if (!item)
        return;
    const QString id = item->data(0, kIdRole).toString();
    m_tree->setCurrentItem(item->parent() ? item->parent() : item);
    QMenu menu(this);
    menu.addAction(LayerIcons::forAction(LayerIcons::Action::ZoomLayer), tr("&Zoom to Layer"), this,
                   [this, id] { Q_EMIT zoomRequested(id); });
    menu.addAction(LayerIcons::forAction(LayerIcons::Action::Style), tr("&Style…"), this,
                   [this, id] { Q_EMIT styleRequested(id); });
    menu.addSeparator();
    menu.addAction(tr("Move &Up"), this, [this, id] { Q_EMIT moveRequested(id, -1); });
    menu.addAction(tr("Move &Down"), this, [this, id] { Q_EMIT moveRequested(id, 1); });
    menu.addSeparator();
    menu.addAction(LayerIcons::forAction(LayerIcons::Action::Remove), tr("&Remove"), this,
                   [this, id] { Q_EMIT removeRequested(id); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace deepterra
